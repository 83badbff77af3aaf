import RepAlignNumerics

/// A measure that splits into a per-representation preparation (centring, a Gram matrix, an
/// orthonormal basis, neighbour lists, …) and a cheap comparison of two prepared values.
///
/// Its default `pairwiseTable` prepares each of M members once and then compares the M(M − 1)/2
/// pairs, instead of redoing the per-member work 2(M − 1) times. `callAsFunction(a, b)` is
/// `compare(prepare(a, "A"), prepare(b, "B"))` after the common checks.
public protocol PreparedAlignmentMeasure: AlignmentMeasure {
  associatedtype Prepared: Sendable
  /// Validates one representation (`argument` names it in errors) and does the per-member work.
  func prepare(_ x: Matrix, argument: String) throws -> Prepared
  /// The measure between two prepared representations of the same m inputs.
  func compare(_ a: Prepared, _ b: Prepared) throws -> Double
}

extension PreparedAlignmentMeasure {
  public func callAsFunction(_ a: Matrix, _ b: Matrix) throws -> Double {
    if a.rows != b.rows { throw MeasureError.sampleCountMismatch(a: a.rows, b: b.rows) }
    return try compare(prepare(a, argument: "A"), prepare(b, argument: "B"))
  }

  /// Default for prepared measures: `prepare` each member once (errors name
  /// `representations[i]`), then `compare` the pairs (`EnsembleAlignment.preparedPairs`).
  public func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix {
    try EnsembleAlignment.preparedPairs(representations, measure: self, symmetric: symmetric)
  }
}
