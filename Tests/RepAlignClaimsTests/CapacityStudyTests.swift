import Foundation
import RepAlignData
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

/// The capacity study's threshold of a (re)sample of designs uses the claim specs' rule on the
/// pooled interpolated fractions: the half-crossing for a converged template, the grid rule for a
/// budget-limited one. Expected values by hand.
@Suite struct CapacityStudyTests {
  static func replicate(_ fractions: [Double], n: [Int]) -> [PointResult] {
    zip(n, fractions).enumerated().map { i, pair in
      PointResult(
        experiment: "c", point: GridPoint(index: i, n: pair.0, noiseIndex: 0, noise: .snr(4)), snr: 4,
        alignment: [:], testError: Estimate(0, standardError: nil), trainLoss: Estimate(0, standardError: nil),
        interpolatedFraction: pair.1, parameterCount: 88, seed: 1)
    }
  }

  /// Two designs with fractions (1, 0.8, 0.2, 0) and (1, 1, 0.5, 0) on n = 10, 20, 30, 40. Pooled,
  /// (1, 0.9, 0.35, 0): half-crossing 20 + 10·(0.9 − 0.5)/(0.9 − 0.35) = 20 + 80/11, grid rule 20.
  /// Design 0 alone: 20 + 10·0.3/0.6 = 25 (grid 20); design 1 alone: 30 + 10·0/0.5 = 30 (grid 30).
  /// No fraction ≥ 1/2: 0 under both rules.
  @Test func thresholdOfASampleOfDesigns() {
    let n = [10, 20, 30, 40]
    let reps = [Self.replicate([1, 0.8, 0.2, 0], n: n), Self.replicate([1, 1, 0.5, 0], n: n)]
    func t(_ sample: [Int], _ kind: ThresholdKind) -> Double {
      CapacityStudy.threshold(n: n, replicates: reps, sample: sample, kind: kind)
    }
    // One linear interpolation on numbers of size 30: a few ulps.
    let tolerance = 1e-12
    #expect(abs(t([0, 1], .converged) - (20 + 80.0 / 11)) < tolerance && t([0, 1], .budgetLimited) == 20)
    #expect(abs(t([0, 0], .converged) - 25) < tolerance && t([0, 0], .budgetLimited) == 20)
    #expect(t([1, 1], .converged) == 30 && t([1, 1], .budgetLimited) == 30)
    let none = [Self.replicate([0.4, 0.2, 0, 0], n: n)]
    #expect(CapacityStudy.threshold(n: n, replicates: none, sample: [0], kind: .converged) == 0)
    #expect(CapacityStudy.threshold(n: n, replicates: none, sample: [0], kind: .budgetLimited) == 0)
  }
}
