import RepAlignClaims
import RepAlignNumerics
import Testing

/// The threshold rule's false-pass rate under curves with no interior minimum, by Monte Carlo.
///
/// Each curve is K = 12 independent estimates N(μᵢ, 1) with standard error 1, the window admits
/// every grid point, α = 0.05. Two nulls: flat (μ = 0), and the least favourable shape for one
/// side, a real fall of 20 s.e. over the first half followed by a flat half (the left rise is
/// real, a right rise can only be noise). A pass is a false pass in both.
///
/// Measured with an independent NumPy simulation (20 000 curves each, `Scripts/threshold-null-sim.py`,
/// same construction): the rule passes 0.58 % (flat) and 1.07 % (fall + flat) of curves; the
/// earlier rule (the same best-of-side z against Φ⁻¹(1 − α/2)) passed 22.3 % and 20.2 %.
/// With R = 2000 curves per null the binomial s.e. at a rate of 5 % is 0.49 %, so asserting
/// rate ≤ α fails falsely with probability < 1e-9 (the measured rates are ≥ 8 s.e. below α), and
/// asserting the earlier rule's rate > α is ≥ 30 s.e. from its boundary: the test can tell the
/// two rules apart, which is what makes it a check of the level and not of the code's shape.
@Suite struct ThresholdMinimumNullTests {
  static let alpha = 0.05
  static let gridSize = 12
  static let curves = 2000

  /// (false-pass rate of the rule, false-pass rate of the earlier two-sided split).
  static func falsePassRates(means: [Double], seed: StreamSeed) throws -> (rule: Double, earlier: Double) {
    let n = (0..<means.count).map { Double(10 * ($0 + 1)) }
    let window = n.first!...n.last!
    let earlierZ = try NormalDistribution.bonferroniZ(familyRate: alpha, comparisons: 2)
    let rng = RandomStream(seed.child("curves"))
    var (rule, earlier) = (0, 0)
    for c in 0..<curves {
      let curve = means.map { Estimate($0 + rng.normal(), standardError: 1) }
      let v = try ThresholdMinimum.check(
        n: n, alignment: curve, window: window, significance: alpha, resamples: 10,
        seed: seed.child("bootstrap").child(c))
      if v.passed { rule += 1 }
      // The best-of-side z per side, recovered from the rise margins (margin = z_side − zLevel).
      let sides = v.comparisons.filter { $0.id != .init(.argminInWindow) }.compactMap(\.margin)
      let best = sides.map { $0 + v.zLevel }
      if best.count == 2, best.allSatisfy({ $0 > earlierZ }) { earlier += 1 }
    }
    return (Double(rule) / Double(curves), Double(earlier) / Double(curves))
  }

  @Test func flatCurvePassesAtMostAlpha() throws {
    let rates = try Self.falsePassRates(means: Array(repeating: 0, count: Self.gridSize), seed: StreamSeed(master: 71))
    #expect(rates.rule <= Self.alpha, "false-pass rate \(rates.rule)")
    #expect(rates.earlier > Self.alpha, "the earlier rule's rate \(rates.earlier) should exceed α")
  }

  @Test func fallThenFlatPassesAtMostAlpha() throws {
    let half = Self.gridSize / 2
    let fall = (0..<half).map { 20 * Double(half - $0) / Double(half) }
    let rates = try Self.falsePassRates(
      means: fall + Array(repeating: 0, count: Self.gridSize - half), seed: StreamSeed(master: 72))
    #expect(rates.rule <= Self.alpha, "false-pass rate \(rates.rule)")
    #expect(rates.earlier > Self.alpha, "the earlier rule's rate \(rates.earlier) should exceed α")
  }

  /// m = max(m_L, m_R) by hand: grid of 5, window admitting indices 1 and 2 → m_L = 1 + 2 = 3,
  /// m_R = 3 + 2 = 5; a window admitting only the endpoints → 1 (the check cannot pass there).
  @Test func risePairCount() {
    let n: [Double] = [4, 8, 16, 32, 64]
    #expect(ThresholdMinimum.risePairs(n: n, window: 8...24) == 5)
    #expect(ThresholdMinimum.risePairs(n: n, window: 60...70) == 1)
    #expect(ThresholdMinimum.risePairs(n: n, window: 1...100) == 6)
  }
}
