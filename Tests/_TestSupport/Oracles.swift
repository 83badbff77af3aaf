import RepAlignNumerics

/// Textbook implementations used as independent oracles for the fast paths.
public enum Oracle {
  /// Triple-loop C = op(A)·op(B).
  public static func naiveProduct(_ a: Matrix, _ b: Matrix, transposeA: Bool, transposeB: Bool)
    -> Matrix
  {
    let opA = transposeA ? a.transposed : a
    let opB = transposeB ? b.transposed : b
    return Matrix(rows: opA.rows, columns: opB.columns) { i, j in
      var s = 0.0
      for k in 0..<opA.columns { s += opA[i, k] * opB[k, j] }
      return s
    }
  }

  /// |op(A)|·|op(B)| entry-wise: the scale in the dot-product error bound.
  public static func absoluteProduct(_ a: Matrix, _ b: Matrix, transposeA: Bool, transposeB: Bool)
    -> Matrix
  {
    naiveProduct(a.map(abs), b.map(abs), transposeA: transposeA, transposeB: transposeB)
  }

  /// max_ij |A_ij − B_ij|.
  public static func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Double {
    zip(a.elements, b.elements).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }
}
