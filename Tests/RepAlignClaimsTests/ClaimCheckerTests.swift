import RepAlignClaims
import RepAlignNumerics
import Testing
import _TestSupport

/// The claim checkers on synthetic curves whose verdicts are known by construction.
@Suite struct ClaimCheckerTests {
  /// The arg-min bootstrap stream (the checker takes one explicitly; this is its former default).
  static let bootstrap = StreamSeed(master: 0).child("argmin-bootstrap")

  static func e(_ values: [Double], se: Double) -> [Estimate] { values.map { Estimate($0, standardError: se) } }

  @Test func snrMonotonePassesOnClearIncrease() throws {
    let v = try SNRMonotonicity.check(
      snr: [1, 2, 4, 8], alignment: Self.e([0.2, 0.4, 0.6, 0.8], se: 0.01), significance: 0.001)
    #expect(v.passed)
    // Differences 0.2 / (0.01·√2) = 14.14 s.e.; z = Φ⁻¹(1 − 0.001/3) = 3.40.
    expectClose(v.margin, 0.2 / (0.01 * 2.0.squareRoot()) - v.zLevel, tolerance: 1e-12, "margin")
    #expect(v.estimatedFailureRate < 1e-10)
  }

  @Test func snrMonotoneFailsOnAFlatStepOrNoisyCurve() throws {
    #expect(
      !(try SNRMonotonicity.check(snr: [1, 2, 4], alignment: Self.e([0.2, 0.2, 0.6], se: 0.01), significance: 0.001))
        .passed)
    #expect(
      !(try SNRMonotonicity.check(snr: [1, 2, 4], alignment: Self.e([0.2, 0.25, 0.3], se: 0.05), significance: 0.001))
        .passed)
    expectParameterError("snr") {
      try SNRMonotonicity.check(snr: [2, 1], alignment: Self.e([0, 1], se: 1), significance: 0.01)
    }
  }

  @Test func thresholdMinimumFindsAV() throws {
    let n: [Double] = [10, 30, 45, 50, 55, 70, 100]
    let a = Self.e([0.6, 0.4, 0.25, 0.1, 0.22, 0.35, 0.6], se: 0.01)
    let v = try ThresholdMinimum.check(n: n, alignment: a, window: 45...55, significance: 0.001, seed: Self.bootstrap)
    #expect(v.passed, "\(v.evidence)")
    #expect(
      !(try ThresholdMinimum.check(n: n, alignment: a, window: 60...80, significance: 0.001, seed: Self.bootstrap))
        .passed)
  }

  @Test func thresholdMinimumNeedsARiseOnBothSides() throws {
    let n: [Double] = [10, 30, 50, 70]
    let monotone = Self.e([0.6, 0.5, 0.4, 0.39], se: 0.02)
    let v = try ThresholdMinimum.check(
      n: n, alignment: monotone, window: 40...80, significance: 0.001, seed: Self.bootstrap)
    #expect(!v.passed, "\(v.evidence)")
  }

  @Test func decouplingFindsHigherAlignmentWithHigherError() throws {
    // THEORY.md §7 at SNR 4: (n, d) = (100, 300) has cosine .73 and risk .79, (200, 150) cosine
    // .57 and risk .77; with s.e. 0.002 both differences are significant.
    let v = try Decoupling.check(
      labels: ["(100,300)", "(200,150)", "(800,50)"], alignment: Self.e([0.73, 0.57, 0.968], se: 0.002),
      testError: Self.e([0.79, 0.77, 0.017], se: 0.002), significance: 0.001)
    #expect(v.passed, "\(v.evidence)")
    #expect(v.evidence[0].hasPrefix("(100,300) vs (200,150)"))
    // ρ = −0.5 exactly here (ranks 2,1,3 against 3,2,1); requiring ρ > −0.3 fails.
    #expect(
      !(try Decoupling.check(
        labels: ["(100,300)", "(200,150)", "(800,50)"], alignment: Self.e([0.73, 0.57, 0.968], se: 0.002),
        testError: Self.e([0.79, 0.77, 0.017], se: 0.002), significance: 0.001, maximumRankCorrelation: -0.3)).passed)
  }

  @Test func decouplingFailsWhenAlignmentTracksError() throws {
    let v = try Decoupling.check(
      labels: ["a", "b", "c", "d"], alignment: Self.e([0.1, 0.3, 0.5, 0.7], se: 0.01),
      testError: Self.e([4, 3, 2, 1], se: 0.01), significance: 0.001)
    #expect(!v.passed)
  }
}
