import Foundation
import RepAlignNumerics

/// The report's capacity figure (issue 16, item 4): every converged-threshold experiment of the run
/// (claim 2 with n\* measured under training to convergence, `ThresholdKind.converged`; negative
/// controls left out) on one axis n / P, P the network's parameter count as its records state it
/// (`PointResult.parameterCount`, `MultiLayerNetwork.parameterCount(inputDimension:widths:outputs:)`):
/// one panel per measure that any of them uses, and a last panel of test error. If the threshold
/// scales with capacity (n\* = c·P), the curves of different widths dip at the same n / P ≈ c.
/// Each curve is its experiment's first noise level (as `ThresholdOverview`); its n\* (the
/// half-crossing its claim tested, `ClaimEvaluator.interpolationThreshold`) and n\*/P are in the
/// caption and in the CSV.
///
/// The same numbers as a long-format table, `curves/capacity-overview.csv` (`csv(_:)`): one row
/// per (experiment, n, quantity), quantity a measure name or `test_error`, so
/// `pd.read_csv(path).query("quantity == 'linear_cka'")` gives one measure's curves.
package enum CapacityOverview {
  package static let name = "capacity-overview"
  package static let csvPath = "curves/capacity-overview.csv"

  /// One converged-threshold experiment's curve.
  struct Curve {
    let outcome: ExperimentOutcome
    let level: Int
    let parameterCount: Int
    let threshold: Double
    /// Its first-noise-level results, by increasing n.
    let results: [PointResult]
  }

  /// The converged-threshold experiments of `outcomes` with at least three sizes and a positive P,
  /// in the run's order.
  static func curves(_ outcomes: [ExperimentOutcome]) -> [Curve] {
    var out: [Curve] = []
    for o in outcomes
    where o.spec.claim == .thresholdMinimum && o.spec.control == nil && o.spec.thresholdKind == .converged {
      guard let level = o.levels.first, o.sizes.count >= 3 else { continue }
      let slice = o.results.filter { $0.point.noiseIndex == level }.sorted { $0.point.n < $1.point.n }
      guard let p = slice.first?.parameterCount, p > 0,
        let t = try? ClaimEvaluator.interpolationThreshold(o.spec, slice), t.isFinite
      else { continue }
      out.append(Curve(outcome: o, level: level, parameterCount: p, threshold: t, results: slice))
    }
    return out
  }

  /// The figure; nil when the run has no converged-threshold experiment.
  package static func figure(_ outcomes: [ExperimentOutcome]) -> ReportFigures.PanelFigure? {
    let curves = curves(outcomes)
    guard !curves.isEmpty else { return nil }
    var measures: [String] = []
    for c in curves { for m in c.outcome.spec.measures where !measures.contains(m) { measures.append(m) } }
    func label(_ c: Curve) -> String { "\(c.outcome.spec.id) (P = \(c.parameterCount))" }
    func series(_ c: Curve, _ k: Int, _ value: (PointResult) -> Estimate?) -> SVGPlot.Series? {
      let pts = c.results.compactMap { r in value(r).map { (Double(r.point.n) / Double(c.parameterCount), $0) } }
      guard !pts.isEmpty else { return nil }
      return SVGPlot.Series(
        label: label(c), x: pts.map(\.0), y: pts.map(\.1.mean), error: pts.map { $0.1.standardError ?? 0 },
        colorIndex: k)
    }
    var panels: [SVGPlot] = []
    for measure in measures {
      var plot = SVGPlot(
        title: ReportFigures.measureLabel(measure),
        xLabel: "n / P", yLabel: measure, logX: true)
      for (k, c) in curves.enumerated() {
        if let s = series(c, k, { $0.alignment[measure] }) { plot.series.append(s) }
      }
      plot.markers.append((1, "n = P"))
      panels.append(plot)
    }
    var error = SVGPlot(title: "test error", xLabel: "n / P", yLabel: "test error", logX: true)
    for (k, c) in curves.enumerated() {
      if let s = series(c, k, { $0.testError }) { error.series.append(s) }
    }
    error.markers.append((1, "n = P"))
    panels.append(error)
    let thresholds = curves.map {
      "\($0.outcome.spec.id): P = \($0.parameterCount), n* = \(Estimate.rounded($0.threshold, digits: 1)), n*/P = \(Estimate.rounded($0.threshold / Double($0.parameterCount), digits: 3))"
    }
    let caption =
      "Converged-threshold experiments of this run on one axis: alignment and test error (± 1 s.e.) against n / P, log scale, P the network's parameter count (no biases), at each experiment's first noise level. "
      + "Claim 2 under converged training says each alignment curve dips near its n*; if n* = c·P the dips line up at n / P ≈ c. "
      + "Test error is each task's own (mean squared error for regression, error rate for classification). "
      + thresholds.joined(separator: "; ") + ". Data: \(csvPath)."
    return ReportFigures.PanelFigure(
      name: name, caption: caption,
      figure: SVGFigure(
        title: "Converged thresholds: alignment and test error vs n / P", xLabel: "n / P (log scale)", logX: true,
        panels: panels))
  }

  /// The figure's data, long format (see the type's documentation); nil with no curve.
  package static func csv(_ outcomes: [ExperimentOutcome]) -> String? {
    let curves = curves(outcomes)
    guard !curves.isEmpty else { return nil }
    var lines = [
      "experiment,task,width,depth,parameter_count,threshold_n,threshold_over_p,n,n_over_p,interpolated_fraction,quantity,value,standard_error"
    ]
    func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
    for c in curves {
      let spec = c.outcome.spec
      let p = Double(c.parameterCount)
      let head = [
        spec.id, spec.task.kind.rawValue, "\(spec.model.width)", "\(spec.model.hiddenLayers)", "\(c.parameterCount)",
        number(c.threshold), number(c.threshold / p),
      ]
      for r in c.results {
        let point =
          head + [
            "\(r.point.n)", number(Double(r.point.n) / p), number(r.interpolatedFraction),
          ]
        let quantities =
          spec.measures.compactMap { m in r.alignment[m].map { (m, $0) } } + [("test_error", r.testError)]
        for (q, e) in quantities {
          lines.append((point + [q, number(e.mean), number(e.standardError ?? .nan)]).joined(separator: ","))
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
