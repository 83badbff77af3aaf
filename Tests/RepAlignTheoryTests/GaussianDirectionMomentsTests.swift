import Foundation
import PropertyBased
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// Exact direction moments of a Gaussian vector against closed forms, GSL adaptive quadrature
/// and Monte Carlo.
@Suite struct GaussianDirectionMomentsTests {
  /// Tolerance of the trapezoid rule: 1e-12 absolute (discretisation error ≈ e^{−π²/h} ≈ 1e-17,
  /// plus round-off from summing ~10³ terms of size ≤ 1 and the BLAS Gram matrix).
  static let ruleTolerance = 1e-12

  /// μ = 0, v = c·1: x/‖x‖ is uniform on the sphere, E[xxᵀ/‖x‖²] = I/k, so E cos² = 1/k and
  /// E cos = 0 exactly.
  @Test(arguments: [2, 3, 10, 50])
  func isotropicZeroMean(k: Int) throws {
    let m = try GaussianDirectionMoments(
      mean: Array(repeating: 0, count: k), variance: Array(repeating: 2.5, count: k))
    expectClose(
      m.expectedSquaredCosine, 1 / Double(k), tolerance: Self.ruleTolerance, "1/k, k=\(k)")
    expectClose(m.expectedCosine, 0, tolerance: Self.ruleTolerance, "E cos, k=\(k)")
  }

  /// k = 1: cos = sign(x_a x_b): E cos² = 1, E cos = (2Φ(μ/√v) − 1)² = erf(μ/√(2v))².
  /// μ = √2, v = 1: erf(1)² with erf(1) = 0.84270079294971486934122063508260925929606699796630
  /// (Abramowitz & Stegun 7.1, to 50 digits from Mathematica).
  @Test func oneDimensional() throws {
    let m = try GaussianDirectionMoments(mean: [Double(2).squareRoot()], variance: [1])
    let erf1 = 0.842_700_792_949_714_869_341_220_635_082_609_259_296
    expectClose(m.expectedCosine, erf1 * erf1, tolerance: 4 * Tolerance.epsilon, "erf(1)²")
    #expect(m.expectedSquaredCosine == 1)
  }

  /// Independent oracle: each entry of P̄ and w integrated separately by GSL QAGS on t = u/(1 − u),
  /// u ∈ (0, 1), then E cos² = ‖P̄‖²_F and E cos = ‖w‖². Ranges: k ∈ 2…5, μᵢ ∈ [−2, 2],
  /// log₁₀ vᵢ ∈ [−3, 2] (condition numbers up to 10⁵, like a design near n = d).
  @Test func agreesWithAdaptiveQuadrature() throws {
    let gen = zip(Gen.int(in: 2...5), Gen.int(in: 0...1_000_000))
    try forEachDraw(gen, count: 12, fixedSeed: 531) { draw in
      let (k, s) = draw.value
      let r = RandomStream(StreamSeed(master: UInt64(s)))
      let mu = (0..<k).map { _ in 4 * r.uniform() - 2 }
      let v = (0..<k).map { _ in pow(10, 5 * r.uniform() - 3) }
      func g(_ t: Double) -> (Double, [Double]) {
        var logG = 0.0
        var a = [Double](repeating: 0, count: k)
        for i in 0..<k {
          a[i] = 1 / (1 + 2 * t * v[i])
          logG += 0.5 * log(a[i]) - t * mu[i] * mu[i] * a[i]
        }
        return (exp(logG), a)
      }
      func integral(_ f: @escaping (Double) -> Double, weightHalf: Bool = false) throws -> Double {
        try Quadrature.integrate(
          { u in
            let t = u / (1 - u)
            let jac = 1 / ((1 - u) * (1 - u))
            return f(t) * jac
          }, from: 0, to: 1, rule: .singular, absoluteTolerance: 1e-13
        ).value
      }
      var pbar = Matrix(rows: k, columns: k)
      var w = [Double](repeating: 0, count: k)
      for i in 0..<k {
        for j in i..<k {
          let e = try integral { t in
            let (gg, a) = g(t)
            return gg * ((i == j ? v[i] * a[i] : 0) + mu[i] * a[i] * mu[j] * a[j])
          }
          pbar[i, j] = e
          pbar[j, i] = e
        }
        w[i] = try integral { t in
          t == 0 ? 0 : g(t).0 * mu[i] * g(t).1[i] / (Double.pi * t).squareRoot()
        }
      }
      let m = try GaussianDirectionMoments(mean: mu, variance: v)
      let fro = pbar.frobeniusNorm
      let tol = 1e-9 // QAGS at absolute 1e-13 per entry, ≤ 25 entries, squared sums
      expectClose(
        m.expectedSquaredCosine, fro * fro, tolerance: tol, "E cos² k=\(k) \(draw.replay)")
      expectClose(m.expectedCosine, dot(w, w), tolerance: tol, "E cos k=\(k) \(draw.replay)")
      #expect(m.traceResidual <= GaussianDirectionMoments.traceTolerance)
    }
  }

  /// Monte Carlo over 20000 independent pairs (x_a, x_b), k = 6, anisotropic v; z = 4.4 for two
  /// checks (false-failure rate ≈ 2e-5).
  @Test func agreesWithMonteCarlo() throws {
    let mu = [0.5, -0.3, 0.1, 0.0, 0.2, -0.4]
    let v = [0.01, 0.05, 0.2, 1.0, 3.0, 0.4]
    let m = try GaussianDirectionMoments(mean: mu, variance: v)
    let r = RandomStream(StreamSeed(master: TestSeeds.seed(532)).child(.noise))
    let pairs = 20000
    var c: [Double] = []
    var c2: [Double] = []
    for _ in 0..<pairs {
      let a = (0..<6).map { mu[$0] + v[$0].squareRoot() * r.normal() }
      let b = (0..<6).map { mu[$0] + v[$0].squareRoot() * r.normal() }
      let cs = dot(a, b) / (dot(a, a) * dot(b, b)).squareRoot()
      c.append(cs)
      c2.append(cs * cs)
    }
    for (name, sample, expected) in [
      ("E cos", c, m.expectedCosine), ("E cos²", c2, m.expectedSquaredCosine),
    ] {
      let mean = sample.reduce(0, +) / Double(pairs)
      let sd = (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pairs - 1))
        .squareRoot()
      let se = sd / Double(pairs).squareRoot()
      #expect(
        abs(mean - expected) <= 4.4 * se,
        "\(name): MC \(format17(mean)) ± \(format17(se)) vs \(format17(expected))")
    }
  }

  /// Halving the step changes nothing beyond round-off (the rule has converged).
  @Test func stepHalvingIsStable() throws {
    let mu = [1.0, 0.2, -0.7, 0.05]
    let v = [1e-4, 0.3, 2.0, 50.0]
    let a = try GaussianDirectionMoments(mean: mu, variance: v)
    let b = try GaussianDirectionMoments(
      mean: mu, variance: v, step: GaussianDirectionMoments.step / 2)
    expectClose(
      a.expectedSquaredCosine, b.expectedSquaredCosine, tolerance: Self.ruleTolerance, "h vs h/2")
    expectClose(a.expectedCosine, b.expectedCosine, tolerance: Self.ruleTolerance, "h vs h/2")
  }

  @Test func badInputIsAnError() {
    expectParameterError("mean") { try GaussianDirectionMoments(mean: [], variance: []) }
    expectParameterError("variance") {
      try GaussianDirectionMoments(mean: [1, 2], variance: [1])
    }
    expectParameterError("variance") {
      try GaussianDirectionMoments(mean: [1, 2], variance: [1, 0])
    }
  }
}
