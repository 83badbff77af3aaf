import _CGSL

/// The standard normal distribution through GSL's `gsl_cdf_ugaussian_*` (Wichura's AS241 for
/// the quantile, accurate to about 1e-16 relative). Used to turn a stated significance level into
/// a z-level for claim tests, and Student-t statistics into the z scale.
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

  /// The one-sided z-level for `comparisons` tests sharing a family-wise significance level
  /// `alpha` (the probability that some comparison passes when there is no effect; Bonferroni):
  /// Φ⁻¹(1 − α/K).
  public static func bonferroniZ(familyRate alpha: Double, comparisons k: Int) throws(ParameterError)
    -> Double
  {
    try require(alpha > 0 && alpha < 1, "significance", "must be in (0, 1)", got: alpha)
    try require(k >= 1, "comparisons", "must be ≥ 1", got: k)
    return gsl_cdf_ugaussian_Qinv(alpha / Double(k))
  }

  /// A Student-t statistic with ν degrees of freedom expressed on the z scale: the normal
  /// quantile with the same one-sided tail probability, Φ⁻¹(F_ν(t)) (GSL's `gsl_cdf_tdist_Q`,
  /// taken in the tail that keeps precision). A paired mean difference over k units has ν = k − 1;
  /// comparing this with a Bonferroni z-level is the exact t-test at that level for normal units,
  /// and the conversion shrinks |t| (for ν = 15, t = 5 is z = 3.78). ±∞ and NaN pass through.
  public static func zEquivalent(ofT t: Double, degreesOfFreedom nu: Double) -> Double {
    guard t.isFinite, nu.isFinite, nu > 0 else { return t }
    if t >= 0 { return gsl_cdf_ugaussian_Qinv(gsl_cdf_tdist_Q(t, nu)) }
    return gsl_cdf_ugaussian_Pinv(gsl_cdf_tdist_P(t, nu))
  }
}
