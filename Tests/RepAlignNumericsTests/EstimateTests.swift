import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct EstimateTests {
  @Test func sampleMeanAndStandardError() {
    // Values 1…5: mean 3, sample variance 2.5, s.e. √(2.5/5) = √0.5.
    let e = Estimate([1, 2, 3, 4, 5])
    #expect(e.mean == 3)
    expectClose(e.standardError!, 0.5.squareRoot(), tolerance: 4 * Tolerance.epsilon, "s.e.")
    #expect(Estimate([7]).standardError == nil)
  }

  @Test func zScoreOfADifference() {
    let z = Estimate.zScore(of: Estimate(1.5, standardError: 0.3), over: Estimate(1.0, standardError: 0.4))
    expectClose(z, 1.0, tolerance: 4 * Tolerance.epsilon, "0.5/0.5")
    #expect(Estimate.zScore(of: Estimate(2, standardError: nil), over: Estimate(1, standardError: 0.1)) == 0)
  }
}
