import Foundation
import RepAlignNumerics

/// The laws of the threshold spike (THEORY.md §11) as computable quantities of the exact tier,
/// min-norm fits, Σ = I, Gaussian designs with N(0, 1) entries.
///
/// - Noise-part alignment: the two members' noise fits u_a, u_b ~ N(0, σ²M), M = (XᵀX)⁺, are
///   independent given X; E_ξ[cos²(u_a, u_b)] = ‖E[uuᵀ/‖u‖²]‖²_F is computed exactly per design by
///   `GaussianDirectionMoments` (mean 0, variances 1/Sᵢ²; σ² cancels), then averaged over designs.
///   §11 records that it depends on k = n − d only (≈ 0.50, 0.25, 0.15, 0.09 at |k| = 0, 2, 5, 10).
/// - Noise share of the smallest direction: u = X⁺ξ has energy σ² Σᵢ Sᵢ⁻²; at n = d the smallest
///   singular direction alone carries s_min⁻²/Σᵢ Sᵢ⁻², ≈ 81 % on average at every d (§11).
/// - Minimum offset: the CKA minima sit at |n − d| ≈ (d/SNR)^{2/3}/2^{1/3}.
/// - Window rule: a window d·[1 − w, 1 + w] holds both minima when the offset is ≤ w·d, i.e.
///   (d/SNR)²/2 ≤ w³d³ ⇔ d·SNR² ≥ 1/(2w³) (= 62.5 for w = 0.2, §11's "≳ 63").
public enum SpikeLaws {
  /// (d/SNR)^{2/3} / 2^{1/3}, the predicted |n − d| of the CKA minima.
  public static func minimumOffset(d: Int, snr: Double) throws(ParameterError) -> Double {
    try require(d >= 1, "d", "must be ≥ 1", got: d)
    try require(snr.isFinite && snr > 0, "snr", "must be finite and > 0", got: snr)
    return pow(Double(d) / snr, 2.0 / 3.0) / pow(2.0, 1.0 / 3.0)
  }

  /// 1/(2w³): the least d·SNR² for which a ±w·d window around n = d holds both minima.
  public static func windowRuleBound(halfWidth w: Double) throws(ParameterError) -> Double {
    try require(w.isFinite && w > 0 && w < 1, "halfWidth", "must be in (0, 1)", got: w)
    return 1 / (2 * w * w * w)
  }

  /// True when d·SNR² ≥ 1/(2w³) (equivalently `minimumOffset` ≤ w·d).
  public static func windowHoldsMinima(d: Int, snr: Double, halfWidth w: Double) throws(ParameterError) -> Bool {
    try require(snr.isFinite && snr > 0, "snr", "must be finite and > 0", got: snr)
    return Double(d) * snr * snr >= (try windowRuleBound(halfWidth: w))
  }

  /// E_ξ[cos²(u_a, u_b)] for one design (exact noise average).
  public static func noisePartSquaredCosine(design x: Matrix) throws -> Double {
    let svd = try x.singularValueDecomposition(name: "X")
    let cutoff = Matrix.defaultRankCutoff(svd.singularValues, rows: x.rows, columns: x.columns)
    let v = svd.singularValues.filter { $0 > cutoff }.map { 1 / ($0 * $0) }
    try require(!v.isEmpty, "X", "must have rank ≥ 1", got: 0)
    return try GaussianDirectionMoments(mean: [Double](repeating: 0, count: v.count), variance: v)
      .expectedSquaredCosine
  }

  /// Mean over `designs` Gaussian n × d designs (drawn as in `ExactTier.predict`, from
  /// `seed.child(.data).child(j)`) of the noise-part E[cos²], with its standard error s/√D.
  public static func noisePartSquaredCosine(d: Int, n: Int, designs: Int, seed: StreamSeed) throws -> Estimate {
    try require(d >= 1, "d", "must be ≥ 1", got: d)
    try require(n >= 1, "n", "must be ≥ 1", got: n)
    try require(designs >= 2, "designs", "must be ≥ 2 (a standard error needs two)", got: designs)
    var values: [Double] = []
    for j in 0..<designs {
      let x = RandomStream(seed.child(.data).child(j)).normalMatrix(rows: n, columns: d)
      values.append(try noisePartSquaredCosine(design: x))
    }
    let s = ExactTier.meanAndStandardError(values)
    return Estimate(s.mean, standardError: s.se)
  }

  /// S_min⁻² / Σᵢ Sᵢ⁻² over the nonzero singular values of one design: the share of the noise
  /// energy E‖X⁺ξ‖² = σ² Σᵢ Sᵢ⁻² carried by the smallest singular direction.
  public static func smallestDirectionNoiseShare(design x: Matrix) throws -> Double {
    let svd = try x.singularValueDecomposition(name: "X")
    let cutoff = Matrix.defaultRankCutoff(svd.singularValues, rows: x.rows, columns: x.columns)
    let w = svd.singularValues.filter { $0 > cutoff }.map { 1 / ($0 * $0) }
    try require(!w.isEmpty, "X", "must have rank ≥ 1", got: 0)
    return w.max()! / w.reduce(0, +)
  }

  /// Mean of `smallestDirectionNoiseShare` over `designs` Gaussian n × d designs (drawn as in
  /// `ExactTier.predict`), with its standard error.
  public static func smallestDirectionNoiseShare(d: Int, n: Int, designs: Int, seed: StreamSeed) throws -> Estimate {
    try require(d >= 1, "d", "must be ≥ 1", got: d)
    try require(n >= 1, "n", "must be ≥ 1", got: n)
    try require(designs >= 2, "designs", "must be ≥ 2 (a standard error needs two)", got: designs)
    let values = try (0..<designs).map { j in
      try smallestDirectionNoiseShare(
        design: RandomStream(seed.child(.data).child(j)).normalMatrix(rows: n, columns: d))
    }
    return Estimate(values)
  }
}
