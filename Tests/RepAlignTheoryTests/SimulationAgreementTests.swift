import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// The gate's comparison logic on hand-made inputs whose verdicts are known exactly.
@Suite struct SimulationAgreementTests {
  /// sim 0.50 ± 0.03, theory 0.40 ± 0.04: combined s.e. 0.05 (3-4-5), deviation 0.10 = 2 s.e.
  /// Passes at z = 2.0001 (allowed 0.100005; z = 2 exactly would sit on the rounding of 0.5 − 0.4),
  /// fails at z = 1.9 without bias (allowed 0.095), passes at z = 1.9 with bias 0.006 (0.101).
  @Test func boundaryCases() throws {
    let sim = Estimate(0.5, standardError: 0.03)
    let theory = Estimate(0.4, standardError: 0.04)
    let c = try SimulationAgreement.compare(
      "p", simulated: sim, theory: theory, criterion: .init(z: 2.0001, biasAllowance: 0))
    expectClose(c.combinedStandardError, 0.05, tolerance: 4 * Tolerance.epsilon, "combined s.e.")
    expectClose(
      c.deviationInStandardErrors, 2, tolerance: 16 * Tolerance.epsilon, "deviation in s.e.")
    #expect(c.passes)
    #expect(
      !(try SimulationAgreement.compare(
        "p", simulated: sim, theory: theory, criterion: .init(z: 1.9, biasAllowance: 0))).passes)
    #expect(
      try SimulationAgreement.compare(
        "p", simulated: sim, theory: theory, criterion: .init(z: 1.9, biasAllowance: 0.006)
      ).passes)
  }

  /// An exact theory (no s.e.) uses the simulation's s.e. alone.
  @Test func exactTheory() throws {
    let c = try SimulationAgreement.compare(
      "p", simulated: Estimate(0.3, standardError: 0.01),
      theory: Estimate(0.33, standardError: nil),
      criterion: .init(z: 3, biasAllowance: 0))
    expectClose(c.deviationInStandardErrors, 3, tolerance: 64 * Tolerance.epsilon, "3 s.e.")
    #expect(c.combinedStandardError == 0.01)
  }

  @Test func reportPicksTheWorstPoints() throws {
    let crit = try SimulationAgreement.Criterion(z: 3, biasAllowance: 0.01)
    let a = try SimulationAgreement.compare(
      "a", simulated: Estimate(0.5, standardError: 0.1), theory: Estimate(0.2, standardError: 0),
      criterion: crit) // 0.3, 3 s.e.
    let b = try SimulationAgreement.compare(
      "b", simulated: Estimate(0.5, standardError: 0.001), theory: Estimate(0.49, standardError: 0),
      criterion: crit) // 0.01, 10 s.e.
    let report = SimulationAgreement.Report(comparisons: [a, b])
    #expect(report.worstAbsolute?.label == "a")
    #expect(report.worstInStandardErrors?.label == "b")
    #expect(report.passes) // b: 0.01 ≤ 0.003 + 0.01
  }

  @Test func badInputIsAnError() throws {
    let crit = try SimulationAgreement.Criterion(z: 3, biasAllowance: 0)
    expectParameterError("simulated") {
      try SimulationAgreement.compare(
        "p", simulated: Estimate(0.5, standardError: nil), theory: Estimate(0.5, standardError: 0),
        criterion: crit)
    }
    expectParameterError("theory") {
      try SimulationAgreement.compare(
        "p", simulated: Estimate(0.5, standardError: 0.1), theory: Estimate(.nan, standardError: 0),
        criterion: crit)
    }
    expectParameterError("z") {
      try SimulationAgreement.Criterion(z: 0, biasAllowance: 0)
    }
    expectParameterError("biasAllowance") {
      try SimulationAgreement.Criterion(z: 3, biasAllowance: -1)
    }
  }

  /// The window: ⌈2.5√d⌉ — d = 50 → ⌈17.68⌉ = 18, d = 100 → 25. The finite tier applies at
  /// (d, n) = (50, 100) and (50, 30) (|Δ| = 20 ≥ 18, min = 30), not at (50, 40) (inside the window)
  /// nor at (200, 20) (min(n, d) < 30).
  @Test func windowAndApplicability() {
    #expect(SimulationAgreement.thresholdWindow(d: 50) == 18)
    #expect(SimulationAgreement.thresholdWindow(d: 100) == 25)
    #expect(SimulationAgreement.finiteTierApplies(d: 50, n: 100))
    #expect(SimulationAgreement.finiteTierApplies(d: 50, n: 30))
    #expect(!SimulationAgreement.finiteTierApplies(d: 50, n: 40))
    #expect(!SimulationAgreement.finiteTierApplies(d: 200, n: 20))
  }
}
