import Foundation
import RepAlignNumerics

/// Regression with an exact SNR (THEORY.md §2): x ~ N(0, Σ), clean target g(x), member a's
/// targets y_a = g(X) + ξ_a with ξ_a ~ N(0, σ² Iₙ) independent across members, σ² = r² / SNR.
///
/// - **Linear teacher** g(x) = βᵀx: β ~ N(0, I_d) rescaled so βᵀΣβ = r² exactly; SNR exact.
/// - **Nonlinear teacher** g(x) = c·aᵀ tanh(V x / √d), V ∈ ℝ^{q×d}, a ∈ ℝ^q with N(0, 1) entries
///   (a random one-hidden-layer tanh network of width q). E g(x) = 0 by symmetry; c is set so the
///   empirical second moment of g on a calibration sample of `calibrationSize` fresh inputs is
///   r², so the SNR is exact up to that Monte Carlo error (relative s.e. ≈ √(2/20000) ≈ 1%).
///
/// The test set (m × d) is noise-free: its targets are g(X_test), so the test error of a member
/// is its excess risk E_x (f(x) − g(x))².
public struct RegressionTask: Sendable, Equatable {
  /// The teacher family.
  public enum Teacher: Sendable, Equatable, Hashable {
    case linear
    case tanhNetwork(width: Int)
  }

  public var inputDimension: Int
  public var sampleCount: Int
  public var testCount: Int
  public var snr: Double
  public var signalVariance: Double
  public var covariance: InputCovariance
  public var teacher: Teacher
  /// Inputs used to calibrate the nonlinear teacher's variance.
  public static let calibrationSize = 20_000

  /// - Parameters: d ≥ 1, n ≥ 1, m = `testCount` ≥ 2, SNR finite > 0, r² finite > 0.
  public init(
    inputDimension d: Int, sampleCount n: Int, testCount m: Int = 1000, snr: Double,
    signalVariance r2: Double = 1, covariance: InputCovariance = .identity,
    teacher: Teacher = .linear
  ) {
    self.inputDimension = d
    self.sampleCount = n
    self.testCount = m
    self.snr = snr
    self.signalVariance = r2
    self.covariance = covariance
    self.teacher = teacher
  }

  /// Throws a `ParameterError` naming the first invalid parameter.
  public func validate(members: Int = 1) throws(ParameterError) {
    try TaskChecks.sizes(n: sampleCount, d: inputDimension, testCount: testCount, members: members)
    try TaskChecks.snr(snr)
    try TaskChecks.signalVariance(signalVariance)
    try covariance.validate(dimension: inputDimension)
    if case .tanhNetwork(let q) = teacher { try require(q >= 1, "teacherWidth", "must be ≥ 1", got: q) }
  }

  /// σ = r / √SNR (`NoiseLevel.noiseVariance(signal:)`).
  public var noiseStandardDeviation: Double { NoiseLevel.snr(snr).noiseStandardDeviation(signal: signalVariance) }

  /// Draws the experiment for `members` members from `seed` (streams: see `TaskStreams`).
  public func make(members: Int, seed: StreamSeed) throws(ParameterError) -> SyntheticEnsemble {
    try validate(members: members)
    let d = inputDimension
    let lambdas = covariance.eigenvalues(dimension: d)
    let x = covariance.sample(rows: sampleCount, dimension: d, stream: TaskStreams.data(seed))
    let xTest = covariance.sample(rows: testCount, dimension: d, stream: TaskStreams.test(seed))
    let teacherStream = TaskStreams.teacher(seed)
    let clean: Matrix
    let cleanTest: Matrix
    var beta: Matrix? = nil
    switch teacher {
    case .linear:
      var b = teacherStream.normalMatrix(rows: d, columns: 1)
      let energy = zip(b.elements, lambdas).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
      b.scale(by: (signalVariance / energy).squareRoot())
      beta = b
      clean = Matrix.product(x, b)
      cleanTest = Matrix.product(xTest, b)
    case .tanhNetwork(let q):
      let v = teacherStream.normalMatrix(rows: q, columns: d)
      let a = teacherStream.normalMatrix(rows: q, columns: 1)
      let calibration = covariance.sample(
        rows: Self.calibrationSize, dimension: d, stream: RandomStream(seed.child(.teacher).child("calibration")))
      func g(_ inputs: Matrix) -> Matrix {
        var z = Matrix.product(inputs, v, transposeB: true, alpha: 1 / Double(d).squareRoot())
        z.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = tanh(p[i]) } }
        return Matrix.product(z, a)
      }
      let gc = g(calibration)
      let moment = gc.elements.reduce(0) { $0 + $1 * $1 } / Double(gc.rows)
      let c = (signalVariance / moment).squareRoot()
      clean = c * g(x)
      cleanTest = c * g(xTest)
    }
    let sigma = noiseStandardDeviation
    let targets = (0..<members).map { a in
      clean + TaskStreams.noise(seed, member: a).normalMatrix(rows: sampleCount, columns: 1, standardDeviation: sigma)
    }
    let dataset = try EnsembleDataset(
      trainInputs: x, memberTargets: targets, cleanTrainTargets: clean, testInputs: xTest,
      testTargets: cleanTest, kind: .regression, snr: snr)
    return SyntheticEnsemble(
      dataset: dataset, teacher: beta, covarianceEigenvalues: lambdas, noiseStandardDeviation: sigma,
      flipProbability: nil)
  }
}
