import RepAlignClaims
import RepAlignNumerics
import Testing
import _TestSupport

/// The half-crossing estimate of a converged threshold on hand-made interpolated fractions.
/// Expected values are computed by hand from the criterion (the line from (nᵢ, fᵢ) to
/// (nᵢ₊₁, fᵢ₊₁) crosses 1/2), not taken from the code.
@Suite struct ConvergedThresholdTests {
  static let grid: [Double] = [11, 22, 33, 44, 55, 66, 77]
  static let seed = StreamSeed(master: 1).child("threshold-bootstrap-test")
  /// Round-off of one linear interpolation on numbers of size 100: a few ulps.
  static let interpolationTolerance = 1e-12

  /// The fractions of the width-8 spec at its seed (0.51 at 66, 0 at 77): n* = 66 + 11·0.01/0.51
  /// = 66 + 11/51; with 0.48 at 66 the crossing moves into [55, 66]: 55 + 11·0.31/0.33 = 55 + 31/3.
  @Test func crossingByHand() throws {
    let high = try #require(
      ConvergedThreshold.crossing(n: Self.grid, interpolated: [0.85, 0.81, 0.84, 0.83, 0.81, 0.51, 0]))
    #expect(abs(high.n - (66 + 11.0 / 51)) < Self.interpolationTolerance && high.gridN == 66)
    let low = try #require(
      ConvergedThreshold.crossing(n: Self.grid, interpolated: [0.85, 0.81, 0.84, 0.83, 0.81, 0.48, 0]))
    #expect(abs(low.n - (55 + 31.0 / 3)) < Self.interpolationTolerance && low.gridN == 55)
    // The grid rule jumps by a grid step between the two (66 → 55); the crossing by less than 1.
    #expect(high.n - low.n < 1)
  }

  /// Continuity where the grid rule jumps: f(66) = 1/2 gives 66 from the index at 66, and
  /// f(66) = 1/2 − ε gives 55 + 11·0.31/(0.31 + ε) = 66 − O(ε) from the index at 55.
  @Test func continuousWhereTheGridRuleJumps() throws {
    let at = try #require(ConvergedThreshold.crossing(n: Self.grid, interpolated: [1, 1, 1, 1, 0.81, 0.5, 0]))
    #expect(at.n == 66 && at.gridN == 66)
    let epsilon = 1e-9
    let below = try #require(
      ConvergedThreshold.crossing(n: Self.grid, interpolated: [1, 1, 1, 1, 0.81, 0.5 - epsilon, 0]))
    #expect(below.gridN == 55 && abs(below.n - 66) < 11 * epsilon / 0.31 * 2)
  }

  /// No crossing observed (the last grid point still has half interpolating): n* is that point;
  /// no point with half interpolating: nil, and `estimate` names grid.n.
  @Test func edges() throws {
    #expect(ConvergedThreshold.crossing(n: [1, 2, 3], interpolated: [1, 0.9, 0.6])?.n == 3)
    #expect(ConvergedThreshold.crossing(n: [1, 2, 3], interpolated: [0.4, 0.2, 0]) == nil)
    expectParameterError("grid.n") {
      _ = try ConvergedThreshold.estimate(n: [1, 2, 3], interpolated: [0.4, 0.2, 0], members: 10, seed: Self.seed)
    }
    expectParameterError("members") {
      _ = try ConvergedThreshold.estimate(n: [1, 2, 3], interpolated: [1, 0.2, 0], members: 0, seed: Self.seed)
    }
    expectParameterError("interpolated") {
      _ = try ConvergedThreshold.estimate(n: [1, 2, 3], interpolated: [1.2, 0.2, 0], members: 10, seed: Self.seed)
    }
    expectParameterError("n") {
      _ = try ConvergedThreshold.estimate(n: [1, 3, 2], interpolated: [1, 0.2, 0], members: 10, seed: Self.seed)
    }
  }

  /// The bootstrap interval holds the estimate, stays inside the two grid steps around it, and
  /// narrows with more members: the binomial s.e. of f(66) is √(0.25/M), so 10× the members
  /// shrink it by √10 ≈ 3.2 (asserted: by more than 2).
  @Test func bootstrapInterval() throws {
    let f = [0.85, 0.81, 0.84, 0.83, 0.81, 0.51, 0]
    let few = try ConvergedThreshold.estimate(n: Self.grid, interpolated: f, members: 120, seed: Self.seed)
    let many = try ConvergedThreshold.estimate(n: Self.grid, interpolated: f, members: 1200, seed: Self.seed)
    for e in [few, many] {
      #expect(e.interval.contains(e.n) && e.interval.lowerBound >= 55 && e.interval.upperBound < 77, "\(e)")
      #expect(e.resamplesWithoutCrossing == 0 && e.evidence.contains("half-crossing"))
    }
    let width = { (e: ConvergedThreshold) in e.interval.upperBound - e.interval.lowerBound }
    #expect(width(few) > 2 * width(many), "\(few.interval) vs \(many.interval)")
    // Seeded: the same stream gives the same interval.
    #expect(try ConvergedThreshold.estimate(n: Self.grid, interpolated: f, members: 120, seed: Self.seed) == few)
  }
}
