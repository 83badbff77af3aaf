import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTheory
import RepAlignTraining
import Testing
import _TestSupport

/// The theory-versus-simulation gate (issue 5, item 3; THEORY.md §3–6, §9).
///
/// Simulation: noise ensembles of M = 16 two-layer linear networks (width h = d, init scale 1e-3,
/// full-batch GD) trained by `NoiseEnsemble` on one `RegressionTask` design each; alignment is
/// the mean pairwise linear CKA of the hidden layers on m = 2000 noise-free test inputs, with the
/// member-level jackknife s.e. (conditional on the design). Ridge: closed-form one-layer ridge
/// fits β̂_a = (XᵀX + nλI)⁻¹Xᵀy_a (least squares on [X; √(nλ)I]) on the same kind of data,
/// representations X_test β̂_a.
///
/// Theory: the exact tier on the *same* design and teacher (exact noise average, no s.e.) at
/// every grid point; the finite tier (design-averaged) against the mean over several designs
/// where `SimulationAgreement.finiteTierApplies`; the filtered tier (d → ∞) for ridge.
///
/// Criterion: |sim − theory| ≤ z·s.e. + bias, z = 4. The jackknife s.e. from 16 members (32 in
/// the slow tier) makes the deviation ≈ t-distributed with 15 d.o.f.: P(|t₁₅| > 4) ≈ 1.2e-3 per
/// check; the fast tier makes 20 + 2 + 24 = 46 checks, ≤ 5.5% family-wise before the bias
/// allowances (which only lower it); with fixed seeds the run is deterministic.
/// Bias allowances, each with its reason:
/// - CKA vs exact, 0.005: finite m (E r² − ρ² ≤ (1 − ρ²)²·2/m ≈ 1e-3 at m = 2000) and the
///   untrained init components. Before comparing, every member's end-to-end map must be within
///   `convergenceTolerance` = 0.02 (relative) of X⁺y_a: for n < d the init's components outside the
///   row space of X survive training and contribute O(s) = O(1e-3) relative (measured ≈ 1e-3), and
///   at n = d the smallest singular direction converges last (measured ≤ 8e-3 after 6·10⁴ steps).
/// - risk vs exact: relative 3√(2/m) ≈ 0.095: the test error is a mean over the m shared test
///   points, whose sampling error (relative √(2/m) for a Gaussian quadratic form) is common to
///   all members and so not in the member s.e.
/// - finite tier: `SimulationAgreement.finiteTierBias` (0.01, RoE vs E[cos²], measured).
/// - filtered tier: 3/d (finite-d corrections, as in `ExactTierTests.ridgeAgreesWithFilteredTier`).
@Suite(.serialized) struct TheoryVersusSimulationGateTests {
  static var members: Int { TestTier.slow ? 32 : 16 }
  static let convergenceTolerance = 0.02
  static let testCount = 2000
  static let z = 4.0
  static let ckaBias = 0.005

  /// One trained ensemble on one design, with the exact-tier prediction for that design.
  struct TrainedPoint {
    let d: Int, n: Int, snr: Double
    let cka: RepAlignNumerics.Estimate
    let risk: RepAlignNumerics.Estimate
    let exact: ExactTier.DesignResult
    let maxDistanceToMinimumNorm: Double
  }

  static func trainedPoint(d: Int, n: Int, snr: Double, steps: Int, seed: StreamSeed) throws
    -> TrainedPoint
  {
    let task = RegressionTask(inputDimension: d, sampleCount: n, testCount: testCount, snr: snr)
    let experiment = try task.make(members: members, seed: seed.child("task"))
    let data = experiment.dataset
    let beta = experiment.beta!
    let sigma = experiment.noiseStandardDeviation!
    let result = try NoiseEnsemble.train(
      dataset: data, model: NetworkSpec(width: d, initScale: 1e-3),
      training: TrainingSpec(learningRate: 0.1, steps: steps, gradientNormThreshold: 1e-12),
      seed: seed.child("training"), workers: 2)
    // Convergence precondition: each member's end-to-end map is X⁺y_a (THEORY.md §3).
    var worst = 0.0
    for a in 0..<members {
      let target = try Matrix.leastSquares(data.trainInputs, data.memberTargets[a]).solution
      let diff = result.members[a].network.endToEndMap - target
      worst = max(worst, diff.frobeniusNorm / target.frobeniusNorm)
    }
    let exact = try ExactTier.design(data.trainInputs, teacher: beta, noiseVariance: sigma * sigma)
    let alignment = try EnsembleAlignment.compute(result.testRepresentations, measures: [LinearCKA()])[0]
    let risk = result.testError
    return TrainedPoint(
      d: d, n: n, snr: snr,
      cka: RepAlignNumerics.Estimate(alignment.mean, standardError: alignment.standardError),
      risk: RepAlignNumerics.Estimate(risk.mean, standardError: risk.standardError),
      exact: exact, maxDistanceToMinimumNorm: worst)
  }

  /// Trained networks vs the exact tier at every grid point, and the finite tier where it
  /// applies. Fast grid: d = 20, n ∈ {8, 18, 20, 22, 40} (n < d, n ≈ d both sides, n = d, n > d),
  /// SNR ∈ {1, 4}, 60000 GD steps max (n = d converges in ≈ 2·10⁴ at this size). Slow grid: d = 50,
  /// n ∈ {10, 20, 40, 46, 50, 54, 60, 100, 200}, 400000 steps max.
  @Test func trainedLinearNetworksAgreeWithExactTier() throws {
    let d = TestTier.slow ? 50 : 20
    let ns = TestTier.slow ? [10, 20, 40, 46, 50, 54, 60, 100, 200] : [8, 18, 20, 22, 40]
    let steps = TestTier.slow ? 400_000 : 60_000
    let master = StreamSeed(master: TestSeeds.seed(551)).child("gate")
    var comparisons: [SimulationAgreement.Comparison] = []
    for snr in [1.0, 4.0] {
      for n in ns {
        let p = try Self.trainedPoint(
          d: d, n: n, snr: snr, steps: steps, seed: master.child("d\(d)n\(n)snr\(snr)"))
        // Convergence is required everywhere except n = d in the slow tier (d = 50), where GD
        // on the two-layer network has not reached X⁺y within 4·10⁵ steps for the fixed-seed
        // design (measured relative distance 0.128 at SNR 4; THEORY.md §3: the smallest singular
        // direction of a square X converges last). There the comparison is still made and
        // reported; at d = 20 (fast tier) n = d converges and is required to.
        let mustConverge = !(TestTier.slow && n == d)
        print(
          "GATE convergence d=\(d) n=\(n) snr=\(snr): max relative distance to X⁺y \(p.maxDistanceToMinimumNorm)"
        )
        #expect(
          !mustConverge || p.maxDistanceToMinimumNorm <= Self.convergenceTolerance,
          "d=\(d) n=\(n) snr=\(snr): GD not converged to X⁺y (relative distance \(p.maxDistanceToMinimumNorm)); the exact tier describes X⁺y"
        )
        comparisons.append(
          try SimulationAgreement.compare(
            "CKA d=\(d) n=\(n) snr=\(snr)", simulated: p.cka,
            theory: RepAlignNumerics.Estimate(p.exact.expectedSquaredCosine, standardError: 0),
            criterion: .init(z: Self.z, biasAllowance: Self.ckaBias)))
        comparisons.append(
          try SimulationAgreement.compare(
            "risk d=\(d) n=\(n) snr=\(snr)", simulated: p.risk,
            theory: RepAlignNumerics.Estimate(p.exact.excessRisk, standardError: 0),
            criterion: .init(
              z: Self.z,
              biasAllowance: 3 * (2.0 / Double(Self.testCount)).squareRoot() * p.exact.excessRisk)))
      }
    }
    let report = SimulationAgreement.Report(comparisons: comparisons)
    print(
      "GATE exact tier:\n\(report)\nworst in s.e.: \(report.worstInStandardErrors!)\nworst absolute: \(report.worstAbsolute!)"
    )
    for c in comparisons { #expect(c.passes, "\(c)") }
  }

  /// Trained networks averaged over designs vs the finite tier, where it applies (outside the
  /// threshold window, min(n, d) ≥ 30): d = 30, n = 90 (fast), plus d = 50, n ∈ {100, 200} (slow);
  /// SNR ∈ {1, 4}; 4 designs (8 slow) per point, s.e. from the spread over designs.
  @Test func trainedLinearNetworksAgreeWithFiniteTier() throws {
    let points: [(Int, Int)] = TestTier.slow ? [(30, 90), (50, 100), (50, 200)] : [(30, 90)]
    let designs = TestTier.slow ? 8 : 4
    let master = StreamSeed(master: TestSeeds.seed(552)).child("gate-finite")
    var comparisons: [SimulationAgreement.Comparison] = []
    for snr in [1.0, 4.0] {
      for (d, n) in points {
        #expect(SimulationAgreement.finiteTierApplies(d: d, n: n))
        var values: [Double] = []
        for j in 0..<designs {
          let p = try Self.trainedPoint(
            d: d, n: n, snr: snr, steps: 20_000, seed: master.child("d\(d)n\(n)snr\(snr)").child(j))
          #expect(
            p.maxDistanceToMinimumNorm <= Self.convergenceTolerance,
            "d=\(d) n=\(n): GD not converged (\(p.maxDistanceToMinimumNorm))")
          values.append(p.cka.mean)
        }
        let finite = try FiniteTier.predict(LinearModel(d: d, n: n, snr: snr))
        comparisons.append(
          try SimulationAgreement.compare(
            "CKA d=\(d) n=\(n) snr=\(snr)", simulated: RepAlignNumerics.Estimate(values),
            theory: RepAlignNumerics.Estimate(finite.alignmentCKA, standardError: 0),
            criterion: .init(z: Self.z, biasAllowance: SimulationAgreement.finiteTierBias)))
      }
    }
    let report = SimulationAgreement.Report(comparisons: comparisons)
    print("GATE finite tier:\n\(report)")
    for c in comparisons { #expect(c.passes, "\(c)") }
  }

  /// Ridge one-layer fits vs the exact tier (same design, ridge filter) and vs the filtered tier
  /// (mean over designs). d = 100, λ ∈ {0.1, 1}, n ∈ {50, 100, 200}, SNR 4; 3 designs (6 slow).
  @Test func ridgeFitsAgreeWithExactAndFilteredTiers() throws {
    let d = 100
    let designs = TestTier.slow ? 6 : 3
    let master = StreamSeed(master: TestSeeds.seed(553)).child("gate-ridge")
    var comparisons: [SimulationAgreement.Comparison] = []
    for lambda in [0.1, 1.0] {
      for n in [50, 100, 200] {
        var values: [Double] = []
        for j in 0..<designs {
          let experiment = try RegressionTask(
            inputDimension: d, sampleCount: n, testCount: Self.testCount, snr: 4
          )
          .make(members: Self.members, seed: master.child("n\(n)l\(lambda)").child(j))
          let data = experiment.dataset
          let root = (Double(n) * lambda).squareRoot()
          let x = data.trainInputs
          let augmented = Matrix(rows: n + d, columns: d) { i, k in
            i < n ? x[i, k] : (i - n == k ? root : 0)
          }
          var reps: [Matrix] = []
          for a in 0..<Self.members {
            let y = data.memberTargets[a]
            let targets = Matrix(rows: n + d, columns: 1) { i, _ in i < n ? y[i, 0] : 0 }
            let fit = try Matrix.leastSquares(augmented, targets).solution
            reps.append(Matrix.product(data.testInputs, fit))
          }
          let sim = try EnsembleAlignment.compute(reps, measure: LinearCKA())
          let sigma = experiment.noiseStandardDeviation!
          let exact = try ExactTier.design(
            x, teacher: experiment.beta!, noiseVariance: sigma * sigma,
            estimator: .ridge(lambda: lambda))
          comparisons.append(
            try SimulationAgreement.compare(
              "ridge CKA vs exact n=\(n) λ=\(lambda) design \(j)",
              simulated: RepAlignNumerics.Estimate(sim.mean, standardError: sim.standardError),
              theory: RepAlignNumerics.Estimate(exact.expectedSquaredCosine, standardError: 0),
              criterion: .init(z: Self.z, biasAllowance: Self.ckaBias)))
          values.append(sim.mean)
        }
        let filtered = try FilteredTier.predict(
          LinearModel(d: d, n: n, snr: 4), estimator: .ridge(lambda: lambda))
        comparisons.append(
          try SimulationAgreement.compare(
            "ridge CKA vs filtered n=\(n) λ=\(lambda)",
            simulated: RepAlignNumerics.Estimate(values),
            theory: RepAlignNumerics.Estimate(filtered.alignmentCKA, standardError: 0),
            criterion: .init(z: Self.z, biasAllowance: 3 / Double(d))))
      }
    }
    let report = SimulationAgreement.Report(comparisons: comparisons)
    print("GATE ridge:\n\(report)")
    for c in comparisons { #expect(c.passes, "\(c)") }
  }
}
