import RepAlignNumerics

/// Claim 3 (THEORY.md §1, §7): higher alignment does not imply lower generalization error.
///
/// Given conditions (e.g. the points of an n-sweep), each with an alignment score and a test
/// error, the claim is exhibited by a pair (i, j) where alignment is significantly higher at i
/// *and* the test error is significantly higher at i too. Each unordered pair is one comparison;
/// z is the one-sided Bonferroni level over all K = N(N − 1)/2 pairs at rate α, applied to both
/// differences. The Spearman rank correlation between alignment and error across the conditions
/// is always reported; it is a pass criterion only when `maximumRankCorrelation` is given.
/// It is *not* required by default because the theory itself does not make it far from −1 along
/// an n-sweep: for the linear network at d = 50, SNR = 4 (THEORY.md §5 closed forms, n from 5 to
/// 800 avoiding |n − d| ≤ 3) it is −0.93 — most of the sweep has alignment and error moving in
/// opposite directions, and the decoupling lives in specific pairs (small n against n a little
/// above d, THEORY.md §7).
public enum Decoupling {
  public static func check(
    labels: [String], alignment: [Estimate], testError: [Estimate], significance alpha: Double,
    maximumRankCorrelation: Double? = nil
  ) throws -> ClaimVerdict {
    let count = labels.count
    try require(
      alignment.count == count && testError.count == count, "alignment, test_error",
      "must have one estimate per condition (\(count))", got: "\(alignment.count), \(testError.count)")
    try require(count >= 2, "conditions", "must hold at least 2", got: count)
    let k = count * (count - 1) / 2
    let z = try NormalDistribution.bonferroniZ(familyRate: alpha, comparisons: k)
    var best: (i: Int, j: Int, ta: Double, te: Double)? = nil
    for i in 0..<count {
      for j in 0..<count where i != j {
        let ta = Estimate.zScore(of: alignment[i], over: alignment[j])
        let te = Estimate.zScore(of: testError[i], over: testError[j])
        guard ta > 0 && te > 0 else { continue }
        if best == nil || min(ta, te) > min(best!.ta, best!.te) { best = (i, j, ta, te) }
      }
    }
    let rho = (try? Correlation.spearman(alignment.map(\.mean), testError.map(\.mean))) ?? 0
    var evidence: [String] = []
    let margin: Double
    var failure = 1.0
    if let b = best {
      margin = min(b.ta, b.te) - z
      failure = min(1, NormalDistribution.cdf(z - b.ta) + NormalDistribution.cdf(z - b.te))
      evidence.append(
        "\(labels[b.i]) vs \(labels[b.j]): alignment \(alignment[b.i]) > \(alignment[b.j]) (z = \(Estimate.rounded(b.ta, digits: 2))) and test error \(testError[b.i]) > \(testError[b.j]) (z = \(Estimate.rounded(b.te, digits: 2))); need both > \(Estimate.rounded(z, digits: 2))"
      )
    } else {
      margin = -.infinity
      evidence.append("no pair has both higher alignment and higher test error")
    }
    let rankOK = maximumRankCorrelation.map { rho > $0 } ?? true
    evidence.append(
      "Spearman ρ(alignment, test error) = \(Estimate.rounded(rho, digits: 3))"
        + (maximumRankCorrelation.map { " (must be > \(Estimate.rounded($0, digits: 2)))" }
          ?? " (reported, not required)"))
    return ClaimVerdict(
      claim: "decoupling", passed: margin > 0 && rankOK, margin: margin, zLevel: z,
      typeIRate: alpha / Double(k), estimatedFailureRate: failure, evidence: evidence,
      comparisons: [ComparisonOutcome(.init(.pair), margin: margin, passed: margin > 0)]
        + (maximumRankCorrelation.map { [ComparisonOutcome(.init(.rankCorrelation), margin: nil, passed: rho > $0)] }
          ?? []))
  }
}
