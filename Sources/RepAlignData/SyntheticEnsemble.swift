import RepAlignNumerics

/// A synthetic noise-ensemble experiment: the `EnsembleDataset` every consumer trains on, plus the
/// ground truth the theory and the gates need (the teacher and the input covariance).
public struct SyntheticEnsemble: Sendable {
  /// The data: shared X, one noisy target matrix per member, a noise-free test set.
  public let dataset: EnsembleDataset
  /// The linear teacher (d × k: β as a d × 1 column for regression and binary tasks, the d × K
  /// score matrix for the arg-max K-class teacher); nil when the teacher is not linear (nonlinear
  /// regression teacher, Gaussian mixture).
  public let teacher: Matrix?
  /// The diagonal of Σ (inputs x ~ N(0, Σ)); for the Gaussian mixture, the within-class
  /// covariance.
  public let covarianceEigenvalues: [Double]
  /// σ of the additive Gaussian noise (regression targets, or the latent noise of the binary
  /// task); nil for label flips.
  public let noiseStandardDeviation: Double?
  /// The per-member label-flip probability p; nil for Gaussian noise.
  public let flipProbability: Double?

  public init(
    dataset: EnsembleDataset, teacher: Matrix?, covarianceEigenvalues: [Double],
    noiseStandardDeviation: Double?, flipProbability: Double?
  ) {
    self.dataset = dataset
    self.teacher = teacher
    self.covarianceEigenvalues = covarianceEigenvalues
    self.noiseStandardDeviation = noiseStandardDeviation
    self.flipProbability = flipProbability
  }

  /// β as an array when the teacher is a single linear direction.
  public var beta: [Double]? { teacher.flatMap { $0.columns == 1 ? $0.elements : nil } }
}

/// Where each piece of randomness of a synthetic task comes from, below the task's seed `s`:
///
///     s/data        training inputs X          s/test        test inputs
///     s/teacher     β (and the nonlinear teacher and its calibration sample)
///     s/members/a/noise   member a's noise (Gaussian ξ_a or label flips)
///
/// Each stream is a pure function of its path (`StreamSeed`), so member a's noise does not depend
/// on M, on the order of generation or on threads.
enum TaskStreams {
  static func data(_ s: StreamSeed) -> RandomStream { RandomStream(s.child(.data)) }
  static func test(_ s: StreamSeed) -> RandomStream { RandomStream(s.child(.test)) }
  static func teacher(_ s: StreamSeed) -> RandomStream { RandomStream(s.child(.teacher)) }
  static func noise(_ s: StreamSeed, member a: Int) -> RandomStream {
    RandomStream(s.child("members").child(a).child(.noise))
  }
}

/// Validation shared by the tasks.
enum TaskChecks {
  static func sizes(n: Int, d: Int, testCount: Int, members: Int) throws(ParameterError) {
    try require(n >= 1, "n", "must be ≥ 1", got: n)
    try require(d >= 1, "d", "must be ≥ 1", got: d)
    try require(testCount >= 2, "testCount", "must be ≥ 2", got: testCount)
    try require(members >= 1, "members", "must be ≥ 1", got: members)
  }

  static func snr(_ snr: Double) throws(ParameterError) {
    try NoiseLevel.snr(snr).validate(parameter: "snr")
  }

  static func flipProbability(_ p: Double, classes: Int = 2) throws(ParameterError) {
    if classes == 2 {
      try require(p >= 0 && p < 0.5, "flipProbability", "must be in [0, 0.5)", got: p)
    } else {
      let bound = MulticlassLabelFlip.maximumProbability(classes: classes)
      try require(p >= 0 && p < bound, "flipProbability", "must be in [0, (K−1)/K) = [0, \(bound))", got: p)
    }
  }

  static func signalVariance(_ r2: Double) throws(ParameterError) {
    try require(r2.isFinite && r2 > 0, "signalVariance", "must be finite and > 0", got: r2)
  }
}

/// The SNR of independent per-member label flips with probability p among K classes (a flipped
/// label moves to one of the other K − 1 classes uniformly): the variance of E[y|x] summed over
/// the one-hot coordinates, over the expected conditional variance of y (THEORY.md §2), with
/// balanced classes:
///
///     signal = (K−1)/K · (1 − pK/(K−1))²,   noise = p · (2 − pK/(K−1)),
///
/// which for K = 2 is (1 − 2p)² / (4p(1 − p)), THEORY.md §2's binary formula. +∞ at p = 0.
///
/// It is `MulticlassLabelFlip`'s formula with the Gini impurity of balanced classes,
/// g = (K − 1)/K; callers validate p first (the tasks' `validate`).
package func labelFlipSNR(probability p: Double, classes k: Int = 2) -> Double {
  MulticlassLabelFlip.uncheckedSNR(probability: p, classes: k, giniImpurity: Double(k - 1) / Double(k))
}
