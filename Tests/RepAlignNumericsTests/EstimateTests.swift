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

  @Test func emptyAndSingleValues() {
    let empty = Estimate([])
    #expect(empty.mean.isNaN && empty.standardError == nil && empty.units == nil)
    let one = Estimate([7])
    #expect(one.mean == 7 && one.standardError == nil && one.units == nil)
  }

  @Test func scalingScalesMeanUnitsAndStandardError() {
    // Values 1…5 (mean 3, s.e. √0.5) times −2: mean −6, s.e. 2√0.5 = √2, units −2…−10; products of
    // small integers by −2 are exact, and 2·√0.5 rounds like √2 (both within one ulp of √2).
    let e = Estimate([1, 2, 3, 4, 5]).scaled(by: -2)
    #expect(e.mean == -6)
    #expect(e.units == [-2, -4, -6, -8, -10])
    expectClose(e.standardError!, 2.0.squareRoot(), tolerance: 2 * Tolerance.epsilon, "s.e.")
  }

  @Test func pairedZScoreUsesTheUnitDifferences() {
    // Units a = (1, 2, 3, 4), b = (0, 1, 1, 2): differences (1, 1, 2, 2), mean 1.5, sd √(1/3), so
    // t = 1.5/(√(1/3)/2) = 3√3 with 3 degrees of freedom. Reference z: the Student-t(3) upper
    // tail has the closed form Q(t) = ½ − (atan(t/√3) + (t/√3)/(1 + t²/3))/π (Abramowitz & Stegun
    // 26.7.3 for ν = 3) = (atan(1/3) − 0.3)/π = 0.006923416494429526, and z = Φ⁻¹(1 − Q) =
    // 2.4612124886740427 (Python 3 `statistics.NormalDist().inv_cdf`, Wichura's AS 241).
    // Tolerance 4096 ε: GSL's t tail (incomplete beta) and inverse normal are accurate to ~1e-14,
    // the reference's atan(1/3) − 0.3 loses ~4 bits to cancellation, and dz/dQ·Q/z ≈ 0.15.
    let a = Estimate([1, 2, 3, 4])
    let b = Estimate([0, 1, 1, 2])
    expectClose(
      Estimate.zScore(of: a, over: b), 2.461_212_488_674_042_7, tolerance: 4096 * Tolerance.epsilon, "paired z")
    // Without units the same means and standard errors give the (smaller) independent z:
    // 1.5/√(se_a² + se_b²) with se_a² = (5/3)/4, se_b² = (2/3)/4 → 1.5/√(7/12) = 1.963961012123931.
    let independent = Estimate.zScore(
      of: Estimate(a.mean, standardError: a.standardError), over: Estimate(b.mean, standardError: b.standardError))
    expectClose(independent, 1.5 / (7.0 / 12).squareRoot(), tolerance: 8 * Tolerance.epsilon, "independent z")
  }

  /// Five paired units, a = (0.61, 0.58, 0.66, 0.63, 0.60) and b = (0.55, 0.56, 0.57, 0.52, 0.58):
  /// scipy 1.17.1 `stats.ttest_rel(a, b)` gives t = 3.3028912953790783 (ν = 4, two-sided
  /// p = 0.02985244125058491); mpmath 1.3.0 at 40 digits (t tail as the regularized incomplete
  /// beta, then √2·erfinv) gives t = 3.302891295379081816824581 and z = Φ⁻¹(F₄(t)) =
  /// 2.172042714073370430671329. Treated as independent estimates (se of each mean sd/√5):
  /// z = 3.511234415883916918303417 (mpmath). Tolerance 10⁶ ε: the decimal inputs are rounded to
  /// Double (½ ulp of 0.6 each) and their differences of 0.02–0.11 amplify that relative error up
  /// to ~60×; GSL's t tail adds ~10⁻¹⁴.
  @Test func pairedAndIndependentZAgainstScipyAndMpmath() {
    let a = Estimate([0.61, 0.58, 0.66, 0.63, 0.60])
    let b = Estimate([0.55, 0.56, 0.57, 0.52, 0.58])
    let tolerance = 1e6 * Tolerance.epsilon
    expectClose(Estimate.zScore(of: a, over: b), 2.172_042_714_073_370_430_671_329, tolerance: tolerance, "paired z")
    let independent = Estimate.zScore(
      of: Estimate(a.mean, standardError: a.standardError), over: Estimate(b.mean, standardError: b.standardError))
    expectClose(independent, 3.511_234_415_883_916_918_303_417, tolerance: tolerance, "independent z")
    // Swapping the two is the mirror image (the t tail taken on the other side).
    expectClose(Estimate.zScore(of: b, over: a), -2.172_042_714_073_370_430_671_329, tolerance: tolerance, "paired z")
  }

  @Test func zeroStandardErrorsGiveSignedInfinities() {
    #expect(Estimate.zScore(of: Estimate(2, standardError: 0), over: Estimate(1, standardError: 0)) == .infinity)
    #expect(Estimate.zScore(of: Estimate(1, standardError: 0), over: Estimate(2, standardError: 0)) == -.infinity)
    #expect(Estimate.zScore(of: Estimate(1, standardError: 0), over: Estimate(1, standardError: 0)) == 0)
  }

  @Test func roundingAndDescription() {
    // By hand: 1.23456789 → 1.2346 (4 decimals), 2.5 → 2.5, 1/3 at 2 decimals → 0.33.
    #expect(Estimate.rounded(1.234_567_89) == "1.2346")
    #expect(Estimate.rounded(2.5) == "2.5")
    #expect(Estimate.rounded(1.0 / 3, digits: 2) == "0.33")
    #expect(Estimate.rounded(.infinity) == "inf")
    // Values 1…5: mean 3, s.e. √0.5 = 0.70710678… → "3.0 ± 0.7071"; no s.e. → "?".
    #expect(Estimate([1, 2, 3, 4, 5]).description == "3.0 ± 0.7071")
    #expect(Estimate(1, standardError: nil).description == "1.0 ± ?")
  }
}
