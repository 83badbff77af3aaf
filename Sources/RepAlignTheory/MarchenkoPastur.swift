import Foundation
import RepAlignNumerics

/// The Marchenko–Pastur law μ_γ: the limiting eigenvalue distribution of XᵀX / n for an n × d
/// matrix X of independent N(0, 1) entries, n, d → ∞ with γ = d / n (THEORY.md §6):
///
///   dμ(s) = ρ(s) ds + (1 − 1/γ)₊ δ₀(s),   ρ(s) = √((s₊ − s)(s − s₋)) / (2πγs) on [s₋, s₊],
///   s± = (1 ± √γ)².
///
/// The continuous part has mass min(1, 1/γ); for γ > 1 the atom at 0 carries the rest (the
/// d − n directions outside the row space of X).
///
/// Integrals against ρ use GSL's QAWS rule (`Quadrature.Rule.algebraicLogarithmic`), which
/// integrates the √ edge behaviour exactly: for γ ≠ 1 the weight is (s − s₋)^½ (s₊ − s)^½ and the
/// remainder k(s) / (2πγs) is smooth on [s₋, s₊] because s₋ > 0. For γ = 1, s₋ = 0 and the 1/s
/// of the density merges with the edge: the weight becomes s^{−½}(4 − s)^½ (α = −½) and the
/// remainder k(s)/(2π) must be finite at 0 — callers integrating a 1/s moment at γ = 1 must pass
/// an integrand that is finite at 0 (regularised filters are; the minimum-norm 1/s is not, and
/// that integral diverges).
public struct MarchenkoPastur: Sendable, Equatable {
  /// γ = d / n > 0.
  public let gamma: Double

  public init(gamma: Double) throws(ParameterError) {
    try require(gamma.isFinite && gamma > 0, "gamma", "must be finite and > 0", got: gamma)
    self.gamma = gamma
  }

  /// s₋ = (1 − √γ)².
  public var lowerEdge: Double {
    let r = 1 - gamma.squareRoot()
    return r * r
  }
  /// s₊ = (1 + √γ)².
  public var upperEdge: Double {
    let r = 1 + gamma.squareRoot()
    return r * r
  }
  /// Mass of the atom at zero, (1 − 1/γ)₊.
  public var atomAtZero: Double { gamma > 1 ? 1 - 1 / gamma : 0 }

  /// Absolute tolerance added to the default relative one: integrals that vanish (e.g. the bias of
  /// a nearly converged filter) would otherwise never meet a purely relative criterion. 1e-14 is
  /// far below any quantity the tiers report.
  public static let absoluteTolerance = 1e-14

  /// ∫ k(s) ρ(s) ds over the continuous part only. For γ = 1, `k` must be finite at s = 0.
  public func integrateContinuous(_ k: (Double) -> Double) throws -> Double {
    let lo = lowerEdge
    let hi = upperEdge
    if gamma == 1 {
      return try Quadrature.integrate(
        { s in k(s) / (2 * Double.pi) }, from: 0, to: hi,
        rule: .algebraicLogarithmic(alpha: -0.5, beta: 0.5),
        absoluteTolerance: Self.absoluteTolerance
      ).value
    }
    let scale = 1 / (2 * Double.pi * gamma)
    return try Quadrature.integrate(
      { s in k(s) * scale / s }, from: lo, to: hi,
      rule: .algebraicLogarithmic(alpha: 0.5, beta: 0.5),
      absoluteTolerance: Self.absoluteTolerance
    ).value
  }

  /// ∫ k dμ including the atom: k(0)·(1 − 1/γ)₊ + ∫ k ρ. `valueAtZero` is the value (or limit)
  /// of k at 0, used only when γ > 1.
  public func expectation(_ k: (Double) -> Double, valueAtZero: Double) throws -> Double {
    let atom = atomAtZero
    return (atom > 0 ? atom * valueAtZero : 0) + (try integrateContinuous(k))
  }
}
