import RepAlignNumerics

/// The outcome of one claim check, with the evidence a reader needs to judge it.
///
/// `margin` is in standard-error units: the smallest (z-score − required z) over the comparisons
/// that decide the verdict, so `passed` ⇔ `margin > 0` for the statistical part. `zLevel` is the
/// required z and `typeIRate` the Bonferroni-split rate it encodes (the probability of declaring
/// the effect when there is none). `estimatedFailureRate` is the plug-in probability that a rerun
/// with fresh seeds fails, Σ Φ(z − zᵢ) over the deciding comparisons — what the fresh-seed mode
/// measures directly.
public struct ClaimVerdict: Sendable, Codable, Equatable {
  public let claim: String
  public let passed: Bool
  public let margin: Double
  public let zLevel: Double
  public let typeIRate: Double
  public let estimatedFailureRate: Double
  /// One line per comparison or criterion, human-readable.
  public let evidence: [String]
  /// Every comparison that decides the verdict, by coordinates: `passed` ⇔ all of them pass. A
  /// documented exception names exactly one of them (`ClaimEvaluator`).
  public let comparisons: [ComparisonOutcome]

  public init(
    claim: String, passed: Bool, margin: Double, zLevel: Double, typeIRate: Double,
    estimatedFailureRate: Double, evidence: [String], comparisons: [ComparisonOutcome]
  ) {
    self.comparisons = comparisons
    self.claim = claim
    self.passed = passed
    self.margin = margin
    self.zLevel = zLevel
    self.typeIRate = typeIRate
    self.estimatedFailureRate = estimatedFailureRate
    self.evidence = evidence
  }

  /// The same verdict with one more evidence line (context that does not decide it).
  public func addingEvidence(_ line: String) -> ClaimVerdict {
    ClaimVerdict(
      claim: claim, passed: passed, margin: margin, zLevel: zLevel, typeIRate: typeIRate,
      estimatedFailureRate: estimatedFailureRate, evidence: evidence + [line], comparisons: comparisons)
  }

  /// "PASS (margin 3.2 s.e.)" / "FAIL (margin −1.1 s.e.)".
  public var summary: String {
    "\(passed ? "PASS" : "FAIL") (margin \(Estimate.rounded(margin, digits: 2)) s.e.)"
  }
}
