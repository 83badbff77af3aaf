import RepAlignNumerics

/// Spectral-filter estimators (ridge, gradient descent, gradient flow; minimum norm as φ = 1)
/// in the proportional limit, through integrals over the Marchenko–Pastur law μ_γ of XᵀX/n
/// (THEORY.md §6):
///
///   S = ∫ φ² dμ,  N = γ ∫ φ²/s dμ,  B = ∫ (1 − φ)² dμ,
///   c_φ = r²S / (r²S + σ²N),  CKA ≈ c_φ²,  R_φ = r²B + σ²N.
///
/// The atom of mass (1 − 1/γ)₊ at s = 0 is handled explicitly: φ(0) = 0 for every estimator (no
/// fit outside the row space), so it adds nothing to S or N and its full mass to B. The 1/s
/// factor of N is combined with the filter as φ²/s, continuous at 0 for regularised filters; for
/// the minimum-norm filter N = γ∫ρ/s is finite only for γ ≠ 1 (= γ/(1 − γ) or 1/(γ − 1), §5).
/// The √ edges are integrated by GSL QAWS (`MarchenkoPastur.integrateContinuous`).
///
/// Domain: any γ > 0 for ridge/GD/flow; γ ≠ 1 for minimum norm; gradient descent needs
/// η·s₊ < 2 (s₊ = (1 + √γ)²) or it diverges along the top eigen-directions — an error.
/// As λ → 0 or t → ∞ the results tend to `AsymptoticTier` (tested).
public enum FilteredTier {
  public static func predict(_ model: LinearModel, estimator: Estimator) throws
    -> AlignmentPrediction
  {
    try estimator.validate()
    let mp = try MarchenkoPastur(gamma: model.gamma)
    if estimator == .minimumNorm {
      try require(
        model.n != model.d, "n",
        "must differ from d = \(model.d) for the ridgeless filtered tier (noise energy diverges at γ = 1); add --ridge",
        got: model.n)
    }
    if case .gradientDescent(_, let eta) = estimator {
      try require(
        eta * mp.upperEdge < 2, "lr",
        "must be < 2/s₊ = \(2 / mp.upperEdge) for gradient descent to converge (γ = \(model.gamma))",
        got: eta)
    }
    let signalEnergy = try mp.integrateContinuous { s in
      let f = estimator.filter(s)
      return f * f
    }
    let noiseEnergy =
      model.gamma * (try mp.integrateContinuous { s in estimator.filterSquaredOverS(s) })
    let bias: Double
    if estimator == .minimumNorm {
      bias = mp.atomAtZero // (1 − φ)² = 0 on the continuous part
    } else {
      bias = try mp.expectation(
        { s in
          let g = 1 - estimator.filter(s)
          return g * g
        }, valueAtZero: 1)
    }
    let r2 = model.signal
    let s2 = model.noiseVariance
    let c = r2 * signalEnergy / (r2 * signalEnergy + s2 * noiseEnergy)
    return AlignmentPrediction(
      tier: .filtered, model: model, estimator: estimator, alignmentCosine: c, alignmentCKA: c * c,
      excessRisk: r2 * bias + s2 * noiseEnergy)
  }
}
