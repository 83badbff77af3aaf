import Foundation
import RepAlignClaims
import RepAlignNumerics
import Testing
import _TestSupport

/// The paper's claims, re-established on this build: every claim experiment in
/// `Validation/specs` runs, its seeded simulation is compared with its golden file, and every
/// verdict (claim × measure × slice) must pass. Fast-tier specs run in every `swift test`;
/// slow-tier specs with `REPALIGN_SLOW=1`.
///
/// Error rates: each spec states its significance α, the family-wise probability that its checks
/// pass when there is no effect (a false pass), split by Bonferroni over its measures, slices and
/// comparisons (see `ClaimEvaluator`). The false-failure rate (a check failing although the claim
/// holds) is set by effect size against standard error: each verdict carries a plug-in estimate,
/// and the fresh-seed mode with a repeat count measures it. Seeds are the specs' own by default (deterministic CI);
/// `REPALIGN_FRESH_SEEDS=1` draws a fresh master seed per run (golden files are then skipped, as
/// they record the fixed seed), `REPALIGN_REPEAT=N` repeats each experiment N times and prints
/// each check's failure count ("fresh-seed tally"), and `REPALIGN_SEED=N` replays one seed.
@Suite struct ClaimSuiteTests {
  @Test("fast-tier claim", arguments: ValidationSpecs.ids(tier: "fast").filter { !DownloadedData.needed(by: $0) })
  func fastClaim(id: String) throws { try Self.verify(id) }

  /// Fast specs on downloaded data (MNIST smoke, Covertype real-design theory): run when the data cache holds their datasets,
  /// otherwise skipped with the command that fetches them — the default tier passes on a clean
  /// clone. The slow tier has no such gate: a slow spec without its data fails, naming the command.
  @Test(
    "fast-tier claim on downloaded data",
    .enabled(
      if: DownloadedData.presentForFastSpecs,
      "the data cache lacks a dataset of a fast spec (MNIST, Covertype): run `make data` (or `repalign data fetch mnist covertype`)"
    ),
    arguments: ValidationSpecs.ids(tier: "fast").filter { DownloadedData.needed(by: $0) })
  func fastClaimOnDownloadedData(id: String) throws { try Self.verify(id) }

  @Test("slow-tier claim", .enabled(if: TestTier.slow), arguments: ValidationSpecs.ids(tier: "slow"))
  func slowClaim(id: String) throws { try Self.verify(id) }

  static func verify(_ id: String) throws {
    let spec = try ExperimentSpec.load(ValidationSpecs.directory.appendingPathComponent("\(id).json"))
    var failures: [String: Int] = [:]
    var runs: [String: Int] = [:]
    var order: [String] = []
    var excusedCount: [String: Int] = [:]
    // Fresh-only exceptions: how often their comparison failed (a known intermittent failure).
    var intermittentCount: [String: Int] = [:]
    var declaredRate: [String: String] = [:]
    let repeats = TestSeeds.repeats
    for _ in 0..<repeats {
      let seed = TestSeeds.seed(spec.seed)
      let results = try ExperimentRunner.run(spec, masterSeed: seed)
      if seed == spec.seed && spec.tier == .fast {
        checkGolden(
          "claim-\(id)", note: "seeded simulation of \(id): per grid point, alignment and test error",
          goldenFields(results, z: goldenStandardErrors(spec)))
      }
      let rows = try ClaimEvaluator.evaluate(spec, results)
      #expect(!rows.isEmpty)
      let fixed = seed == spec.seed
      for row in rows {
        // Keyed by coordinates (measure, slice's grid values): a slice label can name a measured
        // n*, which varies by run.
        let check = "\(row.measure) \(row.sliceID)"
        if failures[check] == nil { order.append(check) }
        // Undocumented failures only: a known intermittent failure is tallied apart, below.
        failures[check, default: 0] += row.decidingPassed ? 0 : 1
        runs[check, default: 0] += 1
        for e in row.excused { excusedCount["\(e)", default: 0] += 1 }
        for e in row.unneeded { excusedCount["\(e)", default: 0] += 0 }
        for e in row.freshOnly {
          intermittentCount["\(e)", default: 0] += row.intermittentFailures.contains(e) ? 1 : 0
          declaredRate["\(e)"] = e.freshSeedRate?.description ?? "no rate"
        }
        let message =
          "\(row.experiment) [\(row.claim), \(row.model), \(row.task)] \(row.measure) \(row.slice): \(row.verdict.summary), seed \(seed) (replay: REPALIGN_SEED=\(seed))\n  "
          + row.verdict.evidence.joined(separator: "\n  ")
        // Every comparison not excused decides; at the spec's seed that includes the fresh-only
        // ones, whose failure there means the declaration is wrong.
        #expect(
          row.decidingPassed,
          Comment(
            rawValue: (fixed && !row.intermittentFailures.isEmpty
              ? "declared fresh-seed-only failure \(row.intermittentFailures) fails at the spec's seed: the declaration is wrong\n  "
              : "") + message))
        if !fixed {
          for e in row.intermittentFailures {
            // A declared intermittent comparison failed under a fresh seed: known, never silent.
            withKnownIssue(
              "\(e): known intermittent failure (measured \(e.freshSeedRate?.description ?? "rate not recorded")): \(e.reason)",
              isIntermittent: true
            ) {
              Issue.record(Comment(rawValue: "declared intermittent comparison failed: \(e)\n  " + message))
            }
          }
        }
        for e in row.excused {
          // A documented comparison failed: the claim is not established there. At the spec's
          // seed it is a plain known issue; with fresh seeds an intermittent one.
          withKnownIssue("\(e): \(e.reason)", isIntermittent: !fixed) {
            Issue.record(Comment(rawValue: "documented comparison failed: \(e)\n  " + message))
          }
        }
        if fixed {
          for e in row.unneeded {
            Issue.record(
              Comment(
                rawValue:
                  "exception no longer needed: \(e) passes at the spec's seed \(seed); delete it from Validation/specs/\(id).json\n  "
                  + message))
          }
        }
      }
    }
    if repeats > 1 {
      // The measured false-failure rate of each check, one line each (grep "fresh-seed tally").
      for check in order {
        print(
          "fresh-seed tally: \(id) \(check): failed \(failures[check]!) of \(runs[check]!) (\(repeats) runs in all)")
      }
      // Each documented exception's measured trigger rate.
      for (exception, count) in excusedCount.sorted(by: { $0.key < $1.key }) {
        print("fresh-seed tally: \(id) exception \(exception): triggered \(count) of \(repeats)")
      }
      for (exception, count) in intermittentCount.sorted(by: { $0.key < $1.key }) {
        print(
          "fresh-seed tally: \(id) fresh-only exception \(exception): known intermittent failure \(count) of \(repeats) (declared \(declaredRate[exception]!))"
        )
      }
    }
  }

  /// A seeded simulation is deterministic on one machine; across BLAS builds and kernels it may
  /// move by round-off. For gradient-descent training that stays round-off: the budget-limited
  /// ReLU threshold spec's curves differ by 2e-14 s.e. between OpenBLAS's Haswell and SkylakeX
  /// kernels, so a tenth of the point's own standard error catches any real change.
  static let roundOffStableStandardErrors = 0.1
  /// Quasi-Newton training (L-BFGS, BFGS) of a ReLU network from a scale-1 initialization is not
  /// round-off stable: a line search's accept/halve decision flips on the last bits, and a member
  /// ends in another minimum. Measured on `relu-regression-threshold-converged-h8` at its seed: the
  /// Haswell and SkylakeX kernels of the same OpenBLAS 0.3.21 give curves up to 0.62 s.e. apart, and
  /// a matrix–vector read-out (another summation order) moved them by up to 0.85 s.e. A golden at
  /// 0.1 s.e. would fail on any machine whose kernel differs from the recording's; at 2 s.e. (2.3×
  /// the largest shift measured) it still catches a change of the curve's level or shape of the
  /// size that moves a verdict. The claim checks themselves do not use the golden.
  static let quasiNewtonStandardErrors = 2.0

  static func goldenStandardErrors(_ spec: ExperimentSpec) -> Double {
    switch spec.training.optimizer {
    case .bfgs, .lbfgs: quasiNewtonStandardErrors
    default: roundOffStableStandardErrors
    }
  }

  static func goldenFields(_ results: [PointResult], z: Double) -> [GoldenField] {
    var fields: [GoldenField] = []
    for r in results {
      let key =
        "\(r.point.index).n\(r.point.n)" + (r.point.snr.map { ".snr\($0)" } ?? "")
        + (r.point.flipProbability.map { ".p\($0)" } ?? "")
      for (measure, e) in r.alignment.sorted(by: { $0.key < $1.key }) {
        fields.append(
          GoldenField("\(key).alignment.\(measure)", e.mean, .standardErrors(z: z, se: e.standardError ?? 0)))
      }
      fields.append(
        GoldenField("\(key).test_error", r.testError.mean, .standardErrors(z: z, se: r.testError.standardError ?? 0)))
    }
    return fields
  }
}

/// Which specs read datasets from the data cache (`TaskKind.download`), and whether the cache
/// holds those the fast tier needs.
enum DownloadedData {
  static func kind(of id: String) -> TaskKind? {
    try? ExperimentSpec.load(ValidationSpecs.directory.appendingPathComponent("\(id).json")).task.kind
  }

  static func needed(by id: String) -> Bool { kind(of: id)?.download != nil }

  static var presentForFastSpecs: Bool {
    ValidationSpecs.ids(tier: "fast").compactMap(kind).allSatisfy(\.isAvailable)
  }
}
