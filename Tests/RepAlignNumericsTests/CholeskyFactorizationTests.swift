import Foundation
import RepAlignNumerics
import Testing
import _TestSupport

/// `choleskyFactorization`, `lower`, `solve` and `logDeterminant`.
@Suite struct CholeskyFactorizationTests {
  @Test func factorsAndSolves() throws {
    let rng = RandomStream(master: 42, "chol")
    let a = rng.normalMatrix(rows: 60, columns: 20).gramian()
    let c = try a.choleskyFactorization()
    let l = c.lower
    #expect(Oracle.maxAbsDifference(l * l.transposed, a) <= Tolerance.factorization(20, 20) * a.maxAbs)
    let x = rng.normals(20)
    let solved = try c.solve(a.times(x))
    let kappa = try a.singularValueDecomposition().singularValues.reduce(into: (0.0, Double.infinity)) {
      $0 = (max($0.0, $1), min($0.1, $1))
    }
    for i in 0..<20 {
      expectClose(solved[i], x[i], tolerance: Tolerance.conditioned(kappa.0 / kappa.1, 20, 20), "x\(i)")
    }
  }

  @Test func notPositiveDefiniteIsATypedError() throws {
    let a = try Matrix([[1, 2], [2, 1]])
    // GSL_EDOM = 1 (gsl_errno.h): what gsl_linalg_cholesky_decomp1 returns for a matrix that is
    // not positive definite.
    #expect { try a.choleskyFactorization() } throws: { ($0 as? GSLError)?.status == 1 }
  }

  /// The worked example of the Wikipedia article "Cholesky decomposition" (checked by hand:
  /// L·Lᵀ = A): A = [[4, 12, −16], [12, 37, −43], [−16, −43, 98]], L = [[2, 0, 0], [6, 1, 0],
  /// [−8, 5, 3]]. Every intermediate of the factorisation and of the triangular solves is an
  /// integer (or the square root of a perfect square, correctly rounded by IEEE 754), so the
  /// results are exact: tolerance 0.
  @Test func integerExampleIsExact() throws {
    let a = try Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
    let c = try a.choleskyFactorization()
    #expect(c.lower == (try Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]])))
    // A·(1, −1, 2)ᵀ = (−40, −111, 223)ᵀ by hand; forward then back substitution stay in integers.
    #expect(try c.solve([-40, -111, 223]) == [1, -1, 2])
    // log det A = 2·(log 2 + log 1 + log 3) = ln 36 = 3.58351893845611000162495471676… (Python 3
    // `decimal`, 30 digits). A sum of three correctly rounded logarithms, doubled: within 4 ulps.
    expectClose(c.logDeterminant, 3.583_518_938_456_110_001_624_954_716_76, tolerance: 4 * Tolerance.epsilon, "log det")
  }

  @Test func badInputIsATypedError() throws {
    let c = try Matrix([[4, 2], [2, 3]]).choleskyFactorization()
    expectParameterError("b") { try c.solve([1, 2, 3]) }
    expectParameterError("A") { try Matrix(rows: 2, columns: 3, repeating: 1).choleskyFactorization() }
    expectParameterError("A") { try Matrix([[1, .nan], [.nan, 1]]).choleskyFactorization() }
  }
}
