import RepAlignNumerics

/// Moments of the inverse of W ~ Wishart_p(N, I) (p × p, N degrees of freedom), with m = N − p.
///
/// Sources: the mean is standard (Muirhead 1982, Thm 3.2.11); the second moments follow from the
/// covariance of W⁻¹ entries, Cov(W⁻¹ᵢⱼ, W⁻¹ₖₗ) = [2δᵢⱼδₖₗ + (m − 1)(δᵢₖδⱼₗ + δᵢₗδⱼₖ)] /
/// (m(m − 1)²(m − 3)) (Press 1982, §5.2; von Rosen 1988), which gives THEORY.md §5's
/// E[W⁻²] = (N − 1) / (m(m − 1)(m − 3)) · I and Var(tr W⁻¹) = 2p / ((m − 1)²(m − 3)).
/// For p = 1 these reduce to the inverse-χ² moments 1/(N − 2), 1/((N − 2)(N − 4)).
///
/// Domains (the moments are infinite outside them; asking is a `ParameterError`):
/// first moments m ≥ 2, second moments m ≥ 4.
public struct InverseWishartMoments: Sendable, Equatable {
  /// Dimension p ≥ 1.
  public let p: Int
  /// Degrees of freedom N.
  public let degreesOfFreedom: Int

  public init(p: Int, degreesOfFreedom n: Int) throws(ParameterError) {
    try require(p >= 1, "p", "must be ≥ 1", got: p)
    try require(
      n - p >= 2, "N − p", "must be ≥ 2 for the inverse-Wishart mean to exist (N = \(n), p = \(p))",
      got: n - p)
    self.p = p
    self.degreesOfFreedom = n
  }

  private var m: Double { Double(degreesOfFreedom - p) }

  /// E[(W⁻¹)ᵢᵢ] = 1/(m − 1) (any fixed unit direction). Needs m ≥ 2.
  public var meanDiagonal: Double { 1 / (m - 1) }
  /// E tr W⁻¹ = p/(m − 1). Needs m ≥ 2.
  public var meanTrace: Double { Double(p) / (m - 1) }

  private func requireSecond() throws(ParameterError) {
    try require(
      degreesOfFreedom - p >= 4, "N − p",
      "must be ≥ 4 for inverse-Wishart second moments to exist (N = \(degreesOfFreedom), p = \(p))",
      got: degreesOfFreedom - p)
  }

  /// E tr W⁻² = p(N − 1) / (m(m − 1)(m − 3)). Needs m ≥ 4.
  public func meanTraceOfSquare() throws(ParameterError) -> Double {
    try requireSecond()
    return Double(p) * Double(degreesOfFreedom - 1) / (m * (m - 1) * (m - 3))
  }

  /// E[(tr W⁻¹)²] = (p/(m − 1))² + 2p/((m − 1)²(m − 3)). Needs m ≥ 4.
  public func meanSquaredTrace() throws(ParameterError) -> Double {
    try requireSecond()
    let t = meanTrace
    return t * t + 2 * Double(p) / ((m - 1) * (m - 1) * (m - 3))
  }
}
