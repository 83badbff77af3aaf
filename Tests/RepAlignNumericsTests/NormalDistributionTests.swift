import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct NormalDistributionTests {
  /// Reference quantiles from mpmath at 30 digits, √2·erfinv(2p − 1):
  /// Φ⁻¹(0.975) = 1.95996398454005423552…, Φ⁻¹(0.999) = 3.09023230616781354154….
  @Test func knownQuantiles() throws {
    expectClose(
      try NormalDistribution.quantile(0.975), 1.959_963_984_540_054_235_52, tolerance: 64 * Tolerance.epsilon, "z.975")
    expectClose(
      try NormalDistribution.quantile(0.999), 3.090_232_306_167_813_541_54, tolerance: 64 * Tolerance.epsilon, "z.999")
    expectClose(try NormalDistribution.quantile(0.5), 0, tolerance: 4 * Tolerance.epsilon, "z.5")
  }

  @Test func quantileInvertsCDF() throws {
    for p in [1e-10, 0.01, 0.3, 0.77, 0.999_999] {
      expectClose(
        NormalDistribution.cdf(try NormalDistribution.quantile(p)), p, tolerance: 1e3 * Tolerance.epsilon,
        "Φ(Φ⁻¹(\(p)))")
    }
  }

  @Test func bonferroniSplitsTheRate() throws {
    // α = 0.01 over 5 comparisons: Φ⁻¹(1 − 0.002) = 2.87816173909548344333… (mpmath, 30 digits).
    expectClose(
      try NormalDistribution.bonferroniZ(familyRate: 0.01, comparisons: 5), 2.878_161_739_095_483_443_33,
      tolerance: 64 * Tolerance.epsilon, "z")
    expectParameterError("significance") { try NormalDistribution.bonferroniZ(familyRate: 0, comparisons: 3) }
    expectParameterError("p") { try NormalDistribution.quantile(1) }
  }

  /// Student t on the z scale. References from mpmath at 30 digits (the t tail as the regularized
  /// incomplete beta I_{ν/(ν+t²)}(ν/2, 1/2)/2, then √2·erfinv(1 − 2q)), an implementation
  /// independent of GSL's: (t, ν) = (5, 15) → 3.77756447320163328289, (3, 1) → 1.26790251826438397474,
  /// (2, 2) → 1.33004507921328757608, (−3, 7) → −2.32743497410468014739. Tolerance 10⁴ ε: GSL's
  /// t tail is accurate to about 10⁻¹⁴ relative, and the normal quantile's slope is O(1) here.
  @Test func studentTOnTheZScale() {
    let cases: [(Double, Double, Double)] = [
      (5, 15, 3.777_564_473_201_633_282_89), (3, 1, 1.267_902_518_264_383_974_74),
      (2, 2, 1.330_045_079_213_287_576_08), (-3, 7, -2.327_434_974_104_680_147_39),
    ]
    for (t, nu, z) in cases {
      expectClose(
        NormalDistribution.zEquivalent(ofT: t, degreesOfFreedom: nu), z, tolerance: 1e4 * Tolerance.epsilon,
        "t=\(t), ν=\(nu)")
    }
    // Many degrees of freedom: t is already normal (|z − t| = O(1/ν)).
    #expect(abs(NormalDistribution.zEquivalent(ofT: 3, degreesOfFreedom: 1e7) - 3) < 1e-5)
    #expect(NormalDistribution.zEquivalent(ofT: .infinity, degreesOfFreedom: 5) == .infinity)
    #expect(NormalDistribution.zEquivalent(ofT: 0, degreesOfFreedom: 5) == 0)
  }

  /// A paired comparison over k units is a t-test with k − 1 degrees of freedom: differences
  /// (1, 2, 3) have mean 2 and standard error 1/√3, t = 2√3, ν = 2 → z = Φ⁻¹(F₂(2√3)), with the
  /// closed form F₂(t) = 1/2 + t/(2√(2 + t²)).
  @Test func pairedZScoreIsStudent() throws {
    let a = Estimate([1, 2, 3].map { $0 + 10 })
    let b = Estimate([0, 0, 0].map { $0 + 10.0 })
    let t = 2 * 3.0.squareRoot()
    let q = 0.5 - t / (2 * (2 + t * t).squareRoot())
    let expected = try NormalDistribution.quantile(1 - q)
    expectClose(Estimate.zScore(of: a, over: b), expected, tolerance: 1e4 * Tolerance.epsilon, "paired z")
  }
}
