import RepAlignNumerics
import RepAlignTheory

/// The analytic prediction drawn over simulated alignment-vs-n curves (THEORY.md §3–5): the
/// linear-CKA alignment E[cos²(β̂_a, β̂_b)] of a linear-network noise ensemble with input
/// dimension d, training-set size n, signal-to-noise ratio SNR and signal variance r².
///
/// A hook rather than a fixed tier: `exactTier` is the report's overlay (the exact tier is the one
/// that is right at the threshold, §5; the finite tier is undefined for |n − d| ≤ 3), and tests or
/// other callers may draw another prediction. A `predict` that throws or returns a non-finite
/// value at some n simply leaves that n out of the curve. Only drawn for experiments it
/// describes: identity activation, `linear_regression`, measure `linear_cka`.
public struct TheoryOverlay: Sendable {
  /// Legend text, e.g. "theory (exact tier)".
  public let label: String
  public let predict: @Sendable (_ d: Int, _ n: Int, _ snr: Double, _ signalVariance: Double) throws -> Double

  public init(label: String, predict: @escaping @Sendable (Int, Int, Double, Double) throws -> Double) {
    self.label = label
    self.predict = predict
  }

  /// The overlay of `repalign reproduce`'s report: the exact tier's E[CKA] of minimum-norm fits
  /// (RepAlignTheory `ExactTier`, THEORY.md §5), averaged over 64 sampled designs — accurate at the
  /// threshold itself, where it shows the spike at n = d. Trained networks that have not converged
  /// at n = d fall below it there (THEORY.md §9). The designs of size n come from the stream
  /// `1/overlay/<n>`, so the curve is the same in every report.
  public static let exactTier = TheoryOverlay(label: "theory (exact)") { d, n, snr, r2 in
    try ExactTier.predict(
      LinearModel(d: d, n: n, snr: snr, signal: r2), designs: 64,
      seed: StreamSeed(master: 1).child("overlay").child(n)
    ).alignmentCKA
  }

  /// Whether the overlay describes this experiment and measure.
  public static func applies(to spec: ExperimentSpec, measure: String) -> Bool {
    spec.model.activation == "identity" && spec.task.kind == "linear_regression" && measure == "linear_cka"
      && spec.task.inputDimension != nil
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

  /// (n, prediction) at `sizes`, skipping sizes where the tier does not apply.
  public func curve(d: Int, sizes: [Int], snr: Double, signalVariance: Double) -> [(n: Int, value: Double)] {
    sizes.compactMap { n in
      guard let v = try? predict(d, n, snr, signalVariance), v.isFinite else { return nil }
      return (n, v)
    }
  }
}
