import _CGSL

/// Column statistics, centring and Frobenius geometry.
extension Matrix {
  /// The mean of each column (length `columns`); zeros for a matrix without rows.
  public var columnMeans: [Double] {
    guard rows > 0 else { return [Double](repeating: 0, count: columns) }
    let ones = [Double](repeating: 1, count: rows)
    return times(ones, transposed: true, alpha: 1 / Double(rows))
  }

  /// The matrix with each column's mean subtracted (so `columnMeans` ≈ 0): H·A with
  /// H = I − 11ᵀ/m, the centring used by CKA.
  public var centeredColumns: Matrix {
    let means = columnMeans
    var c = self
    c.withUnsafeMutableBufferPointer { p in
      for i in 0..<rows {
        for j in 0..<columns { p[i * columns + j] -= means[j] }
      }
    }
    return c
  }

  /// ‖A‖_F = sqrt(Σ a_ij²), by `dnrm2` (scaled, so no overflow for large entries).
  public var frobeniusNorm: Double {
    let n = count
    return withUnsafeBufferPointer { p in cblas_dnrm2(Int32(n), p.baseAddress, 1) }
  }

  /// ⟨A, B⟩_F = Σ a_ij b_ij = tr(AᵀB).
  public static func frobeniusInner(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns, "frobeniusInner: shapes differ")
    return dot(a.elements, b.elements)
  }

  /// Largest |a_ij| (0 for an empty matrix).
  public var maxAbs: Double { elements.reduce(0) { Swift.max($0, abs($1)) } }

  /// tr(A) for a square matrix.
  public var trace: Double {
    precondition(isSquare, "trace of a \(rows)×\(columns) matrix")
    return (0..<rows).reduce(0) { $0 + self[$1, $1] }
  }
}
