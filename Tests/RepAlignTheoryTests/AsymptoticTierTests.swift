import Foundation
import PropertyBased
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// The proportional-limit closed forms of THEORY.md §5 (Hastie et al. 2022).
@Suite struct AsymptoticTierTests {
  /// Hand-evaluated closed forms: γ = ½, SNR 4: c = 4/(4 + 1) = 0.8, R = σ²γ/(1 − γ) = 0.25;
  /// γ = 2, SNR 4: c = 4/(4 + 2) = 2/3, R = 1·(1 − ½) + 0.25/1 = 0.75.
  @Test func handEvaluatedValues() throws {
    let a = try AsymptoticTier.predict(gamma: 0.5, snr: 4)
    expectClose(a.alignmentCosine, 0.8, tolerance: 4 * Tolerance.epsilon, "c(γ=½)")
    expectClose(a.alignmentCKA, 0.64, tolerance: 4 * Tolerance.epsilon, "CKA(γ=½)")
    expectClose(a.excessRisk, 0.25, tolerance: 4 * Tolerance.epsilon, "R(γ=½)")
    let b = try AsymptoticTier.predict(gamma: 2, snr: 4)
    expectClose(b.alignmentCosine, 2.0 / 3.0, tolerance: 4 * Tolerance.epsilon, "c(γ=2)")
    expectClose(b.excessRisk, 0.75, tolerance: 4 * Tolerance.epsilon, "R(γ=2)")
  }

  @Test func thresholdIsAnError() throws {
    expectParameterError("gamma") { try AsymptoticTier.predict(gamma: 1, snr: 4) }
    expectParameterError("n") {
      try AsymptoticTier.predict(LinearModel(d: 50, n: 50, snr: 4))
    }
    expectParameterError("snr") { try AsymptoticTier.predict(gamma: 0.5, snr: 0) }
    expectParameterError("d") { try LinearModel(d: 0, n: 5, snr: 1) }
  }

  /// Claim 1 in the limit: strictly increasing in SNR at every γ ≠ 1.
  /// Ranges: γ ∈ [0.02, 0.98] ∪ [1.02, 50], SNR ∈ [0.01, 100].
  @Test func strictlyIncreasingInSNR() throws {
    let gen = zip(
      Gen.double(in: 0.02...0.98), Gen.bool, Gen.double(in: -2...2), Gen.double(in: 1.001...10))
    try forEachDraw(gen, count: 200, fixedSeed: 501) { draw in
      let (g0, above, logSNR, factor) = draw.value
      let gamma = above ? 1 / g0 : g0
      let snr = pow(10, logSNR)
      let lo = try AsymptoticTier.predict(gamma: gamma, snr: snr)
      let hi = try AsymptoticTier.predict(gamma: gamma, snr: snr * factor)
      #expect(
        hi.alignmentCosine > lo.alignmentCosine, "γ=\(gamma) snr=\(snr)×\(factor) \(draw.replay)")
      #expect(hi.alignmentCKA > lo.alignmentCKA, "γ=\(gamma) \(draw.replay)")
    }
  }

  /// Limits stated in §5: c → SNR/(SNR+1) as γ → ∞ and → 1 as γ → 0; c → 0 at γ → 1.
  @Test func limits() throws {
    let snr = 4.0
    let far = try AsymptoticTier.predict(gamma: 1e8, snr: snr)
    expectClose(far.alignmentCosine, snr / (snr + 1), tolerance: 1e-7, "γ → ∞ (error O(1/γ))")
    let near0 = try AsymptoticTier.predict(gamma: 1e-8, snr: snr)
    expectClose(near0.alignmentCosine, 1, tolerance: 1e-7, "γ → 0 (error O(γ))")
    let near1 = try AsymptoticTier.predict(gamma: 1 + 1e-9, snr: snr)
    #expect(near1.alignmentCosine < 1e-8)
  }
}
