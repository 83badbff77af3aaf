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

  public init(label: String, predict: @escaping @Sendable (Int, Int, Double, Double, StreamSeed) throws -> Double) {
    self.label = label
    self.predict = predict
  }

  /// The overlay of `repalign reproduce`'s report: the exact tier's E[CKA] of minimum-norm fits
  /// (RepAlignTheory `ExactTier`, THEORY.md §5), averaged over 64 sampled designs — accurate at the
  /// threshold itself, where it shows the spike at n = d. Trained networks that have not converged
  /// at n = d fall below it there (THEORY.md §9). The designs are drawn from the experiment's
  /// overlay stream (`ExperimentStreams.theoryOverlay(n:)`), recorded in the provenance.
  public static let exactTier = TheoryOverlay(label: "theory (exact)") { d, n, snr, r2, seed in
    try ExactTier.predict(LinearModel(d: d, n: n, snr: snr, signal: r2), designs: 64, seed: seed).alignmentCKA
  }

  /// Whether the overlay describes this experiment and measure.
  public static func applies(to spec: ExperimentSpec, measure: String) -> Bool {
    spec.model.activation == .identity && spec.task.kind.requirements.hasLinearTheory && measure == "linear_cka"
      && spec.inputDimension != nil
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
    sizes.compactMap { n in
      guard let v = try? predict(d, n, snr, signalVariance, streams.theoryOverlay(n: n)), v.isFinite else { return nil }
      return (n, v)
    }
  }
}
