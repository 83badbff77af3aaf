import _CGSL

/// The eigendecomposition A = Q·diag(λ)·Qᵀ of a real symmetric matrix, eigenvalues ascending,
/// eigenvectors as the columns of Q (orthonormal). Computed by GSL's symmetric QR algorithm
/// (`gsl_eigen_symmv`), which reads only the lower triangle and the diagonal.
public struct SymmetricEigendecomposition: Sendable {
  /// Eigenvalues, ascending.
  public let eigenvalues: [Double]
  /// Eigenvectors as columns, in the order of `eigenvalues`.
  public let eigenvectors: Matrix
}

extension Matrix {
  /// See `SymmetricEigendecomposition`. Throws for a non-square, empty or non-finite matrix.
  public func symmetricEigendecomposition(name: String = "A") throws -> SymmetricEigendecomposition {
    try require(isSquare && rows >= 1, name, "must be square and non-empty", got: "\(rows)×\(columns)")
    try requireFinite(name)
    GSLRuntime.prepare()
    let n = rows
    var a = self
    var values = [Double](repeating: 0, count: n)
    var vectors = Matrix(rows: n, columns: n)
    guard let workspace = gsl_eigen_symmv_alloc(n) else {
      throw GSLError(status: Int32(GSL_ENOMEM), operation: "gsl_eigen_symmv_alloc(\(n))")
    }
    defer { gsl_eigen_symmv_free(workspace) }
    let status = a.withGSLMatrix { ga in
      vectors.withGSLMatrix { gv in
        withGSLVector(&values) { gl in
          let s = gsl_eigen_symmv(ga, gl, gv, workspace)
          return s != 0 ? s : gsl_eigen_symmv_sort(gl, gv, GSL_EIGEN_SORT_VAL_ASC)
        }
      }
    }
    try checkGSL(status, "gsl_eigen_symmv (\(n)×\(n))")
    return SymmetricEigendecomposition(eigenvalues: values, eigenvectors: vectors)
  }
}
