import Foundation
import _CGSL

/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix
/// (`gsl_linalg_cholesky_decomp1`, which reads the lower triangle). A matrix that is not
/// numerically positive definite is a `GSLError` with status `GSL_EDOM`.
public struct CholeskyFactorization: Sendable {
  /// GSL's packed factor: L in the lower triangle (used by `solve`).
  let packed: Matrix

  /// The lower-triangular factor L (upper triangle zero).
  public var lower: Matrix {
    Matrix(rows: packed.rows, columns: packed.columns) { i, j in j <= i ? packed[i, j] : 0 }
  }

  /// Solves A·x = b.
  public func solve(_ b: [Double]) throws -> [Double] {
    try require(b.count == packed.rows, "b", "must have length \(packed.rows)", got: b.count)
    var factor = packed
    var rhs = b
    var x = [Double](repeating: 0, count: b.count)
    let status = factor.withGSLMatrix { gl in
      withGSLVector(&rhs) { gb in withGSLVector(&x) { gx in gsl_linalg_cholesky_solve(gl, gb, gx) } }
    }
    try checkGSL(status, "gsl_linalg_cholesky_solve")
    return x
  }

  /// log det A = 2 Σ log L_ii.
  public var logDeterminant: Double {
    (0..<packed.rows).reduce(0) { $0 + 2 * log(packed[$1, $1]) }
  }
}

extension Matrix {
  /// See `CholeskyFactorization`.
  public func choleskyFactorization(name: String = "A") throws -> CholeskyFactorization {
    try require(isSquare && rows >= 1, name, "must be square and non-empty", got: "\(rows)×\(columns)")
    try requireFinite(name)
    GSLRuntime.prepare()
    var a = self
    let status = a.withGSLMatrix { gsl_linalg_cholesky_decomp1($0) }
    if status == Int32(GSL_EDOM) {
      throw GSLError(
        status: status, operation: "gsl_linalg_cholesky_decomp1 (\(rows)×\(rows))",
        reason: "\(name) is not positive definite")
    }
    try checkGSL(status, "gsl_linalg_cholesky_decomp1 (\(rows)×\(rows))")
    return CholeskyFactorization(packed: a)
  }
}
