import Foundation
import RepAlignNumerics

/// How the end-to-end linear map β̂ is fitted, as a spectral filter φ on the eigenvalues s of
/// XᵀX / n (THEORY.md §6). An estimator with filter φ has, in the eigenbasis of XᵀX,
/// β̂ = Σᵢ φ(sᵢ)·(least-squares coefficient)ᵢ; φ(0) = 0 always (no component outside the row space).
///
/// - `minimumNorm`: φ = 1 on s > 0 — the limit of gradient descent from a vanishing
///   initialisation (§3), X⁺y.
/// - `ridge(lambda:)`: β̂ = (XᵀX + nλI)⁻¹Xᵀy, φ = s / (s + λ), λ > 0.
/// - `gradientDescent(steps:learningRate:)`: t full-batch steps of size η on
///   ‖Xβ − y‖² / (2n) from β = 0, φ = 1 − (1 − ηs)^t. Converges on the spectrum only when
///   η·s_max < 2 (checked by the tiers, which know the spectrum).
/// - `gradientFlow(time:)`: the η → 0, ηt = τ limit, φ = 1 − e^{−sτ}.
public enum Estimator: Sendable, Equatable, Hashable, CustomStringConvertible {
  case minimumNorm
  case ridge(lambda: Double)
  case gradientDescent(steps: Int, learningRate: Double)
  case gradientFlow(time: Double)

  /// Checks the parameters: λ, η, τ finite and > 0; t ≥ 1.
  public func validate() throws(ParameterError) {
    switch self {
    case .minimumNorm: break
    case .ridge(let lambda):
      try require(
        lambda.isFinite && lambda > 0, "ridge",
        "must be finite and > 0 (use the minimum-norm estimator for λ = 0)", got: lambda)
    case .gradientDescent(let steps, let eta):
      try require(steps >= 1, "gd-steps", "must be ≥ 1", got: steps)
      try require(eta.isFinite && eta > 0, "lr", "must be finite and > 0", got: eta)
    case .gradientFlow(let time):
      try require(time.isFinite && time > 0, "time", "must be finite and > 0", got: time)
    }
  }

  /// φ(s) for s ≥ 0; φ(0) = 0.
  public func filter(_ s: Double) -> Double {
    if s <= 0 { return 0 }
    switch self {
    case .minimumNorm: return 1
    case .ridge(let lambda): return s / (s + lambda)
    case .gradientDescent(let steps, let eta):
      let q = eta * s
      // −expm1(t·log1p(−ηs)) is accurate for small ηs, where 1 − (1 − ηs)^t cancels.
      return q < 1 ? -expm1(Double(steps) * log1p(-q)) : 1 - pow(1 - q, Double(steps))
    case .gradientFlow(let time): return -expm1(-s * time)
    }
  }

  /// φ(s)² / s, continuous at s = 0 for every filter except `minimumNorm` (whose value there is
  /// +∞: the 1/s factor of the noise energy, THEORY.md §6).
  public func filterSquaredOverS(_ s: Double) -> Double {
    if s <= 0 { return self == .minimumNorm ? .infinity : 0 }
    let f = filter(s)
    return f * (f / s)
  }

  /// True when φ vanishes at s = 0 continuously (every filter but `minimumNorm`).
  public var isRegularized: Bool { self != .minimumNorm }

  public var description: String {
    switch self {
    case .minimumNorm: return "minimum-norm"
    case .ridge(let lambda): return "ridge(λ=\(lambda))"
    case .gradientDescent(let steps, let eta): return "gd(t=\(steps), η=\(eta))"
    case .gradientFlow(let time): return "flow(τ=\(time))"
    }
  }
}
