import Foundation
import RepAlignNumerics
import Testing

/// `ResourceBudget` and `CostEstimate`: sizes near `Int.max` compare as large numbers (no
/// overflow), an excess names the size most responsible, and lifting the arithmetic budget never
/// lifts the memory limit.
@Suite struct ResourceBudgetTests {
  /// A toy model: memory 8·a·b bytes, arithmetic a·b·c flop.
  static func toy(_ s: [Double]) -> CostEstimate { CostEstimate(bytes: 8 * s[0] * s[1], flops: s[0] * s[1] * s[2]) }
  static let budget = ResourceBudget(memoryBytes: 8e6, flops: 1e9)

  @Test func withinBothLimitsPasses() throws {
    try Self.budget.check("x", sizes: [("a", 1000), ("b", 1000), ("c", 1000)], cost: Self.toy)
  }

  @Test(arguments: [
    ([("a", 1000), ("b", 1001), ("c", 1)], "b", "memory"), ([("a", 600_000), ("b", 2), ("c", 1)], "a", "memory"),
    ([("a", 10), ("b", 10), ("c", 100_000_000)], "c", "--allow-large"),
    ([("a", Int.max), ("b", Int.max), ("c", Int.max)], "a", "memory"),
    ([("a", 1), ("b", Int.max), ("c", 1)], "b", "memory"),
  ])
  func overALimitNamesTheResponsibleSize(_ sizes: [(String, Int)], _ parameter: String, _ phrase: String) {
    #expect {
      try Self.budget.check("the thing", sizes: sizes.map { (name: $0.0, value: $0.1) }, cost: Self.toy)
    } throws: { error in
      guard let e = error as? ParameterError else { return false }
      return e.parameter == parameter && e.requirement.contains(phrase) && !e.description.contains("\n")
    }
  }

  @Test func nonFiniteEstimatesAreOverTheLimit() {
    #expect(throws: ParameterError.self) {
      try Self.budget.check("x", sizes: [("a", 1)]) { _ in CostEstimate(bytes: .nan, flops: 0) }
    }
    #expect(throws: ParameterError.self) {
      try Self.budget.check("x", sizes: [("a", 1)]) { _ in CostEstimate(bytes: 0, flops: .nan) }
    }
  }

  @Test func liftingTheArithmeticBudgetKeepsTheMemoryLimit() throws {
    let lifted = ResourceBudget.standard(allowLarge: true)
    #expect(lifted.flops == nil)
    try lifted.check("x", sizes: [("a", 1)]) { _ in CostEstimate(bytes: 1, flops: 1e300) }
    #expect(throws: ParameterError.self) {
      try lifted.check("x", sizes: [("a", 1)]) { _ in CostEstimate(bytes: 2 * ResourceBudget.machineMemoryBytes) }
    }
  }

  /// Sequential parts add up; repetitions multiply the arithmetic only and saturate at +∞.
  @Test func combiningEstimates() {
    let a = CostEstimate(bytes: 10, flops: 100)
    let c = a.then(CostEstimate(bytes: 5, flops: 1000))
    #expect(c.bytes == 15 && c.flops == 1100)
    let r = a.repeated(1e300).repeated(1e300)
    #expect(r.flops == .infinity && r.bytes == 10)
  }
}
