import RepAlignNumerics

/// Per-column standardization z = (x − μ)/s, fitted on the **training pool only** (never on the
/// test split), then applied unchanged to training and test data. `RealDataTask` uses it for the
/// inputs and, for real-valued targets, for the targets.
///
/// μ and s are the mean and the population standard deviation (divisor N) of each column of the
/// fitting matrix, computed in two passes. A feature that is constant on the fitting set (exactly:
/// its maximum equals its minimum; the digits have such border pixels) carries nothing a model
/// could learn from the training data, and is mapped to 0 for every input, test inputs included,
/// so that no test input carries a value along a direction the training set never varies in.
///
/// Fitting on the whole pool rather than on each training subset keeps one fixed transform for
/// every n of an n-sweep, so only the number of samples changes with n; the pool is disjoint from
/// the test split, so no test information leaks into the preprocessing.
public struct PoolStandardization: Sendable, Equatable {
  /// Per-feature means μ_j of the fitting set.
  public let means: [Double]
  /// Per-feature population standard deviations s_j of the fitting set (0 for constant features).
  public let standardDeviations: [Double]

  /// Fits μ and s on `x` (rows are samples); needs at least two rows of finite values.
  public init(fitting x: Matrix) throws(ParameterError) {
    try require(x.rows >= 2, "x", "needs at least 2 samples to fit a standardization", got: x.rows)
    try x.requireFinite("x")
    means = x.columnMeans
    let centred = x.centeredColumns
    var sd = [Double](repeating: 0, count: x.columns)
    for j in 0..<x.columns {
      let col = x.column(j)
      if col.max() == col.min() { continue }
      let c = centred.column(j)
      sd[j] = (dot(c, c) / Double(x.rows)).squareRoot()
    }
    standardDeviations = sd
  }

  /// The number of features that were constant on the fitting set (mapped to 0).
  public var constantFeatureCount: Int { standardDeviations.filter { $0 == 0 }.count }

  /// Applies (x − μ)/s column by column (0 for constant features); `x` must have as many columns
  /// as the fitting set.
  public func apply(_ x: Matrix) throws(ParameterError) -> Matrix {
    try require(x.columns == means.count, "x", "must have \(means.count) columns", got: x.columns)
    try x.requireFinite("x")
    let d = x.columns
    var z = x
    let inverse = standardDeviations.map { $0 == 0 ? 0 : 1 / $0 }
    z.withUnsafeMutableBufferPointer { p in
      for i in 0..<x.rows {
        for j in 0..<d { p[i * d + j] = (p[i * d + j] - means[j]) * inverse[j] }
      }
    }
    return z
  }
}
