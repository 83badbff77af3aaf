import Foundation
import RepAlignNumerics

/// One experiment as run by `repalign reproduce`: its spec, every grid point's result, the claim
/// verdicts, the master seed used and how long it took.
public struct ExperimentOutcome: Sendable {
  public let spec: ExperimentSpec
  public let results: [PointResult]
  public let claims: [ClaimResult]
  /// Why there are no verdict rows, when there are none (e.g. a theory claim, which the theory
  /// gate of the test suite evaluates).
  public let note: String?
  public let seed: UInt64
  public let wallSeconds: Double

  public init(
    spec: ExperimentSpec, results: [PointResult], claims: [ClaimResult], note: String?, seed: UInt64,
    wallSeconds: Double
  ) {
    self.spec = spec
    self.results = results
    self.claims = claims
    self.note = note
    self.seed = seed
    self.wallSeconds = wallSeconds
  }

  /// Runs every grid point of `spec` with master seed `seed` and evaluates its claim.
  public static func run(
    _ spec: ExperimentSpec, seed: UInt64, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> ExperimentOutcome {
    let start = Date()
    let results = try ExperimentRunner.run(spec, masterSeed: seed, progress: progress)
    let claims = try ClaimEvaluator.evaluate(spec, results)
    let note: String? = nil
    return ExperimentOutcome(
      spec: spec, results: results, claims: claims, note: note, seed: seed,
      wallSeconds: Date().timeIntervalSince(start))
  }

  /// Distinct training-set sizes, ascending.
  public var sizes: [Int] { Array(Set(results.map(\.point.n))).sorted() }
  /// The grid's noise levels present, as noise indices (`GridPoint.noiseIndex`), by increasing SNR.
  public var levels: [Int] { ClaimEvaluator.noiseLevels(results) }

  /// The SNR at noise level `level` (a noise index), NaN if no result has it.
  public func snr(level: Int) -> Double {
    results.first { $0.point.noiseIndex == level }?.snr ?? .nan
  }

  /// The result at (n, noise level), if the grid has it.
  public func result(n: Int, level: Int) -> PointResult? {
    results.first { $0.point.n == n && $0.point.noiseIndex == level }
  }
}
