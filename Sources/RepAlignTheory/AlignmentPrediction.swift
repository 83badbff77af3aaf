/// Which approximation produced a prediction (THEORY.md §5–6, and the exact estimator of §5).
public enum PredictionTier: String, Sendable, CaseIterable, Codable {
  /// Proportional limit n, d → ∞ at fixed γ = d/n: closed forms (`AsymptoticTier`).
  case asymptotic
  /// Finite n, d with inverse-Wishart moments, design-averaged ratio of expectations
  /// (`FiniteTier`); undefined for |n − d| ≤ 3.
  case finite
  /// Spectral filters (ridge, gradient descent, gradient flow) integrated against the
  /// Marchenko–Pastur law (`FilteredTier`).
  case filtered
  /// Noise expectations computed exactly for given designs (`ExactTier`), no ratio of
  /// expectations; averaged over sampled designs with a standard error.
  case exact
  /// Deterministic equivalents for anisotropic inputs x ~ N(0, Σ), min-norm or ridge
  /// (`AnisotropicTier`; Hastie et al. 2022 §5): the proportional limit for a given spectrum.
  case anisotropic
}

/// What every tier predicts for an ensemble of linear networks (THEORY.md §3–6).
///
/// - `alignmentCosine`: the cosine alignment. For the asymptotic, finite and filtered tiers it is
///   the ratio of expectations c = E[β̂_a·β̂_b] / E‖β̂_a‖² of §5–6; for the exact tier it is the
///   exact expectation E[cos(β̂_a, β̂_b)].
/// - `alignmentCKA`: the linear-CKA alignment of the hidden layers for m → ∞ test inputs and
///   vanishing initialisation, which equals E[cos²(β̂_a, β̂_b)] (§3: CKA of rank-one
///   representations is the squared correlation of their projections). Asymptotic and filtered
///   tiers (and the anisotropic one) give c² (cos concentrates in the limit); the finite tier the ratio of design-averaged
///   second moments; the exact tier E[cos²] itself.
/// - `excessRisk`: E‖β̂ − β‖² (= excess test risk for Σ = I), averaged over noise and design.
/// - `standardError`: present only where the value is a Monte Carlo average (the exact tier over
///   sampled designs); the other tiers are deterministic up to quadrature error (≤ 1e-9 relative).
public struct AlignmentPrediction: Sendable, Equatable {
  /// Standard errors of a Monte Carlo prediction.
  public struct StandardErrors: Sendable, Equatable {
    public let alignmentCosine: Double
    public let alignmentCKA: Double
    public let excessRisk: Double
    public init(alignmentCosine: Double, alignmentCKA: Double, excessRisk: Double) {
      self.alignmentCosine = alignmentCosine
      self.alignmentCKA = alignmentCKA
      self.excessRisk = excessRisk
    }
  }

  public let tier: PredictionTier
  public let model: LinearModel
  public let estimator: Estimator
  public let alignmentCosine: Double
  public let alignmentCKA: Double
  public let excessRisk: Double
  /// nil for deterministic tiers.
  public let standardError: StandardErrors?
  /// Exact tier only: the design-averaged ratio of expectations A_X of THEORY.md §5 (the
  /// "per-design RoE" row of §9), for comparison with `alignmentCKA`.
  public let ratioOfExpectationsCKA: Double?
  /// Exact tier only: the number of designs averaged.
  public let designs: Int?

  public init(
    tier: PredictionTier, model: LinearModel, estimator: Estimator, alignmentCosine: Double,
    alignmentCKA: Double, excessRisk: Double, standardError: StandardErrors? = nil,
    ratioOfExpectationsCKA: Double? = nil, designs: Int? = nil
  ) {
    self.tier = tier
    self.model = model
    self.estimator = estimator
    self.alignmentCosine = alignmentCosine
    self.alignmentCKA = alignmentCKA
    self.excessRisk = excessRisk
    self.standardError = standardError
    self.ratioOfExpectationsCKA = ratioOfExpectationsCKA
    self.designs = designs
  }
}
