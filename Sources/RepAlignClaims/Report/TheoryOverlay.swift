import Foundation
import RepAlignNumerics
import RepAlignTheory

/// The analytic prediction drawn over simulated alignment-vs-n curves (THEORY.md §3–5): the
/// linear-CKA alignment E[cos²(β̂_a, β̂_b)] of a linear-network noise ensemble with input
/// dimension d, training-set size n, signal-to-noise ratio SNR and signal variance r².
///
/// A hook rather than a fixed tier: `exactTier` is the report's overlay (the exact tier is the one
/// that is right at the threshold, §5; the finite tier is undefined for |n − d| ≤ 3), and tests or
/// other callers may draw another prediction. A `predict` that throws or returns a non-finite
/// value at some n simply leaves that n out of the curve. Only drawn for experiments it describes: identity activation, a task kind with
/// `TaskKind.Requirements.hasLinearTheory` (`linear_regression`), measure `linear_cka`.
///
/// A tier that samples (the exact tier averages over random designs) draws from the `seed` it is
/// handed: `ExperimentStreams.theoryOverlay(n:)` of the experiment, recorded in the provenance.
public struct TheoryOverlay: Sendable {
  /// Legend text, e.g. "theory (exact tier)".
  public let label: String
  public let predict:
    @Sendable (_ d: Int, _ n: Int, _ snr: Double, _ signalVariance: Double, _ seed: StreamSeed) throws -> Double

  /// The predicted test error (excess risk E‖β̂ − β‖², THEORY.md §5) of the same model, for the
  /// test-error and alignment-vs-test-error figures; nil when the overlay has none.
  public let predictRisk:
    (@Sendable (_ d: Int, _ n: Int, _ snr: Double, _ signalVariance: Double, _ seed: StreamSeed) throws -> Double)?

  public init(label: String, predict: @escaping @Sendable (Int, Int, Double, Double, StreamSeed) throws -> Double) {
    self.label = label
    self.predict = predict
    self.predictRisk = nil
  }

  public init(
    label: String, predict: @escaping @Sendable (Int, Int, Double, Double, StreamSeed) throws -> Double,
    risk: @escaping @Sendable (Int, Int, Double, Double, StreamSeed) throws -> Double
  ) {
    self.label = label
    self.predict = predict
    self.predictRisk = risk
  }

  /// The overlay of `repalign reproduce`'s report: the exact tier's E[CKA] of minimum-norm fits
  /// (RepAlignTheory `ExactTier`, THEORY.md §5), averaged over `overlayDesigns` (128) sampled
  /// designs (64 before issue 20: the dense curves showed their Monte Carlo wiggle) — accurate at the
  /// threshold itself, where it shows the spike at n = d. Trained networks that have not converged
  /// at n = d fall below it there (THEORY.md §9). The designs are drawn from the experiment's
  /// overlay stream (`ExperimentStreams.theoryOverlay(n:)`), recorded in the provenance.
  ///
  /// Its `predictRisk` is the same prediction's excess risk (the same designs, drawn again).
  public static let exactTier: TheoryOverlay = {
    let cache = PredictionCache()
    return TheoryOverlay(
      label: "theory (exact)",
      predict: { d, n, snr, r2, seed in try cache.exact(d: d, n: n, snr: snr, signal: r2, seed: seed).alignmentCKA },
      risk: { d, n, snr, r2, seed in try cache.exact(d: d, n: n, snr: snr, signal: r2, seed: seed).excessRisk })
  }()

  /// Designs averaged per exact-tier overlay value: the Monte Carlo s.e. is the design-to-design
  /// spread / √128, 0.7 of that of the 64 designs used before (cost: about 10 ms per value at
  /// d = 20).
  public static let overlayDesigns = 128

  /// Exact-tier predictions by (d, n, SNR, r², seed), so that the alignment and the risk of one
  /// point (and the points that several figures share) cost one `ExactTier.predict`.
  final class PredictionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: AlignmentPrediction] = [:]

    func exact(d: Int, n: Int, snr: Double, signal: Double, seed: StreamSeed) throws -> AlignmentPrediction {
      let key = "\(d) \(n) \(snr) \(signal) \(seed)"
      if let v = lock.withLock({ values[key] }) { return v }
      let v = try ExactTier.predict(
        LinearModel(d: d, n: n, snr: snr, signal: signal), designs: overlayDesigns, seed: seed)
      lock.withLock { values[key] = v }
      return v
    }
  }

  /// Whether the test-error prediction describes this experiment: the linear network on a task
  /// with linear theory (the measure does not matter).
  public static func appliesToTestError(_ spec: ExperimentSpec) -> Bool {
    spec.model.activation == .identity && spec.task.kind.requirements.hasLinearTheory && spec.inputDimension != nil
      && spec.task.spectrum == nil
  }

  /// `points` SNR values evenly spaced in log SNR over [min, max] of `grid`, plus the grid's own
  /// values (so the curve passes through every simulated level).
  public static func snrs(grid: [Double], points: Int = 200) -> [Double] {
    let positive = grid.filter { $0.isFinite && $0 > 0 }
    guard let lo = positive.min(), let hi = positive.max(), points >= 2 else { return positive.sorted() }
    guard hi > lo else { return [lo] }
    var values = Set(positive)
    for k in 0..<points {
      values.insert(exp(log(lo) + (log(hi) - log(lo)) * Double(k) / Double(points - 1)))
    }
    return values.sorted()
  }

  /// (SNR, prediction) at fixed n over `snrs`, skipping values where the tier does not apply.
  /// Every SNR draws from the same `streams.theoryOverlay(n:)` (common random designs), so the
  /// curve is smooth in SNR and equals the alignment-vs-n curve's value at the grid's SNR levels.
  public func curve(
    d: Int, n: Int, snrs: [Double], signalVariance: Double, streams: ExperimentStreams
  ) -> [(snr: Double, value: Double)] {
    let values = Self.concurrently(snrs.count) { i in
      try predict(d, n, snrs[i], signalVariance, streams.theoryOverlay(n: n))
    }
    return zip(snrs, values).compactMap { snr, v in v.map { (snr, $0) } }
  }

  /// `value(i)` for i in 0..<count, spread over the cores (`parallelMap`, results in index order),
  /// nil where it throws or is not finite. Each overlay value depends only on its own inputs (and
  /// `PredictionCache` stores a key's one value), so the curves are bitwise those of a sequential
  /// loop; `make reproduce` spent about 30 s of its report phase in these curves, one core at a
  /// time (issue 19 item 5).
  static func concurrently(_ count: Int, _ value: @Sendable (Int) throws -> Double) -> [Double?] {
    let values = try? parallelMap(count) { i -> Double? in
      guard let v = try? value(i), v.isFinite else { return nil }
      return v
    }
    return values ?? Array(repeating: nil, count: count)
  }

  /// (n, predicted excess risk) at `sizes`, as `curve(d:sizes:...)`; empty without `predictRisk`.
  public func riskCurve(
    d: Int, sizes: [Int], snr: Double, signalVariance: Double, streams: ExperimentStreams
  ) -> [(n: Int, value: Double)] {
    guard let predictRisk else { return [] }
    let values = Self.concurrently(sizes.count) { i in
      try predictRisk(d, sizes[i], snr, signalVariance, streams.theoryOverlay(n: sizes[i]))
    }
    return zip(sizes, values).compactMap { n, v in v.map { (n, $0) } }
  }

  /// Whether the overlay describes this experiment and measure.
  /// The overlays are the isotropic (Σ = I) tiers: a spec with `task.spectrum` gets none.
  public static func applies(to spec: ExperimentSpec, measure: String) -> Bool {
    spec.model.activation == .identity && spec.task.kind.requirements.hasLinearTheory && measure == "linear_cka"
      && spec.inputDimension != nil && spec.task.spectrum == nil
  }

  /// The sizes at which the curve is evaluated: every integer in [min n, max n] when there are at
  /// most `maximumPoints` of them, otherwise `maximumPoints` evenly spaced integers plus the grid's
  /// own sizes and n = d (where the exact tier has its spike).
  public static func sizes(grid: [Int], d: Int, maximumPoints: Int = 80) -> [Int] {
    guard let lo = grid.min(), let hi = grid.max() else { return [] }
    var sizes = Set(grid)
    if hi - lo + 1 <= maximumPoints {
      sizes.formUnion(lo...hi)
    } else {
      for k in 0..<maximumPoints { sizes.insert(lo + (hi - lo) * k / (maximumPoints - 1)) }
      if (lo...hi).contains(d) { sizes.insert(d) }
    }
    return sizes.sorted()
  }

  /// (n, prediction) at `sizes`, skipping sizes where the tier does not apply; size n draws from
  /// `streams.theoryOverlay(n:)`.
  public func curve(
    d: Int, sizes: [Int], snr: Double, signalVariance: Double, streams: ExperimentStreams
  ) -> [(n: Int, value: Double)] {
    let values = Self.concurrently(sizes.count) { i in
      try predict(d, sizes[i], snr, signalVariance, streams.theoryOverlay(n: sizes[i]))
    }
    return zip(sizes, values).compactMap { n, v in v.map { (n, $0) } }
  }
}
