import _CGSL

/// The thin singular value decomposition A = U·diag(s)·Vᵀ of an m × n matrix, k = min(m, n):
/// U is m × k and V is n × k with orthonormal columns, s is non-negative and non-increasing.
///
/// Computed by GSL's one-sided Golub–Reinsch bidiagonalisation (`gsl_linalg_SV_decomp`), which is
/// backward stable: the computed factors reconstruct A to O(max(m, n)·ε·‖A‖₂). The Jacobi variant
/// (`gsl_linalg_SV_decomp_jacobi`) is deliberately not used: in GSL 2.7.1 it reports success with
/// wrong factors for n ≥ 100. GSL needs m ≥ n; a wide matrix is decomposed through its transpose.
public struct SingularValueDecomposition: Sendable {
  /// Left singular vectors, m × k.
  public let u: Matrix
  /// Singular values, length k, non-increasing.
  public let singularValues: [Double]
  /// Right singular vectors, n × k.
  public let v: Matrix

  /// U·diag(s)·Vᵀ.
  public func reconstructed() -> Matrix {
    var us = u
    let k = singularValues.count
    us.withUnsafeMutableBufferPointer { p in
      for i in 0..<u.rows {
        for j in 0..<k { p[i * k + j] *= singularValues[j] }
      }
    }
    return Matrix.product(us, v, transposeB: true)
  }

  /// The numerical rank: the number of singular values above `cutoff` (default
  /// `Matrix.defaultRankCutoff`).
  public func rank(cutoff: Double? = nil) -> Int {
    let c = cutoff ?? Matrix.defaultRankCutoff(singularValues, rows: u.rows, columns: v.rows)
    return singularValues.filter { $0 > c }.count
  }
}

extension Matrix {
  /// The thin SVD (see `SingularValueDecomposition`). Throws `ParameterError` for an empty or
  /// non-finite matrix and `GSLError` if GSL fails (e.g. the QR iteration does not converge).
  public func singularValueDecomposition(name: String = "A") throws -> SingularValueDecomposition {
    try require(
      rows >= 1 && columns >= 1, name, "must have at least one row and one column",
      got: "\(rows)×\(columns)")
    try requireFinite(name)
    if rows < columns {
      let t = try transposed.singularValueDecomposition(name: name)
      return SingularValueDecomposition(u: t.v, singularValues: t.singularValues, v: t.u)
    }
    GSLRuntime.prepare()
    var a = self
    var v = Matrix(rows: columns, columns: columns)
    var s = [Double](repeating: 0, count: columns)
    var work = [Double](repeating: 0, count: columns)
    let status = a.withGSLMatrix { ga in
      v.withGSLMatrix { gv in
        withGSLVector(&s) { gs in
          withGSLVector(&work) { gw in gsl_linalg_SV_decomp(ga, gv, gs, gw) }
        }
      }
    }
    try checkGSL(status, "gsl_linalg_SV_decomp (\(rows)×\(columns))")
    return SingularValueDecomposition(u: a, singularValues: s, v: v)
  }

  /// The default cut-off below which a singular value counts as zero:
  /// `max(m, n) · ε · σ_max`, the rule of LAPACK's `xGELSD` and NumPy's `matrix_rank`. It is the
  /// size of the singular values that round-off alone produces in a backward-stable SVD.
  public static func defaultRankCutoff(_ singularValues: [Double], rows: Int, columns: Int)
    -> Double
  {
    Double(Swift.max(rows, columns)) * Double.ulpOfOne * (singularValues.first ?? 0)
  }
}
