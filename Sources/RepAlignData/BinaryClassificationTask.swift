import RepAlignNumerics

/// Binary classification with a linear teacher (THEORY.md §2): x ~ N(0, Σ), βᵀΣβ = r², clean
/// label sign(βᵀx) ∈ {−1, +1} (one target column). Member noise is one of
///
/// - `.latentGaussian(snr:)`: y_a = sign(βᵀx + ξ_a), ξ_a ~ N(0, σ²), σ² = r²/SNR;
/// - `.labelFlips(probability: p)`: y_a = clean label, flipped independently per member and per
///   sample with probability p ∈ [0, ½); SNR = (1 − 2p)² / (4p(1 − p)) (`labelFlipSNR`), +∞ at
///   p = 0.
///
/// The test targets are the clean labels sign(βᵀx), so a member's test error is its
/// disagreement with the teacher.
public struct BinaryClassificationTask: Sendable, Equatable {
  public enum Noise: Sendable, Equatable, Hashable {
    case latentGaussian(snr: Double)
    case labelFlips(probability: Double)
  }

  public var inputDimension: Int
  public var sampleCount: Int
  public var testCount: Int
  public var noise: Noise
  public var signalVariance: Double
  public var covariance: InputCovariance

  public init(
    inputDimension d: Int, sampleCount n: Int, testCount m: Int = 1000, noise: Noise,
    signalVariance r2: Double = 1, covariance: InputCovariance = .identity
  ) {
    self.inputDimension = d
    self.sampleCount = n
    self.testCount = m
    self.noise = noise
    self.signalVariance = r2
    self.covariance = covariance
  }

  public func validate(members: Int = 1) throws(ParameterError) {
    try TaskChecks.sizes(n: sampleCount, d: inputDimension, testCount: testCount, members: members)
    try TaskChecks.signalVariance(signalVariance)
    try covariance.validate(dimension: inputDimension)
    switch noise {
    case .latentGaussian(let snr): try TaskChecks.snr(snr)
    case .labelFlips(let p): try TaskChecks.flipProbability(p)
    }
  }

  /// The SNR of the member noise (THEORY.md §2).
  public var snr: Double {
    switch noise {
    case .latentGaussian(let snr): snr
    case .labelFlips(let p): labelFlipSNR(probability: p)
    }
  }

  public func make(members: Int, seed: StreamSeed) throws(ParameterError) -> SyntheticEnsemble {
    try validate(members: members)
    let d = inputDimension
    let n = sampleCount
    let lambdas = covariance.eigenvalues(dimension: d)
    let x = covariance.sample(rows: n, dimension: d, stream: TaskStreams.data(seed))
    let xTest = covariance.sample(rows: testCount, dimension: d, stream: TaskStreams.test(seed))
    var beta = TaskStreams.teacher(seed).normalMatrix(rows: d, columns: 1)
    let energy = zip(beta.elements, lambdas).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
    beta.scale(by: (signalVariance / energy).squareRoot())
    let scores = Matrix.product(x, beta)
    let clean = scores.map(sign)
    let cleanTest = Matrix.product(xTest, beta).map(sign)
    var sigma: Double? = nil
    var flip: Double? = nil
    let targets: [Matrix]
    switch noise {
    case .latentGaussian(let snr):
      let s = NoiseLevel.snr(snr).noiseStandardDeviation(signal: signalVariance)
      sigma = s
      targets = (0..<members).map { a in
        (scores + TaskStreams.noise(seed, member: a).normalMatrix(rows: n, columns: 1, standardDeviation: s)).map(sign)
      }
    case .labelFlips(let p):
      flip = p
      targets = (0..<members).map { a in
        let stream = TaskStreams.noise(seed, member: a)
        return try! Matrix(rows: n, columns: 1, elements: clean.elements.map { stream.bernoulli(p) ? -$0 : $0 })
      }
    }
    let dataset = try EnsembleDataset(
      trainInputs: x, memberTargets: targets, cleanTrainTargets: clean, testInputs: xTest,
      testTargets: cleanTest, kind: .binary, snr: snr)
    return SyntheticEnsemble(
      dataset: dataset, teacher: beta, covarianceEigenvalues: lambdas, noiseStandardDeviation: sigma,
      flipProbability: flip)
  }
}

/// sign with sign(0) = +1 (a measure-zero event for continuous scores), so labels are always ±1.
@inline(__always) func sign(_ v: Double) -> Double { v < 0 ? -1 : 1 }
