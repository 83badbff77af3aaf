import _CGSL

/// Pearson and Spearman correlation through GSL (`gsl_stats_correlation`, `gsl_stats_spearman`;
/// Spearman ranks ties by their average rank). Both need two samples of equal length n ≥ 2 with
/// finite entries and non-zero variance; anything else is a `ParameterError`.
public enum Correlation {
  /// Pearson's r.
  public static func pearson(_ x: [Double], _ y: [Double]) throws -> Double {
    try validate(x, y)
    GSLRuntime.prepare()
    let r = x.withUnsafeBufferPointer { px in
      y.withUnsafeBufferPointer { py in gsl_stats_correlation(px.baseAddress, 1, py.baseAddress, 1, x.count) }
    }
    return try finite(r)
  }

  /// Spearman's ρ (Pearson's r of the ranks, ties averaged).
  public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double {
    try validate(x, y)
    GSLRuntime.prepare()
    var work = [Double](repeating: 0, count: 2 * x.count)
    let r = x.withUnsafeBufferPointer { px in
      y.withUnsafeBufferPointer { py in
        work.withUnsafeMutableBufferPointer { pw in
          gsl_stats_spearman(px.baseAddress, 1, py.baseAddress, 1, x.count, pw.baseAddress)
        }
      }
    }
    return try finite(r)
  }

  private static func validate(_ x: [Double], _ y: [Double]) throws(ParameterError) {
    try require(x.count == y.count, "y", "must have the length of x (\(x.count))", got: y.count)
    try require(x.count >= 2, "x", "must have at least 2 values", got: x.count)
    try require(x.allSatisfy(\.isFinite), "x", "must be finite", got: "a non-finite value")
    try require(y.allSatisfy(\.isFinite), "y", "must be finite", got: "a non-finite value")
    try require(x.contains { $0 != x[0] }, "x", "must not be constant", got: "constant \(x[0])")
    try require(y.contains { $0 != y[0] }, "y", "must not be constant", got: "constant \(y[0])")
  }

  private static func finite(_ r: Double) throws(ParameterError) -> Double {
    try require(r.isFinite, "x, y", "must give a finite correlation", got: r)
    return Swift.min(1, Swift.max(-1, r))
  }
}
