import RepAlignNumerics

/// Claim 1 (THEORY.md §1): ensemble alignment increases monotonically with the SNR.
///
/// Given alignment estimates on an increasing SNR grid (alignment scores, larger = more aligned),
/// every adjacent pair must increase by more than z standard errors of the difference, with z the
/// one-sided Bonferroni level for the K = grid − 1 comparisons at family-wise rate α:
/// z = Φ⁻¹(1 − α/K).
public enum SNRMonotonicity {
  /// `gridValues` name the steps in the spec's own noise variable (flip probabilities for a
  /// label-flip grid); default: the SNRs.
  public static func check(
    snr: [Double], alignment: [Estimate], significance alpha: Double, gridValues: [Double]? = nil
  ) throws -> ClaimVerdict {
    try require(
      snr.count == alignment.count, "alignment", "must have one estimate per SNR (\(snr.count))",
      got: alignment.count)
    try require(snr.count >= 2, "snr", "must hold at least 2 grid points", got: snr.count)
    try require(
      zip(snr, snr.dropFirst()).allSatisfy { $0 < $1 }, "snr", "must be strictly increasing",
      got: snr.description)
    let names = gridValues ?? snr
    try require(
      names.count == snr.count, "grid_values", "must have one value per SNR (\(snr.count))", got: names.count)
    let k = snr.count - 1
    var comparisons: [ComparisonOutcome] = []
    let z = try NormalDistribution.bonferroniZ(familyRate: alpha, comparisons: k)
    var margin = Double.infinity
    var failure = 0.0
    var evidence: [String] = []
    for i in 0..<k {
      let t = Estimate.zScore(of: alignment[i + 1], over: alignment[i])
      margin = min(margin, t - z)
      failure += NormalDistribution.cdf(z - t)
      comparisons.append(ComparisonOutcome(.init(step: [names[i], names[i + 1]]), margin: t - z, passed: t - z > 0))
      evidence.append(
        "SNR \(Estimate.rounded(snr[i])) → \(Estimate.rounded(snr[i + 1])): \(alignment[i]) → \(alignment[i + 1]), z = \(Estimate.rounded(t, digits: 2)) (need > \(Estimate.rounded(z, digits: 2)))"
      )
    }
    return ClaimVerdict(
      claim: "snr_monotone", passed: margin > 0, margin: margin, zLevel: z, typeIRate: alpha / Double(k),
      estimatedFailureRate: min(1, failure), evidence: evidence, comparisons: comparisons)
  }
}
