import RepAlignData
import RepAlignNumerics

/// The proportional limit n, d → ∞ with γ = d/n fixed, minimum-norm fits, Σ = I (THEORY.md §5;
/// Hastie, Montanari, Rosset & Tibshirani 2022, Thm 1 and 3):
///
///   c = SNR / (SNR + γ/|1 − γ|),       CKA = c²   (cos concentrates in the limit),
///   R = σ²γ/(1 − γ)                     for γ < 1,
///   R = r²(1 − 1/γ) + σ²/(γ − 1)        for γ > 1.
///
/// Domain: γ ≠ 1 (at γ = 1 the noise energy and the risk diverge and c → 0; that is a
/// `ParameterError`, not a NaN). Properties: c is strictly increasing in SNR, → SNR/(SNR+1) as
/// γ → ∞ (n → 0) and → 1 as γ → 0 (n → ∞).
public enum AsymptoticTier {
  /// Prediction at aspect ratio γ = d/n.
  public static func predict(gamma: Double, snr: Double, signal: Double = 1) throws(ParameterError)
    -> (alignmentCosine: Double, alignmentCKA: Double, excessRisk: Double)
  {
    try require(gamma.isFinite && gamma > 0, "gamma", "must be finite and > 0", got: gamma)
    try require(
      gamma != 1, "gamma",
      "must differ from 1 (n ≠ d): the minimum-norm risk diverges at the threshold", got: gamma)
    try NoiseLevel.snr(snr).validate(parameter: "snr")
    try require(signal.isFinite && signal > 0, "signal", "must be finite and > 0", got: signal)
    let sigma2 = NoiseLevel.snr(snr).noiseVariance(signal: signal)
    let c = snr / (snr + gamma / abs(1 - gamma))
    let risk =
      gamma < 1 ? sigma2 * gamma / (1 - gamma) : signal * (1 - 1 / gamma) + sigma2 / (gamma - 1)
    return (c, c * c, risk)
  }

  /// Prediction for the model's γ = d/n (minimum-norm only).
  public static func predict(_ model: LinearModel) throws(ParameterError) -> AlignmentPrediction {
    try require(
      model.n != model.d, "n",
      "must differ from d = \(model.d) for the asymptotic tier (risk diverges at n = d)",
      got: model.n)
    let p = try predict(gamma: model.gamma, snr: model.snr, signal: model.signal)
    return AlignmentPrediction(
      tier: .asymptotic, model: model, estimator: .minimumNorm, alignmentCosine: p.alignmentCosine,
      alignmentCKA: p.alignmentCKA, excessRisk: p.excessRisk)
  }
}
