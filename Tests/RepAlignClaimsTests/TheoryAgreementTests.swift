import Foundation
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

@testable import RepAlignClaims

/// Claim 4's checker (`TheoryAgreement`) on hand-made grids: results equal to the exact tier pass,
/// results shifted by a few standard errors fail at the shifted point only, and a spec that is not
/// the linear network is refused.
@Suite struct TheoryAgreementTests {
  static let spec: ExperimentSpec = {
    var s = try! ExperimentSpecTests.load(ExperimentSpecTests.valid)
    s.claim = .theoryAgreement
    s.statistics.window = nil
    s.testSize = 400
    return s
  }()

  /// The exact tier's E[CKA] at (d, n, SNR) from the spec's overlay stream, as the checker draws it.
  static func theory(n: Int, snr: Double) throws -> Double {
    try ExactTier.predict(
      LinearModel(d: 20, n: n, snr: snr), designs: TheoryAgreement.theoryDesigns,
      seed: ExperimentRunner.streams(spec).theoryOverlay(n: n)
    ).alignmentCKA
  }

  /// Results whose linear CKA is the theory plus `shift(n)`, with s.e. 0.01.
  static func results(shift: (Int) -> Double) throws -> [PointResult] {
    try ExperimentRunner.gridPoints(spec).map { p in
      let snr = p.snr ?? 1
      return PointResult(
        experiment: spec.id, point: p, snr: snr,
        alignment: ["linear_cka": Estimate(try theory(n: p.n, snr: snr) + shift(p.n), standardError: 0.01)],
        testError: Estimate(0, standardError: 0), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: 1, parameterCount: 420, seed: spec.seed)
    }
  }

  @Test func resultsOnTheTheoryPass() throws {
    let rows = try ClaimEvaluator.evaluate(Self.spec, try Self.results { _ in 0 })
    #expect(rows.count == 2 && rows.allSatisfy(\.verdict.passed), "\(rows.map(\.verdict.evidence))")
    #expect(rows.allSatisfy { $0.verdict.comparisons.count == 2 && $0.claim == "theory_agreement" })
  }

  /// A shift of 0.08 at n = 40 is (0.08 − 2/400)/√(0.01² + s.e.²_theory) ≳ 6 s.e. above the
  /// Bonferroni z ≈ 3.7 of 4 points at α = 0.001: that comparison fails, the others pass.
  @Test func aShiftedPointFailsAndIsNamed() throws {
    let rows = try ClaimEvaluator.evaluate(Self.spec, try Self.results { $0 == 40 ? 0.08 : 0 })
    for row in rows {
      #expect(!row.verdict.passed)
      let failing = row.verdict.comparisons.filter { !$0.passed }.map(\.id)
      #expect(failing == [ComparisonID(theoryAt: 40)], "\(row.verdict.evidence)")
    }
  }

  /// Within the bias allowance 2/m = 0.005 a deviation is not counted.
  @Test func theBiasAllowanceIsTheFiniteTestSetBias() throws {
    let rows = try ClaimEvaluator.evaluate(Self.spec, try Self.results { _ in 0.005 })
    #expect(rows.allSatisfy { $0.verdict.margin > 2 }, "\(rows.map(\.verdict.margin))")
  }

  @Test func onlyTheLinearNetworkHasATheory() throws {
    var relu = Self.spec
    relu.model.activation = .relu
    let results = try Self.results { _ in 0 }
    expectParameterError("claim") { _ = try ClaimEvaluator.evaluate(relu, results) }
  }
}
