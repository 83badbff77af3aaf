import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct NormalDistributionTests {
  /// Reference quantiles from mpmath at 30 digits, √2·erfinv(2p − 1):
  /// Φ⁻¹(0.975) = 1.95996398454005423552…, Φ⁻¹(0.999) = 3.09023230616781354154….
  @Test func knownQuantiles() throws {
    expectClose(try NormalDistribution.quantile(0.975), 1.959_963_984_540_054_235_52, tolerance: 64 * Tolerance.epsilon, "z.975")
    expectClose(try NormalDistribution.quantile(0.999), 3.090_232_306_167_813_541_54, tolerance: 64 * Tolerance.epsilon, "z.999")
    expectClose(try NormalDistribution.quantile(0.5), 0, tolerance: 4 * Tolerance.epsilon, "z.5")
  }

  @Test func quantileInvertsCDF() throws {
    for p in [1e-10, 0.01, 0.3, 0.77, 0.999_999] {
      expectClose(NormalDistribution.cdf(try NormalDistribution.quantile(p)), p, tolerance: 1e3 * Tolerance.epsilon, "Φ(Φ⁻¹(\(p)))")
    }
  }

  @Test func bonferroniSplitsTheRate() throws {
    // α = 0.01 over 5 comparisons: Φ⁻¹(1 − 0.002) = 2.87816173909548344333… (mpmath, 30 digits).
    expectClose(try NormalDistribution.bonferroniZ(familyRate: 0.01, comparisons: 5), 2.878_161_739_095_483_443_33, tolerance: 64 * Tolerance.epsilon, "z")
    #expect(throws: ParameterError.self) { try NormalDistribution.bonferroniZ(familyRate: 0, comparisons: 3) }
    #expect(throws: ParameterError.self) { try NormalDistribution.quantile(1) }
  }
}
