import RepAlignNumerics

/// The targets of a real dataset: class labels or real values.
public enum RealTargets: Sendable, Equatable {
  /// Class labels in 0..<count, one per sample.
  case classes(labels: [Int], count: Int)
  /// Real targets, N × k (one row per sample).
  case values(Matrix)

  /// The number of classes, or nil for real targets.
  public var classCount: Int? {
    if case .classes(_, let k) = self { return k }
    return nil
  }

  /// The labels, or nil for real targets.
  public var labels: [Int]? {
    if case .classes(let labels, _) = self { return labels }
    return nil
  }
}

/// A real dataset held in memory, as read from disk and before any preprocessing: N samples of d
/// raw input features (rows are samples) and their targets.
///
/// `RealDataTask` turns it into noise ensembles (`EnsembleDataset`): it splits, standardizes and
/// adds the member noise. The dataset itself is never modified.
public struct RealDataset: Sendable, Equatable {
  /// A short name for messages and file names (`"digits"`, `"diabetes"`, `"mnist"`).
  public let name: String
  /// N × d raw inputs.
  public let inputs: Matrix
  /// The targets of the N samples.
  public let targets: RealTargets

  /// Checks that there is one target per sample, that labels lie in 0..<count with count ≥ 2,
  /// and that every input and target is finite.
  public init(name: String, inputs: Matrix, targets: RealTargets) throws(ParameterError) {
    try require(inputs.rows >= 1, "inputs", "must have at least one sample", got: inputs.rows)
    try require(
      inputs.columns >= 1, "inputs", "must have at least one feature", got: inputs.columns)
    try inputs.requireFinite("inputs")
    switch targets {
    case .classes(let labels, let count):
      try require(count >= 2, "classCount", "must be ≥ 2", got: count)
      try require(
        labels.count == inputs.rows, "labels", "must hold one label per sample (\(inputs.rows))",
        got: labels.count)
      if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= count }) {
        throw ParameterError(
          "labels", "must lie in 0..<\(count)", got: "\(labels[bad]) at sample \(bad)")
      }
    case .values(let y):
      try require(
        y.rows == inputs.rows, "targets", "must have one row per sample (\(inputs.rows))",
        got: y.rows)
      try require(y.columns >= 1, "targets", "must have at least one column", got: y.columns)
      try y.requireFinite("targets")
    }
    self.name = name
    self.inputs = inputs
    self.targets = targets
  }

  /// Number of samples N.
  public var sampleCount: Int { inputs.rows }
  /// Input dimension d.
  public var inputDimension: Int { inputs.columns }

  /// The number of samples of each class (nil for real targets).
  public var classCounts: [Int]? {
    guard case .classes(let labels, let k) = targets else { return nil }
    var counts = [Int](repeating: 0, count: k)
    for c in labels { counts[c] += 1 }
    return counts
  }
}
