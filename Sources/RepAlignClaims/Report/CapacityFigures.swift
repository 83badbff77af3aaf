import Foundation
import RepAlignMeasures
import RepAlignNumerics

/// Tables and SVG figures of a `CapacityStudy` (issue 16): the per-point curves and the per-width
/// summary as CSV, n\* against P with the fitted line, alignment and test error against n/P for
/// every width on one axis, and n\* against the step budget. Separate from `ReportFigures` (the
/// claim report's figures); uses the same `SVGPlot`.
public enum CapacityFigures {
  /// One row per (width, n): the pooled curves over the study's designs (mean ± s.e. over designs).
  public static func curvesCSV(_ results: [CapacityStudy.WidthResult], measures: [String]) -> String {
    var lines = [
      ([
        "width", "parameter_count", "n", "n_over_p", "designs", "interpolated_fraction", "converged_fraction",
        "gradient_evaluations", "test_error", "test_error_se",
      ]
        + measures.flatMap { [$0, "\($0)_se"] }).joined(separator: ",")
    ]
    for w in results {
      for (i, n) in w.n.enumerated() {
        let points = w.replicates.map { $0[i] }
        func pooled(_ f: (PointResult) -> Double) -> Estimate { Estimate(points.map(f)) }
        let error = pooled { $0.testError.mean }
        var cells = [
          "\(w.width)", "\(w.parameterCount)", "\(n)", number(Double(n) / Double(w.parameterCount)),
          "\(points.count)", number(pooled(\.interpolatedFraction).mean),
          number(pooled { $0.convergedFraction ?? .nan }.mean), number(pooled { $0.gradientEvaluations ?? .nan }.mean),
          number(error.mean), number(error.standardError ?? .nan),
        ]
        for m in measures {
          let a = pooled { $0.alignment[m]?.mean ?? .nan }
          cells += [number(a.mean), number(a.standardError ?? .nan)]
        }
        lines.append(cells.joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One row per width: n\*, test-error peak and alignment arg-mins with their intervals.
  public static func summaryCSV(_ results: [CapacityStudy.WidthResult], measures: [String]) -> String {
    func cells(_ i: CapacityStudy.Interval) -> [String] { [number(i.value), number(i.lower), number(i.upper)] }
    var lines = [
      ([
        "width", "parameter_count", "threshold_n", "threshold_lo", "threshold_hi", "threshold_over_p",
        "error_peak_n", "error_peak_lo", "error_peak_hi",
      ]
        + measures.flatMap { ["\($0)_argmin_n", "\($0)_argmin_lo", "\($0)_argmin_hi"] }).joined(separator: ",")
    ]
    for w in results {
      var row = ["\(w.width)", "\(w.parameterCount)"] + cells(w.threshold)
      row += [number(w.threshold.value / Double(w.parameterCount))] + cells(w.errorPeak)
      for m in measures { row += w.alignmentMinimum[m].map(cells) ?? ["", "", ""] }
      lines.append(row.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// n\* (with its interval as error bars) against P, and the fitted line n\* = c·P.
  public static func thresholdFigure(_ results: [CapacityStudy.WidthResult], slope c: CapacityStudy.Interval) -> String
  {
    var plot = SVGPlot(
      title: "interpolation threshold vs parameter count", xLabel: "parameter count P",
      yLabel: "n* (converged)")
    let p = results.map { Double($0.parameterCount) }
    plot.series.append(
      SVGPlot.Series(
        label: "n*(h)", x: p, y: results.map(\.threshold.value),
        error: results.map { ($0.threshold.upper - $0.threshold.lower) / 2 }, pointsOnly: true))
    let top = (p.max() ?? 1) * 1.05
    plot.series.append(
      SVGPlot.Series(
        label: "n* = \(Estimate.rounded(c.value, digits: 3))·P", x: [0, top], y: [0, c.value * top], dashed: true))
    plot.series.append(SVGPlot.Series(label: "n = P", x: [0, top], y: [0, top], dashed: true))
    return plot.render()
  }

  /// A quantity against n/P, one series per width (the curves collapse if the threshold scales with P).
  public static func ratioFigure(
    _ results: [CapacityStudy.WidthResult], title: String, yLabel: String, value: (PointResult) -> Double
  ) -> String {
    var plot = SVGPlot(title: title, xLabel: "n / P (log scale)", yLabel: yLabel, logX: true)
    for w in results {
      let estimates = w.n.indices.map { i in Estimate(w.replicates.map { value($0[i]) }) }
      plot.series.append(
        SVGPlot.Series(
          label: "h = \(w.width) (P = \(w.parameterCount))", x: w.n.map { Double($0) / Double(w.parameterCount) },
          y: estimates.map(\.mean), error: estimates.map { $0.standardError ?? 0 }))
    }
    plot.markers = [(1, "n = P")]
    return plot.render()
  }

  /// n\* against the step budget of a budget-limited optimizer, with the converged n\* as a line.
  public static func budgetFigure(
    steps: [Int], thresholds: [CapacityStudy.Interval], converged: CapacityStudy.Interval?, width: Int,
    optimizer: String
  ) -> String {
    var plot = SVGPlot(
      title: "budget-limited threshold, width \(width)", xLabel: "\(optimizer) steps (log scale)", yLabel: "n*",
      logX: true)
    let x = steps.map(Double.init)
    plot.series.append(
      SVGPlot.Series(
        label: "n* after the budget", x: x, y: thresholds.map(\.value),
        error: thresholds.map { ($0.upper - $0.lower) / 2 }))
    if let converged, let lo = x.min(), let hi = x.max() {
      plot.series.append(
        SVGPlot.Series(label: "converged n*", x: [lo, hi], y: [converged.value, converged.value], dashed: true))
    }
    return plot.render()
  }

  static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
}
