import Foundation
import PropertyBased
import RepAlignData
import RepAlignNumerics
import RepAlignTraining
import Testing
import _TestSupport

@Suite struct MultiLayerNetworkTests {
  /// As `OneHiddenLayerNetworkTests.finiteDifferenceTolerance`: central differences with
  /// δ = ε^(1/3)·max(1, |θ|) are accurate to O(ε^(2/3)); 1000·ε^(2/3) ≈ 3.7e-8 relative to
  /// max(1, ‖∇L‖_∞). A product of up to three layers has larger third derivatives than one, so the
  /// draws keep widths ≤ 5 and init scale 1.2 (entries of Aₗ stay O(1)).
  static let finiteDifferenceTolerance = 1000 * Foundation.pow(Tolerance.epsilon, 2.0 / 3.0)

  static let draws = zip(
    Gen.int(in: 1...5), Gen.int(in: 2...3), Gen.int(in: 1...5), Gen.int(in: 1...3), Gen.int(in: 1...6),
    Gen.element(of: Activation.allCases), Gen.element(of: Loss.allCases), Gen.int(in: 0...1_000_000))

  /// Targets for `loss`: Gaussian for MSE, ±1 for the one-output logistic loss, one-hot otherwise.
  static func targets(_ loss: Loss, rows b: Int, outputs k: Int, _ rng: RandomStream) -> Matrix {
    switch (loss, k) {
    case (.meanSquaredError, _): return rng.normalMatrix(rows: b, columns: k)
    case (.softmaxCrossEntropy, 1): return Matrix(rows: b, columns: 1) { _, _ in rng.bernoulli(0.5) ? 1 : -1 }
    case (.softmaxCrossEntropy, _):
      var oneHot = Matrix(rows: b, columns: k)
      for i in 0..<b { oneHot[i, rng.integer(below: k)] = 1 }
      return oneHot
    }
  }

  /// Backpropagation through L = 2 and 3 hidden layers agrees with central finite differences
  /// of the loss (with weight decay on odd seeds), for every activation and loss. ReLU: a
  /// parameter whose perturbation could move a pre-activation of any layer across 0 (some |Zₗ|
  /// within 1e-4) is skipped, as in the one-layer test.
  @Test func gradientMatchesCentralFiniteDifferences() throws {
    try forEachDraw(Self.draws, count: 30, fixedSeed: 1701) { draw in
      let (d, depth, h, k, b, activation, loss, s) = draw.value
      let rng = RandomStream(master: UInt64(s), "fd")
      let widths = (0..<depth).map { h + $0 % 2 }
      let net = try MultiLayerNetwork(
        inputDimension: d, widths: widths, outputs: k, activation: activation!, initScale: 1.2, stream: rng)
      let x = rng.normalMatrix(rows: b, columns: d)
      let y = Self.targets(loss!, rows: b, outputs: k, rng)
      let lambda = s % 2 == 1 ? 0.3 : 0
      let (_, gradient) = net.lossAndGradient(inputs: x, targets: y, loss: loss!, weightDecay: lambda)
      let analytic = gradient.hiddenWeights.flatMap(\.elements) + gradient.outputWeights.elements
      #expect(analytic.count == net.parameterCount)
      let scale = max(1, analytic.map(abs).max() ?? 0)
      if activation == .relu {
        // Pre-activations of every layer: skip the whole draw when any is within 1e-4 of the kink.
        var a = x
        for w in net.hiddenWeights {
          let z = Matrix.product(a, w, transposeB: true)
          if z.elements.contains(where: { abs($0) < 1e-4 }) { return }
          a = z.map { max($0, 0) }
        }
      }
      for p in 0..<net.parameterCount {
        func perturbed(_ delta: Double) -> Double {
          var q = net
          var offset = p
          var layer = 0
          while layer < q.depth && offset >= q.hiddenWeights[layer].count {
            offset -= q.hiddenWeights[layer].count
            layer += 1
          }
          if layer < q.depth {
            let c = q.hiddenWeights[layer].columns
            q.hiddenWeights[layer][offset / c, offset % c] += delta
          } else {
            q.outputWeights[offset / k, offset % k] += delta
          }
          return q.lossAndGradient(inputs: x, targets: y, loss: loss!, weightDecay: lambda).loss
        }
        let theta = (net.hiddenWeights.flatMap(\.elements) + net.outputWeights.elements)[p]
        let delta = Foundation.pow(Tolerance.epsilon, 1.0 / 3.0) * max(1, abs(theta))
        let numeric = (perturbed(delta) - perturbed(-delta)) / (2 * delta)
        if abs(numeric - analytic[p]) > Self.finiteDifferenceTolerance * scale {
          Issue.record(
            "∂L/∂θ[\(p)] d=\(d) widths=\(widths) k=\(k) b=\(b) \(activation!) \(loss!) λ=\(lambda): analytic \(format17(analytic[p])) FD \(format17(numeric)) tol \(format17(Self.finiteDifferenceTolerance * scale)); \(draw.replay)"
          )
          return
        }
      }
    }
  }

  /// With L = 1 the network is `OneHiddenLayerNetwork`: the same initial weights from the same
  /// stream (bit for bit), and for ReLU and tanh the same products in the same order, so the
  /// same loss and gradient bit for bit. The identity network's one-layer path uses the factored
  /// form (another summation order), so there the gradient agrees to round-off: 1e-12 relative to
  /// max(1, ‖∇‖_∞) (products of length ≤ 12 of O(1) entries: ~10 ε).
  @Test(arguments: Activation.allCases) func oneHiddenLayerIsTheOneLayerNetwork(activation: Activation) throws {
    let (d, h, k, b) = (7, 5, 3, 12)
    let deep = try MultiLayerNetwork(
      inputDimension: d, widths: [h], outputs: k, activation: activation, initScale: 1,
      stream: RandomStream(master: 3, "init"))
    let shallow = try OneHiddenLayerNetwork(
      inputDimension: d, width: h, outputs: k, activation: activation, initScale: 1,
      stream: RandomStream(master: 3, "init"))
    #expect(deep.hiddenWeights[0] == shallow.inputWeights && deep.outputWeights == shallow.outputWeights)
    #expect(deep.parameterCount == shallow.parameterCount)
    let rng = RandomStream(master: 4, "data")
    let x = rng.normalMatrix(rows: b, columns: d)
    let y = rng.normalMatrix(rows: b, columns: k)
    let (deepLoss, deepGradient) = deep.lossAndGradient(
      inputs: x, targets: y, loss: .meanSquaredError, weightDecay: 0.1)
    let (shallowLoss, shallowGradient) = shallow.lossAndGradient(
      inputs: x, targets: y, loss: .meanSquaredError, weightDecay: 0.1)
    #expect(deep.hiddenRepresentations(x)[0] == shallow.hidden(x))
    if activation == .identity {
      let roundOff = 1e-12
      let a = deepGradient.hiddenWeights[0].elements + deepGradient.outputWeights.elements
      let c = shallowGradient.inputWeights.elements + shallowGradient.outputWeights.elements
      let scale = max(1, c.map(abs).max()!)
      #expect(zip(a, c).allSatisfy { abs($0 - $1) <= roundOff * scale })
      #expect(abs(deepLoss - shallowLoss) <= roundOff * max(1, shallowLoss))
    } else {
      #expect(deepLoss.bitPattern == shallowLoss.bitPattern)
      #expect(deepGradient.hiddenWeights[0] == shallowGradient.inputWeights)
      #expect(deepGradient.outputWeights == shallowGradient.outputWeights)
    }
  }

  /// An independent oracle for the trainer: at L = 1 `MultiLayerTrainer` must train exactly as
  /// `MemberTrainer` (ReLU: the same products, updates, minibatch draws and stopping), for every
  /// optimizer, bit for bit.
  @Test(arguments: [
    Optimizer.gradientDescent, .sgd(batchSize: 8), .adam(batchSize: nil), .adam(batchSize: 6), .lbfgs, .bfgs,
  ])
  func trainerAtOneLayerReproducesTheOneLayerTrainer(optimizer: Optimizer) throws {
    let (x, y) = try MemberTrainerTests.problem(d: 6, n: 24, seed: 91)
    let spec = TrainingSpec(
      optimizer: optimizer, learningRate: optimizer == .lbfgs || optimizer == .bfgs ? 0.5 : 0.02, steps: 150,
      weightDecay: 1e-3, lossThreshold: 1e-9, interpolationTolerance: 1e-6)
    let shallow = try MemberTrainer.train(
      OneHiddenLayerNetwork(
        inputDimension: 6, width: 10, outputs: 1, activation: .relu, initScale: 1,
        stream: RandomStream(master: 5, "init")),
      inputs: x, targets: y, spec: spec, batchStream: RandomStream(master: 6, "batches"))
    let deep = try MultiLayerTrainer.train(
      MultiLayerNetwork(
        inputDimension: 6, widths: [10], outputs: 1, activation: .relu, initScale: 1,
        stream: RandomStream(master: 5, "init")),
      inputs: x, targets: y, spec: spec, batchStream: RandomStream(master: 6, "batches"))
    #expect(deep.deepNetwork!.hiddenWeights[0] == shallow.network.inputWeights, "\(optimizer)")
    #expect(deep.deepNetwork!.outputWeights == shallow.network.outputWeights, "\(optimizer)")
    #expect(deep.trainLoss.bitPattern == shallow.trainLoss.bitPattern, "\(optimizer)")
    #expect(deep.steps == shallow.steps && deep.stopReason == shallow.stopReason, "\(optimizer)")
    #expect(deep.gradientEvaluations == shallow.gradientEvaluations, "\(optimizer)")
  }

  /// Two hidden layers of width 12 on d = 8 (P = 8·12 + 12·12 + 12 = 252) fit n = 40 noisy
  /// targets (n ≪ P) to the loss threshold with L-BFGS, and Adam lowers the train loss by more
  /// than 10× from its initial value in 2000 steps; both report P. A broken backward pass (any
  /// wrong layer gradient) stalls L-BFGS's line search far above 1e-8.
  @Test func deepNetworksTrainWithEveryOptimizerFamily() throws {
    let (x, y) = try MemberTrainerTests.problem(d: 8, n: 40, seed: 17)
    let net = try MultiLayerNetwork(
      inputDimension: 8, widths: [12, 12], outputs: 1, activation: .tanh, initScale: 1,
      stream: RandomStream(master: 8, "init"))
    #expect(net.parameterCount == 252)
    let initial = net.lossAndGradient(inputs: x, targets: y, loss: .meanSquaredError).loss
    let lbfgs = try MultiLayerTrainer.train(
      net, inputs: x, targets: y,
      spec: TrainingSpec(optimizer: .lbfgs, learningRate: 0.1, steps: 5000, lossThreshold: 1e-8),
      batchStream: RandomStream(master: 9, "batches"))
    #expect(lbfgs.stopReason == .lossThreshold && lbfgs.trainLoss <= 1e-8 && lbfgs.interpolated, "\(lbfgs.trainLoss)")
    #expect(lbfgs.parameterCount == 252)
    let adam = try MultiLayerTrainer.train(
      net, inputs: x, targets: y, spec: TrainingSpec(optimizer: .adam(batchSize: nil), learningRate: 0.01, steps: 2000),
      batchStream: RandomStream(master: 9, "batches"))
    #expect(adam.trainLoss < initial / 10, "Adam: \(adam.trainLoss) from \(initial)")
  }

  @Test func invalidShapesAreErrorsNamingTheParameter() {
    let rng = RandomStream(master: 6, "bad")
    for (widths, d, k, s, name) in [
      ([Int](), 3, 1, 1.0, "widths"), ([3, 0], 3, 1, 1.0, "widths"), ([3], 0, 1, 1.0, "d"),
      ([3, 3], 3, 0, 1.0, "outputs"),
      ([3, 3], 3, 1, -1.0, "initScale"),
    ] {
      expectParameterError(name, "\(widths) d=\(d) k=\(k) s=\(s)") {
        _ = try MultiLayerNetwork(
          inputDimension: d, widths: widths, outputs: k, activation: .relu, initScale: s, stream: rng)
      }
    }
    expectParameterError("hiddenWeights[1]") {
      _ = try MultiLayerNetwork(
        hiddenWeights: [Matrix(rows: 4, columns: 3), Matrix(rows: 2, columns: 5)],
        outputWeights: Matrix(rows: 2, columns: 1),
        activation: .relu)
    }
    expectParameterError("outputWeights") {
      _ = try MultiLayerNetwork(
        hiddenWeights: [Matrix(rows: 4, columns: 3)], outputWeights: Matrix(rows: 3, columns: 1), activation: .relu)
    }
    expectParameterError("widths[1]") { try NetworkSpec(width: 4, upperWidths: [0]).validate() }
  }
}
