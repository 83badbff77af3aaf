import _CGSL

/// The standard normal distribution through GSL's `gsl_cdf_ugaussian_*` (Wichura's AS241 for
/// the quantile, accurate to about 1e-16 relative). Used to turn a stated false-failure rate into
/// a z-level for claim tests.
public enum NormalDistribution {
  /// Φ(x) = P(Z ≤ x).
  public static func cdf(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

  /// P(Z > x), accurate in the far tail.
  public static func survival(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }

  /// Φ⁻¹(p) for p in (0, 1).
  public static func quantile(_ p: Double) throws(ParameterError) -> Double {
    try require(p > 0 && p < 1, "p", "must be in (0, 1)", got: p)
    return gsl_cdf_ugaussian_Pinv(p)
  }

  /// The one-sided z-level for `comparisons` tests sharing a family-wise false-failure rate
  /// `alpha` (Bonferroni): Φ⁻¹(1 − α/K).
  public static func bonferroniZ(familyRate alpha: Double, comparisons k: Int) throws(ParameterError)
    -> Double
  {
    try require(alpha > 0 && alpha < 1, "false_failure_rate", "must be in (0, 1)", got: alpha)
    try require(k >= 1, "comparisons", "must be ≥ 1", got: k)
    return gsl_cdf_ugaussian_Qinv(alpha / Double(k))
  }
}
