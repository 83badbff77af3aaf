import RepAlignNumerics

/// Finite n and d, Gaussian design, minimum-norm fits, Σ = I: noise-and-design averages from the
/// inverse-Wishart moments (THEORY.md §4–5; Belkin, Hsu & Xu 2020 for the first moments).
///
/// With β̂_a = b + u_a, b = X⁺Xβ, u_a ~ N(0, σ²M), M = (XᵀX)⁺ (§4):
/// - n ≥ d + 4 (XᵀX ~ Wishart_d(n, I), b = β): E tr M = d/(n − d − 1), E bᵀMb = r²/(n − d − 1).
/// - d ≥ n + 4 (the nonzero spectrum of M is that of (XXᵀ)⁻¹, XXᵀ ~ Wishart_n(d, I); the row
///   space is a uniformly random n-plane independent of the spectrum): E‖b‖² = r²n/d,
///   E‖b‖⁴ = r⁴ n(n + 2)/(d(d + 2)) (‖b‖²/r² ~ Beta(n/2, (d − n)/2)), E tr M = n/(d − n − 1),
///   E bᵀMb = (r²/d)·E tr M, E[‖b‖² tr M] = E‖b‖²·E tr M.
///
/// Outputs:
/// - cosine c = E‖b‖² / (E‖b‖² + σ² E tr M) (§5's closed forms; these first moments alone exist
///   for |n − d| ≥ 2);
/// - CKA = E[(β̂_a·β̂_b)²] / E[‖β̂_a‖²‖β̂_b‖²], both averaged over noise and design:
///   numerator E‖b‖⁴ + 2σ² E bᵀMb + σ⁴ E tr M², denominator E‖b‖⁴ + 2σ² E[‖b‖² tr M] +
///   σ⁴ E(tr M)² — second moments, which exist only for |n − d| ≥ 4;
/// - risk R = r² − E‖b‖² + σ² E tr M.
/// Domain: |n − d| ≥ 4; |n − d| ≤ 3 is a `ParameterError`. The tier is a ratio of expectations:
/// within a few √d of n = d it is not the expected squared cosine (THEORY.md §5 and the §9 table;
/// use `ExactTier` there).
public enum FiniteTier {
  public static func predict(_ model: LinearModel) throws(ParameterError) -> AlignmentPrediction {
    let d = model.d
    let n = model.n
    try require(
      abs(n - d) >= 4, "n",
      "must satisfy |n − d| ≥ 4 for the finite tier (inverse-Wishart second moments diverge; d = \(d)); use --tier exact",
      got: n)
    let r2 = model.signal
    let s2 = model.noiseVariance
    let b2: Double
    let b4: Double
    let trM: Double
    let bMb: Double
    let trM2: Double
    let trMsq: Double
    if n > d {
      let w = try InverseWishartMoments(p: d, degreesOfFreedom: n)
      b2 = r2
      b4 = r2 * r2
      trM = w.meanTrace
      bMb = r2 * w.meanDiagonal
      trM2 = try w.meanTraceOfSquare()
      trMsq = try w.meanSquaredTrace()
    } else {
      let w = try InverseWishartMoments(p: n, degreesOfFreedom: d)
      let nd = Double(n)
      let dd = Double(d)
      b2 = r2 * nd / dd
      b4 = r2 * r2 * nd * (nd + 2) / (dd * (dd + 2))
      trM = w.meanTrace
      bMb = r2 / dd * trM
      trM2 = try w.meanTraceOfSquare()
      trMsq = try w.meanSquaredTrace()
    }
    let cosine = b2 / (b2 + s2 * trM)
    let numerator = b4 + 2 * s2 * bMb + s2 * s2 * trM2
    let denominator = b4 + 2 * s2 * b2 * trM + s2 * s2 * trMsq
    return AlignmentPrediction(
      tier: .finite, model: model, estimator: .minimumNorm, alignmentCosine: cosine,
      alignmentCKA: numerator / denominator, excessRisk: r2 - b2 + s2 * trM)
  }
}
