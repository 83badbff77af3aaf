import RepAlignNumerics

/// Named tolerances, in units of machine epsilon, each with the bound it comes from.
///
/// ε = 2⁻⁵² (`Double.ulpOfOne`); the unit round-off is u = ε/2.
public enum Tolerance {
  /// Machine epsilon, 2⁻⁵².
  public static let epsilon = Double.ulpOfOne

  /// γ_k = k·u / (1 − k·u): the classical bound on the relative error of a length-k dot product,
  /// |fl(xᵀy) − xᵀy| ≤ γ_k·|x|ᵀ|y| (Higham, *Accuracy and Stability*, §3.1). Applies entry-wise to
  /// GEMM/GEMV (inner dimension k) whatever the summation order OpenBLAS picks.
  public static func dotProduct(length k: Int) -> Double {
    let ku = Double(max(k, 1)) * epsilon / 2
    return ku / (1 - ku)
  }

  /// Relative backward-error allowance for a backward-stable dense factorisation of an m × n
  /// matrix (SVD, symmetric QR, Cholesky): ‖A − factors‖ ≤ c·max(m, n)·ε·‖A‖ with the modest
  /// constant c = 16 covering the few dozen rotations per entry (Golub & Van Loan §8.6, §5.4).
  public static func factorization(_ m: Int, _ n: Int) -> Double {
    16 * Double(max(m, n, 1)) * epsilon
  }

  /// Orthonormality loss ‖QᵀQ − I‖_max for factors from Householder/Givens methods: same order.
  public static func orthogonality(_ n: Int) -> Double { factorization(n, n) }

  /// Relative error allowed after amplification by a condition number κ (forward error of a
  /// backward-stable solve ≈ κ × backward error).
  public static func conditioned(_ kappa: Double, _ m: Int, _ n: Int) -> Double {
    kappa * factorization(m, n)
  }

  /// Quadrature: the integrator is asked for relative accuracy 1e-10; allow 10× that, since
  /// QUADPACK's error estimate is an estimate, not a bound.
  public static let quadrature = 10 * Quadrature.defaultRelativeTolerance

  /// Root finding: the bracket is shrunk to 4ε relative; allow 8 ulps for evaluation round-off.
  public static let root = 8 * epsilon
}
