import Foundation
import PropertyBased
import RepAlignNumerics
import RepAlignTraining
import Testing
import _TestSupport

@Suite struct OneHiddenLayerNetworkTests {
  /// Central finite differences (L(θ + δeᵢ) − L(θ − δeᵢ)) / 2δ with δ = ε^(1/3)·max(1, |θᵢ|) have
  /// truncation error δ²|L'''|/6 and round-off ≈ ε|L|/δ, both O(ε^(2/3)) ≈ 3.7e-11 for O(1)
  /// losses and derivatives. Allow 1000·ε^(2/3) ≈ 3.7e-8 relative to max(1, ‖∇L‖_∞): the third
  /// derivatives of tanh / softmax / the weight products on draws with entries up to ~4 stay
  /// well below that factor.
  static let finiteDifferenceTolerance = 1000 * Foundation.pow(Tolerance.epsilon, 2.0 / 3.0)

  static let draws = zip(
    Gen.int(in: 1...6), Gen.int(in: 1...6), Gen.int(in: 1...4), Gen.int(in: 1...8),
    Gen.element(of: Activation.allCases), Gen.element(of: Loss.allCases), Gen.bool, Gen.int(in: 0...1_000_000))

  @Test func gradientMatchesCentralFiniteDifferences() throws {
    try forEachDraw(Self.draws, count: 40, fixedSeed: 401) { draw in
      let (d, h, k, b, activation, loss, decay, s) = draw.value
      let rng = RandomStream(master: UInt64(s), "fd")
      let net = try OneHiddenLayerNetwork(
        inputDimension: d, width: h, outputs: k, activation: activation!, initScale: 1.5, stream: rng)
      let x = rng.normalMatrix(rows: b, columns: d)
      let y: Matrix
      switch (loss!, k) {
      case (.meanSquaredError, _): y = rng.normalMatrix(rows: b, columns: k)
      case (.softmaxCrossEntropy, 1): y = Matrix(rows: b, columns: 1) { _, _ in rng.bernoulli(0.5) ? 1 : -1 }
      case (.softmaxCrossEntropy, _):
        var oneHot = Matrix(rows: b, columns: k)
        for i in 0..<b { oneHot[i, rng.integer(below: k)] = 1 }
        y = oneHot
      }
      let lambda = decay ? 0.3 : 0
      let (_, gradient) = net.lossAndGradient(inputs: x, targets: y, loss: loss!, weightDecay: lambda)
      let analytic = gradient.inputWeights.elements + gradient.outputWeights.elements
      let scale = max(1, analytic.map(abs).max() ?? 0)
      // ReLU has a kink at 0: a W₁ row whose pre-activations come within 1e-4 of 0 on some sample
      // can cross it under the perturbation (|δ·x| ≲ 6e-6·4), so that row is not differentiable
      // there and is skipped (probability ~1e-4 per entry).
      let z = Matrix.product(x, net.inputWeights, transposeB: true)
      func nearKink(_ row: Int) -> Bool {
        activation == .relu && (0..<b).contains { abs(z[$0, row]) < 1e-4 }
      }
      for p in 0..<net.parameterCount {
        let inFirst = p < d * h
        if inFirst && nearKink(p / d) { continue }
        func perturbed(_ delta: Double) -> Double {
          var q = net
          if inFirst {
            q.inputWeights[p / d, p % d] += delta
          } else {
            let r = p - d * h
            q.outputWeights[r / k, r % k] += delta
          }
          return q.lossAndGradient(inputs: x, targets: y, loss: loss!, weightDecay: lambda).loss
        }
        let theta = inFirst ? net.inputWeights.elements[p] : net.outputWeights.elements[p - d * h]
        let delta = Foundation.pow(Tolerance.epsilon, 1.0 / 3.0) * max(1, abs(theta))
        let numeric = (perturbed(delta) - perturbed(-delta)) / (2 * delta)
        if abs(numeric - analytic[p]) > Self.finiteDifferenceTolerance * scale {
          Issue.record(
            "∂L/∂θ[\(p)] d=\(d) h=\(h) k=\(k) b=\(b) \(activation!) \(loss!) λ=\(lambda): analytic \(format17(analytic[p])) FD \(format17(numeric)) tol \(format17(Self.finiteDifferenceTolerance * scale)); \(draw.replay)"
          )
          return
        }
      }
    }
  }

  /// The init law W₁ ~ N(0, s²/d), W₂ ~ N(0, s²/h): sample variances over ~10⁴ entries within
  /// z = 5 standard errors (s.e. of a Gaussian sample variance ≈ σ²√(2/N)); false-failure rate
  /// ≈ 6e-7 per check.
  @Test func initialisationHasTheDocumentedVariances() throws {
    let (d, h, s) = (100, 120, 0.7)
    let net = try OneHiddenLayerNetwork(
      inputDimension: d, width: h, outputs: 90, activation: .tanh, initScale: s,
      stream: RandomStream(master: 5, "init"))
    for (w, expected) in [(net.inputWeights, s * s / Double(d)), (net.outputWeights, s * s / Double(h))] {
      let variance = w.elements.reduce(0) { $0 + $1 * $1 } / Double(w.count)
      let se = expected * (2 / Double(w.count)).squareRoot()
      #expect(abs(variance - expected) <= 5 * se, "variance \(variance) vs \(expected) ± \(se)")
    }
  }

  @Test func invalidShapesAreErrorsNamingTheParameter() {
    let rng = RandomStream(master: 6, "bad")
    let cases: [(Int, Int, Int, Double, String)] = [
      (0, 3, 1, 1.0, "width"), (3, 0, 1, 1.0, "d"), (3, 3, 0, 1.0, "outputs"),
      (3, 3, 1, -1.0, "initScale"), (3, 3, 1, .nan, "initScale"),
    ]
    for (h, d, k, s, name) in cases {
      #expect {
        _ = try OneHiddenLayerNetwork(
          inputDimension: d, width: h, outputs: k, activation: .relu, initScale: s, stream: rng)
      } throws: { ($0 as? ParameterError)?.parameter == name }
    }
  }
}
