import Foundation
import RepAlignNumerics

/// The report's cross-experiment figure: every threshold experiment (claim 2) of the run, synthetic
/// and real data side by side, on one axis n / n* (log scale), one panel per measure that at least
/// two of them use. Each curve is the experiment's first noise level; n* is the threshold its
/// claim tested (d for the linear network, the measured one otherwise, `ClaimEvaluator.
/// interpolationThreshold`), so the claim reads as "every curve dips near x = 1". Negative-control
/// runs are left out. Nil when fewer than two threshold experiments have a threshold.
package enum ThresholdOverview {
  package static let name = "threshold-overview"

  package static func figure(_ outcomes: [ExperimentOutcome]) -> ReportFigures.PanelFigure? {
    var curves: [(outcome: ExperimentOutcome, threshold: Double, level: Int)] = []
    for o in outcomes where o.spec.claim == .thresholdMinimum && o.spec.control == nil {
      guard let level = o.levels.first, o.sizes.count >= 3 else { continue }
      let slice = o.results.filter { $0.point.noiseIndex == level }
      guard let t = try? ClaimEvaluator.interpolationThreshold(o.spec, slice), t.isFinite, t > 0 else { continue }
      curves.append((o, t, level))
    }
    guard curves.count >= 2 else { return nil }
    var measures: [String] = []
    for c in curves {
      for m in c.outcome.spec.measures where !measures.contains(m) {
        if curves.filter({ $0.outcome.spec.measures.contains(m) }).count >= 2 { measures.append(m) }
      }
    }
    guard !measures.isEmpty else { return nil }
    var panels: [SVGPlot] = []
    for measure in measures {
      var plot = SVGPlot(
        title: ReportFigures.measureLabel(measure),
        xLabel: "n / n*", yLabel: measure, logX: true)
      for (k, c) in curves.enumerated() where c.outcome.spec.measures.contains(measure) {
        let pts = c.outcome.sizes.compactMap { n in
          c.outcome.result(n: n, level: c.level).flatMap { r in r.alignment[measure].map { (Double(n), $0) } }
        }
        plot.series.append(
          SVGPlot.Series(
            label: c.outcome.spec.id, x: pts.map { $0.0 / c.threshold }, y: pts.map(\.1.mean),
            error: pts.map { $0.1.standardError ?? 0 }, colorIndex: k))
      }
      plot.markers.append((1, "n = n*"))
      panels.append(plot)
    }
    let caption =
      "Every threshold experiment of this run on one axis: alignment (± 1 s.e.) against n / n*, log scale, at each experiment's first noise level, "
      + "n* the threshold its claim tested (d for the linear network, else measured). Synthetic and real-data (digits, MNIST, Fashion-MNIST, Covertype) curves side by side; claim 2 says each dips near n / n* = 1."
    return ReportFigures.PanelFigure(
      name: name, caption: caption,
      figure: SVGFigure(
        title: "Threshold experiments side by side: alignment vs n / n*", xLabel: "n / n* (log scale)", logX: true,
        panels: panels))
  }
}
