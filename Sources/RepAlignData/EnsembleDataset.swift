import RepAlignNumerics

/// What the targets of a task are, which fixes the loss and the test-error metric.
public enum TargetKind: Sendable, Equatable, Hashable, Codable {
  /// Real targets (k columns); test error is the excess risk mean‖f(x) − E[y|x]‖².
  case regression
  /// One column of ±1 labels; test error is the misclassification rate against the clean label.
  case binary
  /// `classes` columns, one-hot; test error is the misclassification rate of the arg-max.
  case multiclass(classes: Int)
}

/// The data of one noise-ensemble experiment (THEORY.md §2): training inputs shared by all M
/// members, one independent noise realisation of the targets per member, and a held-out,
/// noise-free test set on which representations and test error are measured.
///
/// Every task and noise process, synthetic or real, produces this one type, so the trainer, the
/// measures and the claims never need to know where the data came from.
public struct EnsembleDataset: Sendable {
  /// n × d training inputs, shared by all members.
  public let trainInputs: Matrix
  /// One n × k target matrix per member: the clean targets plus that member's noise.
  public let memberTargets: [Matrix]
  /// n × k clean training targets (E[y|x] for regression, clean labels for classification).
  public let cleanTrainTargets: Matrix
  /// m × d held-out test inputs.
  public let testInputs: Matrix
  /// m × k noise-free test targets (as `cleanTrainTargets`).
  public let testTargets: Matrix
  /// How to read the targets.
  public let kind: TargetKind
  /// The signal-to-noise ratio of the member noise, as defined for this noise process in
  /// THEORY.md §2 (variance of the signal over variance of the noise).
  public let snr: Double
  /// Optional per-member inputs when the noise is on the inputs (n × d each); nil when the inputs
  /// are shared exactly, which is the default experiment.
  public let memberInputs: [Matrix]?

  public init(
    trainInputs: Matrix, memberTargets: [Matrix], cleanTrainTargets: Matrix, testInputs: Matrix,
    testTargets: Matrix, kind: TargetKind, snr: Double, memberInputs: [Matrix]? = nil
  ) throws(ParameterError) {
    try require(!memberTargets.isEmpty, "memberTargets", "must hold at least one member", got: 0)
    let n = trainInputs.rows
    let k = cleanTrainTargets.columns
    for (a, y) in memberTargets.enumerated() {
      try require(
        y.rows == n && y.columns == k, "memberTargets[\(a)]", "must be \(n)×\(k)",
        got: "\(y.rows)×\(y.columns)")
    }
    try require(cleanTrainTargets.rows == n, "cleanTrainTargets", "must have \(n) rows", got: cleanTrainTargets.rows)
    try require(
      testInputs.columns == trainInputs.columns, "testInputs",
      "must have \(trainInputs.columns) columns", got: testInputs.columns)
    try require(
      testTargets.rows == testInputs.rows && testTargets.columns == k, "testTargets",
      "must be \(testInputs.rows)×\(k)", got: "\(testTargets.rows)×\(testTargets.columns)")
    if let xs = memberInputs {
      try require(
        xs.count == memberTargets.count, "memberInputs", "must hold one matrix per member",
        got: xs.count)
      for (a, x) in xs.enumerated() {
        try require(
          x.rows == n && x.columns == trainInputs.columns, "memberInputs[\(a)]",
          "must be \(n)×\(trainInputs.columns)", got: "\(x.rows)×\(x.columns)")
      }
    }
    self.trainInputs = trainInputs
    self.memberTargets = memberTargets
    self.cleanTrainTargets = cleanTrainTargets
    self.testInputs = testInputs
    self.testTargets = testTargets
    self.kind = kind
    self.snr = snr
    self.memberInputs = memberInputs
  }

  /// Number of members M.
  public var members: Int { memberTargets.count }
  /// Training-set size n.
  public var sampleCount: Int { trainInputs.rows }
  /// Input dimension d.
  public var inputDimension: Int { trainInputs.columns }
  /// Output dimension k.
  public var outputDimension: Int { cleanTrainTargets.columns }

  /// Member a's training inputs (its own under input noise, else the shared X).
  public func inputs(member a: Int) -> Matrix { memberInputs?[a] ?? trainInputs }
}
