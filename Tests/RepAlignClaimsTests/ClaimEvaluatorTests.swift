import Foundation
import RepAlignData
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

/// `ClaimEvaluator` groups grid points by noise level through the grid index
/// (`GridPoint.noiseIndex`), never by floating-point equality of derived SNRs.
@Suite struct ClaimEvaluatorTests {
  static func spec(grid: String) throws -> ExperimentSpec {
    try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"g","claim":"threshold_minimum","description":"d","tier":"fast",
         "task":{"kind":"sign_classification","input_dimension":4},
         "model":{"activation":"identity","width":4,"init_scale":0.001},
         "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
         "grid":{"n":[2,4,8],\(grid)},"members":3,"test_size":20,"seed":1,
         "measures":["linear_cka"],"statistics":{"significance":0.01}}
        """.utf8))
  }

  /// Hand-made results; `snr(point)` is the SNR each record carries.
  static func results(_ spec: ExperimentSpec, snr: (GridPoint) -> Double) -> [PointResult] {
    ExperimentRunner.gridPoints(spec).map { p in
      PointResult(
        experiment: "g", point: p, snr: snr(p),
        alignment: ["linear_cka": Estimate(p.n == 4 ? 0.1 : 0.9, standardError: 0.01)],
        testError: Estimate(0, standardError: nil), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: 1, parameterCount: 20, seed: 1)
    }
  }

  @Test func gridPointsCarryTheirNoiseIndex() throws {
    let points = ExperimentRunner.gridPoints(try Self.spec(grid: "\"flip_probability\":[0.25,0.05]"))
    #expect(points.map(\.noiseIndex) == [0, 1, 0, 1, 0, 1])
    #expect(points.map(\.index) == Array(0..<6))
    #expect(points[3].noise == .flipProbability(0.05) && points[3].n == 4)
  }

  /// A derived SNR that differs in its last bit between grid points of one level (0.1 + 0.2 vs
  /// 0.3) stays one level; two levels with the same SNR stay two.
  @Test func levelsAreGridIndicesNotSNRValues() throws {
    let spec = try Self.spec(grid: "\"flip_probability\":[0.25,0.05]")
    let jittered = Self.results(spec) { p in p.noiseIndex == 0 ? (p.n == 2 ? 0.1 + 0.2 : 0.3) : 4 }
    #expect(0.1 + 0.2 != 0.3)
    #expect(ClaimEvaluator.noiseLevels(jittered) == [0, 1])
    let rows = try ClaimEvaluator.evaluate(spec, jittered)
    #expect(rows.count == 2, "one threshold check per noise level: \(rows.map(\.slice))")
    #expect(rows.allSatisfy { $0.verdict.passed }, "\(rows.map { $0.verdict.evidence })")

    let tied = Self.results(spec) { _ in 1 }
    #expect(ClaimEvaluator.noiseLevels(tied) == [0, 1])
    #expect(try ClaimEvaluator.evaluate(spec, tied).count == 2)
  }

  /// Levels are ordered by increasing SNR (flip probabilities run the other way).
  @Test func levelsAreOrderedBySNR() throws {
    let spec = try Self.spec(grid: "\"flip_probability\":[0.25,0.05]")
    let results = Self.results(spec) { $0.noise.signalToNoiseRatio }
    #expect(ClaimEvaluator.noiseLevels(results) == [0, 1])
    let reversed = Self.results(try Self.spec(grid: "\"flip_probability\":[0.05,0.25]")) { $0.noise.signalToNoiseRatio }
    #expect(ClaimEvaluator.noiseLevels(reversed) == [1, 0])
  }
}

/// `ClaimEvaluator` on hand-built outcomes: the Bonferroni split over measures × slices ×
/// comparisons, the threshold rule, exception matching by coordinates, margins. Expected values are
/// computed by hand (or with mpmath, as stated), never by the code under test.
@Suite struct ClaimEvaluatorDirectTests {
  /// Normal quantiles from mpmath 1.3.0 at 40 digits, √2·erfinv(1 − 2p) (scipy 1.17.1
  /// `norm.isf` agrees to the 16 digits it prints).
  static let z00125 = 3.023341439739147364309122245969 // p = 0.00125
  static let z0002 = 2.878161739095483443331617752334 // p = 0.002
  /// GSL's normal quantile is good to a few ulp; 64 ε relative to the largest quantile here
  /// (|z| < 4) leaves room for any libm.
  static let quantileTolerance = 64 * Double.ulpOfOne * 4

  /// An SNR spec: measures linear_cka and debiased_cka, n ∈ {10, 40}, SNR ∈ {1, 4, 16}, α = 0.01,
  /// with the given `documented_exceptions` JSON.
  static func snrSpec(exceptions: String = "[]", seed: UInt64 = 7) throws -> ExperimentSpec {
    try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"h","claim":"snr_monotone","description":"d","tier":"fast",
         "task":{"kind":"linear_regression","input_dimension":20},
         "model":{"activation":"identity","width":4,"init_scale":0.001},
         "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
         "grid":{"n":[10,40],"snr":[1,4,16]},"members":3,"test_size":20,"seed":\(seed),
         "measures":["linear_cka","debiased_cka"],
         "statistics":{"significance":0.01,"documented_exceptions":\(exceptions)}}
        """.utf8))
  }

  /// Hand-made results: `value(measure, n, snr)` with standard error 0.01 and no paired units,
  /// so every z-score is the independent (a − b)/√(0.01² + 0.01²).
  static func results(_ spec: ExperimentSpec, seed: UInt64? = nil, value: (String, Int, Double) -> Double)
    -> [PointResult]
  {
    ExperimentRunner.gridPoints(spec).map { p in
      let snr = p.snr!
      return PointResult(
        experiment: spec.id, point: p, snr: snr,
        alignment: Dictionary(
          uniqueKeysWithValues: spec.measures.map { ($0, Estimate(value($0, p.n, snr), standardError: 0.01)) }),
        testError: Estimate(0, standardError: nil), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: 1, parameterCount: 20, seed: seed ?? spec.seed)
    }
  }

  /// Rises by 0.1 per SNR step everywhere (z = 0.1/√2e-4 = 7.0711 per step).
  static func rising(_ m: String, _ n: Int, _ snr: Double) -> Double { 0.2 + 0.1 * log2(snr) / 2 }

  @Test func bonferroniSplitsOverMeasuresSlicesAndSteps() throws {
    let spec = try Self.snrSpec()
    let rows = try ClaimEvaluator.evaluate(spec, Self.results(spec, value: Self.rising))
    #expect(rows.count == 4, "2 measures × 2 slices")
    for row in rows {
      // α = 0.01 over 2 measures × 2 slices × 2 steps: 0.00125 per comparison.
      #expect(abs(row.verdict.typeIRate - 0.00125) <= 4 * Double.ulpOfOne * 0.00125)
      #expect(abs(row.verdict.zLevel - Self.z00125) <= Self.quantileTolerance, "\(row.verdict.zLevel)")
      // Each step: (0.1)/√(2·0.01²) = 7.0710678118654752 (= 5√2); margin = 7.0711 − 3.0233.
      let expectedMargin = 5 * 2.0.squareRoot() - Self.z00125
      #expect(abs(row.decidingMargin - expectedMargin) <= 1e-9, "\(row.decidingMargin)")
      #expect(row.status == "PASS" && row.acceptable && row.verdict.comparisons.count == 2)
      #expect(row.verdict.comparisons.map(\.id) == [.init(step: [1, 4]), .init(step: [4, 16])])
    }
    #expect(Set(rows.map(\.sliceID)) == [SliceID(n: 10), SliceID(n: 40)])
  }

  static let exceptionAtN10 =
    #"[{"measure":"linear_cka","slice":{"n":10},"comparison":{"step":[1,4]},"reason":"flat by construction"}]"#

  @Test func anExceptionExcusesExactlyItsComparison() throws {
    // Step 1 → 4 at n = 10 under linear_cka is flat (0.2 → 0.2), step 4 → 16 rises.
    let value: (String, Int, Double) -> Double = { m, n, s in
      m == "linear_cka" && n == 10 && s == 4 ? 0.2 : Self.rising(m, n, s)
    }
    let spec = try Self.snrSpec(exceptions: Self.exceptionAtN10)
    let rows = try ClaimEvaluator.evaluate(spec, Self.results(spec, value: value))
    let excused = try #require(rows.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(!excused.verdict.passed, "the checker itself still fails it")
    #expect(excused.status == "NOT ESTABLISHED (documented)" && excused.acceptable)
    #expect(excused.excused.map(\.reason) == ["flat by construction"] && excused.unneeded.isEmpty)
    // The deciding margin is the other step's: 4 → 16 rises 0.2 → 0.4, z = 0.2/√2e-4 = 10√2.
    #expect(abs(excused.decidingMargin - (10 * 2.0.squareRoot() - Self.z00125)) <= 1e-9, "\(excused.decidingMargin)")
    for row in rows where row != excused {
      #expect(row.status == "PASS" && row.excused.isEmpty && row.unneeded.isEmpty)
    }

    // The other step of the same slice still decides: flat there too → FAIL despite the exception.
    let twoFlat: (String, Int, Double) -> Double = { m, n, s in
      m == "linear_cka" && n == 10 ? 0.2 : Self.rising(m, n, s)
    }
    let both = try ClaimEvaluator.evaluate(spec, Self.results(spec, value: twoFlat))
    let failing = try #require(both.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(failing.status == "FAIL" && !failing.acceptable && failing.excused.count == 1)

    // The same step at the other slice, and at the other measure, is not excused.
    for (measure, n) in [("linear_cka", 40), ("debiased_cka", 10)] {
      let elsewhere: (String, Int, Double) -> Double = { m, nn, s in
        m == measure && nn == n && s == 4 ? 0.2 : Self.rising(m, nn, s)
      }
      let rows = try ClaimEvaluator.evaluate(spec, Self.results(spec, value: elsewhere))
      let row = try #require(rows.first { $0.measure == measure && $0.sliceID == SliceID(n: n) })
      #expect(row.status == "FAIL" && !row.acceptable && row.excused.isEmpty, "\(measure) n=\(n)")
    }
  }

  @Test func anExceptionWhoseComparisonPassesFailsTheFixedSeedRun() throws {
    let spec = try Self.snrSpec(exceptions: Self.exceptionAtN10)
    let fixed = try ClaimEvaluator.evaluate(spec, Self.results(spec, value: Self.rising))
    let row = try #require(fixed.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(row.verdict.passed && row.unneeded.count == 1 && row.excused.isEmpty)
    #expect(row.fixedSeed && !row.acceptable && row.status == "FAIL (exception no longer needed)")
    // With a fresh seed an exception that does not trigger is what an intermittent regime does.
    let fresh = try ClaimEvaluator.evaluate(spec, Self.results(spec, seed: 99, value: Self.rising))
    let freshRow = try #require(fresh.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(!freshRow.fixedSeed && freshRow.acceptable && freshRow.status == "PASS" && freshRow.unneeded.count == 1)
  }

  /// A fresh-seed-only declaration of step 1 → 4 at n = 10 under linear_cka, measured 11 of 108.
  static let freshOnlyAtN10 =
    #"[{"measure":"linear_cka","slice":{"n":10},"comparison":{"step":[1,4]},"reason":"on the edge","seeds":"fresh_only","fresh_seed_rate":{"failures":11,"runs":108}}]"#

  /// Step 1 → 4 at n = 10 under linear_cka is flat (0.2 → 0.2, z = 0): that comparison fails.
  static func flatFirstStep(_ m: String, _ n: Int, _ s: Double) -> Double {
    m == "linear_cka" && n == 10 && s == 4 ? 0.2 : rising(m, n, s)
  }

  /// (a) At the spec's seed a fresh-only comparison decides: failing there fails the run, saying
  /// the declaration is wrong; passing there is a plain PASS (not "no longer needed").
  @Test func aFreshOnlyExceptionDecidesAtTheSpecSeed() throws {
    let spec = try Self.snrSpec(exceptions: Self.freshOnlyAtN10)
    try spec.validate()
    let rows = try ClaimEvaluator.evaluate(spec, Self.results(spec, value: Self.flatFirstStep))
    let row = try #require(rows.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(row.fixedSeed && !row.decidingPassed && !row.acceptable && !row.knownIntermittent)
    #expect(row.status == "FAIL (fresh-only exception fails at the spec's seed)", "\(row.status)")
    #expect(row.intermittentFailures.map(\.reason) == ["on the edge"] && row.excused.isEmpty && row.unneeded.isEmpty)
    // The failed criterion has no excuse at the spec's seed, but it is a z-test: the deciding
    // margin is the flat step's, 0 − z.
    #expect(abs(row.decidingMargin - (0 - Self.z00125)) <= 1e-9, "\(row.decidingMargin)")
    let flat = ReportWriter.ClaimRow(row)
    #expect(flat.intermittentFailures == ["linear_cka at n=10, step 1.0 → 4.0"] && flat.status == row.status)

    let passing = try ClaimEvaluator.evaluate(spec, Self.results(spec, value: Self.rising))
    let ok = try #require(passing.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(ok.status == "PASS" && ok.acceptable && ok.unneeded.isEmpty && ok.freshOnly.count == 1)
    #expect(ok.intermittentFailures.isEmpty)
    // The report lists the declaration beside the exceptions, with its rate, in either case.
    #expect(
      ReportWriter.intermittentLine(ok.freshOnly[0], ok).contains("11 of 108 fresh-seed runs (10.2 %)")
        && ReportWriter.intermittentLine(ok.freshOnly[0], ok).contains("passed in this run"))
    #expect(ReportWriter.intermittentLine(row.freshOnly[0], row).contains("FAILED at the spec's seed"))
  }

  /// (b) With a fresh seed the declared comparison's failure is a known intermittent failure; every
  /// other comparison of the slice, and the same step elsewhere, still decides.
  @Test func aFreshOnlyFailureIsKnownIntermittentUnderFreshSeeds() throws {
    let spec = try Self.snrSpec(exceptions: Self.freshOnlyAtN10)
    let rows = try ClaimEvaluator.evaluate(spec, Self.results(spec, seed: 99, value: Self.flatFirstStep))
    let row = try #require(rows.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(!row.fixedSeed && row.decidingPassed && row.acceptable && row.knownIntermittent)
    #expect(row.status == "KNOWN INTERMITTENT (documented)" && row.excused.isEmpty && row.unneeded.isEmpty)
    // Deciding: the other step alone, 0.2 → 0.4, z = 10√2.
    #expect(abs(row.decidingMargin - (10 * 2.0.squareRoot() - Self.z00125)) <= 1e-9, "\(row.decidingMargin)")
    #expect(ReportWriter.intermittentLine(row.freshOnly[0], row).contains("known intermittent failure"))
    for other in rows where other != row {
      #expect(other.status == "PASS" && other.freshOnly.isEmpty && !other.knownIntermittent)
    }

    // The other step of the slice flat too: it decides, so the check fails.
    let twoFlat: (String, Int, Double) -> Double = { m, n, s in
      m == "linear_cka" && n == 10 ? 0.2 : Self.rising(m, n, s)
    }
    let both = try ClaimEvaluator.evaluate(spec, Self.results(spec, seed: 99, value: twoFlat))
    let failing = try #require(both.first { $0.measure == "linear_cka" && $0.sliceID == SliceID(n: 10) })
    #expect(failing.status == "FAIL" && !failing.acceptable && failing.intermittentFailures.count == 1)

    // The same step at the other slice or under the other measure is not declared.
    for (measure, n) in [("linear_cka", 40), ("debiased_cka", 10)] {
      let elsewhere: (String, Int, Double) -> Double = { m, nn, s in
        m == measure && nn == n && s == 4 ? 0.2 : Self.rising(m, nn, s)
      }
      let rows = try ClaimEvaluator.evaluate(spec, Self.results(spec, seed: 99, value: elsewhere))
      let row = try #require(rows.first { $0.measure == measure && $0.sliceID == SliceID(n: n) })
      #expect(row.status == "FAIL" && !row.acceptable && !row.knownIntermittent, "\(measure) n=\(n)")
    }
  }

  /// (c) Malformed declarations: one-line errors naming the field.
  @Test(arguments: [
    (#""seeds":"fresh_only""#, "statistics.documented_exceptions[0].fresh_seed_rate"),
    (
      #""seeds":"fresh_only","fresh_seed_rate":{"failures":0,"runs":108}"#,
      "statistics.documented_exceptions[0].fresh_seed_rate.failures"
    ),
    (
      #""seeds":"fresh_only","fresh_seed_rate":{"failures":109,"runs":108}"#,
      "statistics.documented_exceptions[0].fresh_seed_rate.failures"
    ),
    (#""fresh_seed_rate":{"failures":0,"runs":0}"#, "statistics.documented_exceptions[0].fresh_seed_rate.runs"),
  ])
  func malformedFreshOnlyExceptionsAreRejected(fields: String, parameter: String) throws {
    let spec = try Self.snrSpec(
      exceptions: #"[{"measure":"linear_cka","slice":{"n":10},"comparison":{"step":[1,4]},"reason":"r","#
        + fields + "}]")
    #expect {
      try spec.validate()
    } throws: { ($0 as? ParameterError)?.parameter == parameter }
  }

  /// Through the loader: an unknown `seeds` value, a misspelled rate field and an empty reason are
  /// one-line errors naming the field.
  @Test func malformedExceptionFilesNameTheField() {
    let exception = #"{"measure": "linear_cka", "slice": {"n": 10}, "comparison": {"step": [1, 4]}, "#
    for (fields, expected) in [
      (
        #""reason": "r", "seeds": "sometimes""#,
        "field statistics.documented_exceptions[0].seeds: must be one of all, fresh_only"
      ),
      (
        #""reason": "r", "seeds": "fresh_only", "fresh_seed_rate": {"failures": 1, "run": 50}"#,
        "statistics.documented_exceptions[0].fresh_seed_rate.run"
      ),
      (#""reason": " ""#, "statistics.documented_exceptions[0].reason"),
    ] {
      let text = ExperimentSpecTests.valid.replacingOccurrences(
        of: "\"window\": [0.8, 1.2]", with: "\"documented_exceptions\": [" + exception + fields + "}]")
      let message = ExperimentSpecTests.error(text)
      #expect(
        message?.contains(expected) == true && message?.contains("\n") == false,
        "\(fields): \(message ?? "loaded")")
    }
  }

  /// Normal quantile for p = 0.01 from mpmath 1.3.0 at 40 digits, √2·erfinv(1 − 2p) (Python's
  /// statistics.NormalDist().inv_cdf(0.99) agrees to 16 digits).
  static let z001 = 2.326347874040841100885606163346911723352

  /// A decoupling spec: one measure, n ∈ {10, 40} at one SNR, α = 0.01 (one pair: z = z001).
  static func decouplingSpec() throws -> ExperimentSpec {
    try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"c","claim":"decoupling","description":"d","tier":"fast",
         "task":{"kind":"linear_regression","input_dimension":20},
         "model":{"activation":"identity","width":4,"init_scale":0.001},
         "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
         "grid":{"n":[10,40],"snr":[4]},"members":3,"test_size":20,"seed":5,
         "measures":["linear_cka"],"statistics":{"significance":0.01}}
        """.utf8))
  }

  /// Decoupling on hand-made points (s.e. 0.01 everywhere, no paired units): the verdict and its
  /// `pair` comparison must agree — the evaluator decides on the comparison, not the verdict.
  @Test func decouplingDecidesOnThePairComparison() throws {
    let spec = try Self.decouplingSpec()
    func results(alignment: [Double], error: [Double]) -> [PointResult] {
      ExperimentRunner.gridPoints(spec).enumerated().map { i, p in
        PointResult(
          experiment: spec.id, point: p, snr: p.snr!,
          alignment: ["linear_cka": Estimate(alignment[i], standardError: 0.01)],
          testError: Estimate(error[i], standardError: 0.01), trainLoss: Estimate(0, standardError: 0),
          interpolatedFraction: 1, parameterCount: 80, seed: spec.seed)
      }
    }
    // n = 10 is both more aligned (0.5 vs 0.3) and worse (1.0 vs 0.8): both z = 0.2/√2e-4 = 10√2.
    let decoupled = try #require(
      try ClaimEvaluator.evaluate(spec, results(alignment: [0.5, 0.3], error: [1.0, 0.8])).first)
    #expect(decoupled.status == "PASS" && decoupled.acceptable, "\(decoupled.verdict.evidence)")
    #expect(decoupled.verdict.comparisons.map(\.id) == [.init(.pair)] && decoupled.verdict.comparisons[0].passed)
    #expect(abs(decoupled.verdict.zLevel - Self.z001) <= Self.quantileTolerance, "\(decoupled.verdict.zLevel)")
    #expect(abs(decoupled.decidingMargin - (10 * 2.0.squareRoot() - Self.z001)) <= 1e-9, "\(decoupled.decidingMargin)")
    // Alignment tracks error (the more aligned point is the better one): no pair, FAIL.
    let coupled = try #require(
      try ClaimEvaluator.evaluate(spec, results(alignment: [0.5, 0.3], error: [0.8, 1.0])).first)
    #expect(coupled.status == "FAIL" && !coupled.acceptable && coupled.decidingMargin == -.infinity)
    #expect(coupled.verdict.comparisons.map(\.passed) == [false])
  }

  /// A threshold spec (one measure, one level, α = 0.01) over hand-made curves.
  static func thresholdSpec(exceptions: String = "[]") throws -> ExperimentSpec {
    try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"t","claim":"threshold_minimum","description":"d","tier":"fast",
         "task":{"kind":"sign_classification","input_dimension":10},
         "model":{"activation":"relu","width":4,"init_scale":0.01},
         "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
         "grid":{"n":[4,8,16,32,64],"flip_probability":[0.1]},"members":3,"test_size":20,"seed":3,
         "measures":["linear_cka"],
         "statistics":{"significance":0.01,"window":[0.5,1.5],"documented_exceptions":\(exceptions)}}
        """.utf8))
  }

  static func thresholdResults(
    _ spec: ExperimentSpec, alignment: [Double], interpolated: [Double]
  ) -> [PointResult] {
    ExperimentRunner.gridPoints(spec).enumerated().map { i, p in
      PointResult(
        experiment: spec.id, point: p, snr: p.noise.signalToNoiseRatio,
        alignment: ["linear_cka": Estimate(alignment[i], standardError: 0.01)],
        testError: Estimate(0, standardError: nil), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: interpolated[i], parameterCount: 40, seed: spec.seed)
    }
  }

  /// Budget-limited: n* is the largest grid n with at least half the members interpolating (0.5
  /// counts). Converged: the half-crossing, here 16 + 16·(0.6 − 0.5)/(0.6 − 0.2) = 20, and the
  /// evaluator's row uses it.
  @Test func measuredThresholdRule() throws {
    let spec = try Self.thresholdSpec()
    let curve = Self.thresholdResults(spec, alignment: [0, 0, 0, 0, 0], interpolated: [1, 1, 0.5, 0.49, 0])
    #expect(try ClaimEvaluator.interpolationThreshold(spec, curve) == 16)
    var converged = spec
    converged.training.lossThreshold = 1e-8
    let fractions = [1, 1, 0.6, 0.2, 0]
    let crossing = Self.thresholdResults(converged, alignment: [0.5, 0.4, 0.2, 0.4, 0.6], interpolated: fractions)
    #expect(try ClaimEvaluator.interpolationThreshold(converged, crossing) == 20)
    #expect(try ClaimEvaluator.interpolationThreshold(spec, crossing) == 16)
    #expect(try ClaimEvaluator.evaluate(converged, crossing).first?.threshold?.n == 20)
    let none = Self.thresholdResults(spec, alignment: [0, 0, 0, 0, 0], interpolated: [0.4, 0, 0, 0, 0])
    #expect {
      try ClaimEvaluator.interpolationThreshold(spec, none)
    } throws: { ($0 as? ParameterError)?.parameter == "grid.n" }
  }

  /// Every threshold row says which threshold it tested, n* and the parameter count; the same
  /// spec trained to convergence (a stopping rule) is labelled converged, and `claims.json` rows
  /// carry the three fields.
  @Test func thresholdRowsCarryTheirKindNAndParameterCount() throws {
    let dip = [0.5, 0.4, 0.2, 0.4, 0.6]
    let budget = try Self.thresholdSpec()
    let row = try #require(
      try ClaimEvaluator.evaluate(budget, Self.thresholdResults(budget, alignment: dip, interpolated: [1, 1, 1, 0, 0]))
        .first)
    #expect(row.threshold == ThresholdReport(kind: .budgetLimited, n: 16, parameterCount: 40))
    #expect(row.slice.contains("budget-limited"))
    var converged = budget
    converged.training.lossThreshold = 1e-8
    let crow = try #require(
      try ClaimEvaluator.evaluate(
        converged, Self.thresholdResults(converged, alignment: dip, interpolated: [1, 1, 1, 0, 0])
      ).first)
    // Converged: the half-crossing, 16 + (32 − 16)·(1 − 1/2)/(1 − 0) = 24, where the grid rule said 16.
    #expect(crow.threshold == ThresholdReport(kind: .converged, n: 24, parameterCount: 40))
    #expect(
      crow.slice.contains("converged") && crow.verdict.evidence.last?.hasPrefix("converged / interpolated") == true)
    #expect(crow.verdict.evidence.contains { $0.contains("half-crossing") && $0.contains("grid rule") })
    let flat = ReportWriter.ClaimRow(crow)
    #expect(flat.threshold == "converged" && flat.thresholdN == 24 && flat.parameterCount == 40)
  }

  @Test func thresholdWindowRiseAndTheirExceptions() throws {
    // Minimum at n = 16 = n* (window [8, 24]); rises of 0.2 on both sides: z = 0.2/√2e-4 = 10√2.
    let dip = [0.5, 0.4, 0.2, 0.4, 0.6]
    let spec = try Self.thresholdSpec()
    let rows = try ClaimEvaluator.evaluate(
      spec, Self.thresholdResults(spec, alignment: dip, interpolated: [1, 1, 1, 0, 0]))
    let row = try #require(rows.first)
    // α = 0.01 over 1 measure × 1 level, each side at the full α (both must rise), split over the
    // m = 5 arg-min/point pairs the right side could be decided on: the window [8, 24] admits the
    // interior indices 1 and 2 (n = 8, 16), m_L = 1 + 2 = 3, m_R = 3 + 2 = 5.
    #expect(abs(row.verdict.zLevel - Self.z0002) <= Self.quantileTolerance)
    // Left: max over n < 16 of (a_i − a_min)/√2e-4 = 0.3/0.01414 = 15√2; right: 0.4 → 20√2.
    let left = try #require(row.verdict.comparisons.first { $0.id == .init(.riseLeft) }?.margin)
    let right = try #require(row.verdict.comparisons.first { $0.id == .init(.riseRight) }?.margin)
    #expect(
      abs(left - (15 * 2.0.squareRoot() - Self.z0002)) <= 1e-9
        && abs(right - (20 * 2.0.squareRoot() - Self.z0002)) <= 1e-9)
    #expect(row.status == "PASS" && row.sliceID == SliceID(flipProbability: 0.1))

    // The minimum outside the window (n* = 64 → window [32, 96]): fails on the window criterion
    // alone, which an argmin_in_window exception excuses; a rise_left exception does not.
    let outside = Self.thresholdResults(spec, alignment: dip, interpolated: [1, 1, 1, 1, 1])
    let failed = try #require(try ClaimEvaluator.evaluate(spec, outside).first)
    #expect(
      failed.status == "FAIL" && failed.verdict.comparisons.filter { !$0.passed }.map(\.id) == [.init(.argminInWindow)])
    let windowException = try Self.thresholdSpec(
      exceptions:
        #"[{"measure":"linear_cka","slice":{"flip_probability":0.1},"comparison":{"criterion":"argmin_in_window"},"reason":"r"}]"#
    )
    let documented = try #require(
      try ClaimEvaluator.evaluate(
        windowException, Self.thresholdResults(windowException, alignment: dip, interpolated: [1, 1, 1, 1, 1])
      ).first)
    #expect(documented.status == "NOT ESTABLISHED (documented)" && documented.acceptable)
    let sideException = try Self.thresholdSpec(
      exceptions:
        #"[{"measure":"linear_cka","slice":{"flip_probability":0.1},"comparison":{"criterion":"rise_left"},"reason":"r"}]"#
    )
    let notExcused = try #require(
      try ClaimEvaluator.evaluate(
        sideException, Self.thresholdResults(sideException, alignment: dip, interpolated: [1, 1, 1, 1, 1])
      ).first)
    #expect(notExcused.status == "FAIL" && notExcused.unneeded.count == 1)
  }

  @Test(arguments: [
    (#"[{"measure":"rbf_cka","slice":{"n":10},"comparison":{"step":[1,4]},"reason":"r"}]"#, "measure"),
    (#"[{"measure":"linear_cka","slice":{"n":20},"comparison":{"step":[1,4]},"reason":"r"}]"#, "slice.n"),
    (#"[{"measure":"linear_cka","slice":{"n":10},"comparison":{"step":[1,16]},"reason":"r"}]"#, "comparison"),
    (#"[{"measure":"linear_cka","slice":{"n":10},"comparison":{"step":[4,1]},"reason":"r"}]"#, "comparison"),
    (#"[{"measure":"linear_cka","slice":{"snr":4},"comparison":{"step":[1,4]},"reason":"r"}]"#, "slice"),
    (#"[{"measure":"linear_cka","slice":{"n":10},"comparison":{"criterion":"rise_left"},"reason":"r"}]"#, "comparison"),
    (
      #"[{"measure":"linear_cka","slice":{"n":10},"comparison":{"step":[1,4]},"reason":"r"},{"measure":"linear_cka","slice":{"n":10},"comparison":{"step":[1,4]},"reason":"again"}]"#,
      "documented_exceptions[1]"
    ),
  ])
  func exceptionsThatNameNoSingleComparisonAreRejected(exceptions: String, field: String) throws {
    let spec = try Self.snrSpec(exceptions: exceptions)
    #expect {
      try spec.validate()
    } throws: { error in
      guard let e = error as? ParameterError else { return false }
      return e.parameter.hasPrefix("statistics.documented_exceptions[") && e.parameter.contains(field)
    }
  }

  /// The old prefix form (`"slice": "n="`) no longer decodes.
  @Test func prefixExceptionsDoNotDecode() {
    #expect {
      try Self.snrSpec(exceptions: #"[{"measure":"linear_cka","slice":"n=","reason":"r"}]"#)
    } throws: { error in
      guard case .typeMismatch(_, let context)? = error as? DecodingError else { return false }
      return context.codingPath.map(\.stringValue).contains("slice")
    }
  }
}
