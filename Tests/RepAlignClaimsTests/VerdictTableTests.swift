import Testing

@testable import RepAlignClaims

@Suite struct VerdictTableTests {
  static let rows = [
    ClaimResult(
      experiment: "e", claim: "snr_monotone", model: "linear", task: "linear_regression", measure: "linear_cka",
      slice: "n=10",
      verdict: ClaimVerdict(
        claim: "c", passed: true, margin: 3.14159, zLevel: 3, typeIRate: 0.001, estimatedFailureRate: 0, evidence: [],
        comparisons: [ComparisonOutcome(.init(step: [1, 4]), margin: 3.14159, passed: true)])),
    ClaimResult(
      experiment: "e", claim: "snr_monotone", model: "linear", task: "linear_regression",
      measure: "information_imbalance",
      slice: "n=40",
      verdict: ClaimVerdict(
        claim: "c", passed: false, margin: -1.5, zLevel: 3, typeIRate: 0.001, estimatedFailureRate: 1, evidence: [],
        comparisons: [ComparisonOutcome(.init(step: [1, 4]), margin: -1.5, passed: false)])),
    ClaimResult(
      experiment: "e", claim: "snr_monotone", model: "relu", task: "linear_regression",
      measure: "information_imbalance",
      slice: "n=120",
      verdict: ClaimVerdict(
        claim: "c", passed: false, margin: -0.5, zLevel: 3, typeIRate: 0.001, estimatedFailureRate: 1, evidence: [],
        comparisons: [
          ComparisonOutcome(.init(step: [1, 4]), margin: -0.5, passed: false),
          ComparisonOutcome(.init(step: [4, 16]), margin: 2.5, passed: true),
        ]),
      excused: [
        .init(
          measure: "information_imbalance", slice: .init(n: 120), comparison: .init(step: [1, 4]),
          reason: "underpowered")
      ]),
  ]

  @Test func textColumnsAlign() {
    let lines = VerdictTable.text(Self.rows).split(separator: "\n")
    #expect(lines.count == 4)
    #expect(Set(lines.map(\.count)).count == 1, "every line padded to the same width")
    #expect(lines[1].contains("PASS") && lines[1].hasSuffix("3.14"))
    #expect(lines[2].contains("FAIL") && lines[2].hasSuffix("-1.5"))
    #expect(lines[3].contains("NOT ESTABLISHED (documented)"))
  }

  @Test func markdownHasOneRowPerCheck() {
    let lines = VerdictTable.markdown(Self.rows).split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines[3].contains("**FAIL**"))
    #expect(lines[4].contains("not established (documented)") && !lines[4].contains("**FAIL**"))
  }
}
