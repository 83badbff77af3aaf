import RepAlignNumerics

/// K-class classification for softmax cross-entropy (THEORY.md §2, classification variants).
/// Targets are one-hot rows (n × K). Two generators of the clean labels:
///
/// - `.teacherArgmax`: x ~ N(0, Σ), label = argmax_c (xᵀB)_c with B ∈ ℝ^{d×K} N(0, 1) entries
///   (exposed as the teacher);
/// - `.gaussianMixture(separation: δ)`: label c uniform, x = μ_c + z, z ~ N(0, Σ), class means
///   μ_c ~ N(0, δ²/d · I) drawn once (so ‖μ_c‖ ≈ δ); the clean label is the component.
///
/// Member noise: each label independently moves, with probability p, to one of the other K − 1
/// classes chosen uniformly; SNR = `labelFlipSNR(probability: p, classes: K)`, which reduces to
/// THEORY.md §2's (1 − 2p)²/(4p(1 − p)) at K = 2. p ∈ [0, (K−1)/K).
public struct MulticlassTask: Sendable, Equatable {
  public enum Generator: Sendable, Equatable, Hashable {
    case teacherArgmax
    case gaussianMixture(separation: Double)
  }

  public var inputDimension: Int
  public var sampleCount: Int
  public var testCount: Int
  public var classes: Int
  public var flipProbability: Double
  public var generator: Generator
  public var covariance: InputCovariance

  public init(
    inputDimension d: Int, sampleCount n: Int, testCount m: Int = 1000, classes: Int,
    flipProbability p: Double, generator: Generator = .teacherArgmax,
    covariance: InputCovariance = .identity
  ) {
    self.inputDimension = d
    self.sampleCount = n
    self.testCount = m
    self.classes = classes
    self.flipProbability = p
    self.generator = generator
    self.covariance = covariance
  }

  public func validate(members: Int = 1) throws(ParameterError) {
    try TaskChecks.sizes(n: sampleCount, d: inputDimension, testCount: testCount, members: members)
    try require(classes >= 2, "classes", "must be ≥ 2", got: classes)
    try TaskChecks.flipProbability(flipProbability, classes: classes)
    try covariance.validate(dimension: inputDimension)
    if case .gaussianMixture(let delta) = generator {
      try require(delta.isFinite && delta > 0, "separation", "must be finite and > 0", got: delta)
    }
  }

  public var snr: Double { labelFlipSNR(probability: flipProbability, classes: classes) }

  public func make(members: Int, seed: StreamSeed) throws(ParameterError) -> SyntheticEnsemble {
    try validate(members: members)
    let d = inputDimension
    let k = classes
    let lambdas = covariance.eigenvalues(dimension: d)
    let teacherStream = TaskStreams.teacher(seed)
    var teacherMatrix: Matrix? = nil
    func draw(_ count: Int, _ stream: RandomStream) -> (Matrix, [Int]) {
      switch generator {
      case .teacherArgmax:
        let x = covariance.sample(rows: count, dimension: d, stream: stream)
        let scores = Matrix.product(x, teacherMatrix!)
        let labels = (0..<count).map { i in
          (0..<k).max { scores[i, $0] < scores[i, $1] }!
        }
        return (x, labels)
      case .gaussianMixture:
        let labels = (0..<count).map { _ in stream.integer(below: k) }
        var x = covariance.sample(rows: count, dimension: d, stream: stream)
        for i in 0..<count {
          for j in 0..<d { x[i, j] += teacherMatrix![labels[i], j] }
        }
        return (x, labels)
      }
    }
    switch generator {
    case .teacherArgmax:
      teacherMatrix = teacherStream.normalMatrix(rows: d, columns: k)
    case .gaussianMixture(let delta):
      teacherMatrix = teacherStream.normalMatrix(
        rows: k, columns: d, standardDeviation: delta / Double(d).squareRoot())
    }
    let (x, labels) = draw(sampleCount, TaskStreams.data(seed))
    let (xTest, testLabels) = draw(testCount, TaskStreams.test(seed))
    func oneHot(_ labels: [Int]) -> Matrix { Matrix.oneHot(labels, classes: k) }
    let p = flipProbability
    let targets = (0..<members).map { a in
      let stream = TaskStreams.noise(seed, member: a)
      return oneHot(labels.map { MulticlassLabelFlip.flip($0, classes: k, probability: p, stream: stream) })
    }
    let dataset = try EnsembleDataset(
      trainInputs: x, memberTargets: targets, cleanTrainTargets: oneHot(labels), testInputs: xTest,
      testTargets: oneHot(testLabels), kind: .multiclass(classes: k), snr: snr)
    let isArgmax = generator == .teacherArgmax
    return SyntheticEnsemble(
      dataset: dataset, teacher: isArgmax ? teacherMatrix : nil, covarianceEigenvalues: lambdas,
      noiseStandardDeviation: nil, flipProbability: p)
  }
}
