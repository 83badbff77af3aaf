import Foundation
import RepAlignMeasures
import RepAlignNumerics

/// The report's figures for one experiment, as `SVGPlot`s (error bars are ±1 s.e.):
///
/// - `alignment-vs-n` (per measure, when the grid has ≥ 2 sizes): one line per SNR level, the
///   interpolation threshold n* marked (d for the linear network, the measured threshold
///   otherwise; THEORY.md §1 claim 2, §10), and for linear CKA on the linear network the theory
///   overlay dashed (§5) when one is supplied.
/// - `alignment-vs-snr` (per measure, when the grid has ≥ 2 SNR levels): log-x, one line per n
///   (claim 1).
/// - `alignment-vs-test-error` (per measure): one point per grid point, coloured by SNR level
///   (claim 3: if alignment implied generalization the points would fall on one decreasing curve).
/// - `test-error-vs-n` (when the grid has ≥ 2 sizes): one line per SNR level, threshold marked
///   (the double-descent peak sits at the threshold).
package enum ReportFigures {
  package struct Figure: Sendable {
    /// File name stem, e.g. `linear-regression-snr-alignment-vs-snr-linear_cka`.
    package let name: String
    package let caption: String
    package let plot: SVGPlot
  }

  package static func figures(_ outcome: ExperimentOutcome, theory: TheoryOverlay?) -> (
    figures: [Figure], theoryCSV: [String: String]
  ) {
    let spec = outcome.spec
    let id = spec.id
    let sizes = outcome.sizes
    let levels = outcome.levels
    var figures: [Figure] = []
    var theoryCSV: [String: String] = [:]
    let threshold = try? ClaimEvaluator.interpolationThreshold(
      spec, outcome.results.filter { $0.point.noiseIndex == levels.first })
    let thresholdLabel = spec.thresholdRule == .inputDimension ? "n* = d" : "n* (measured)"
    func snrLabel(_ level: Int) -> String { "SNR \(SVGPlot.label(outcome.snr(level: level)))" }
    func axisLabel(_ measure: String) -> String {
      let direction = (try? AlignmentMeasures.named(measure).direction) ?? .higherIsMoreAligned
      return direction == .higherIsMoreAligned
        ? "\(measure) (higher = more aligned)" : "\(measure) (lower = more aligned)"
    }
    let errorName = "test error (excess risk)"

    for measure in spec.measures {
      if sizes.count >= 2 {
        var plot = SVGPlot(title: "\(id): alignment vs n", xLabel: "training-set size n", yLabel: axisLabel(measure))
        for level in levels {
          let pts = sizes.compactMap { n in outcome.result(n: n, level: level).map { (n, $0.alignment[measure]) } }
          plot.series.append(
            SVGPlot.Series(
              label: snrLabel(level), x: pts.map { Double($0.0) }, y: pts.map { $0.1?.mean ?? .nan },
              error: pts.map { $0.1?.standardError ?? 0 }))
        }
        var caption =
          "Ensemble alignment (\(measure), mean over pairs ± 1 s.e.) against the training-set size n, one line per SNR."
        if let theory, TheoryOverlay.applies(to: spec, measure: measure), let d = spec.inputDimension {
          var curves: [(snr: Double, points: [(n: Int, value: Double)])] = []
          for level in levels {
            let snr = outcome.snr(level: level)
            let c = theory.curve(
              d: d, sizes: TheoryOverlay.sizes(grid: sizes, d: d), snr: snr,
              signalVariance: spec.task.signalVariance ?? 1,
              streams: ExperimentRunner.streams(spec, masterSeed: outcome.seed))
            guard !c.isEmpty else { continue }
            curves.append((snr, c))
            plot.series.append(
              SVGPlot.Series(
                label: "\(theory.label), SNR \(SVGPlot.label(snr))", x: c.map { Double($0.n) }, y: c.map(\.value),
                dashed: true))
          }
          if !curves.isEmpty {
            theoryCSV["curves/\(id)-theory.csv"] = CurveTables.theoryCSV(
              experiment: id, measure: measure, curves: curves)
            caption += " Dashed: \(theory.label)."
          }
        } else if TheoryOverlay.applies(to: spec, measure: measure) {
          caption += " (No theory overlay in this build.)"
        }
        if let threshold {
          plot.markers.append((threshold, thresholdLabel))
          caption +=
            " Dotted vertical line: the interpolation threshold \(thresholdLabel) = \(SVGPlot.label(threshold))."
        }
        figures.append(Figure(name: "\(id)-alignment-vs-n-\(measure)", caption: caption, plot: plot))
      }
      if levels.count >= 2 {
        var plot = SVGPlot(
          title: "\(id): alignment vs SNR", xLabel: "signal-to-noise ratio (log scale)", yLabel: axisLabel(measure),
          logX: true)
        for n in sizes {
          let pts = levels.compactMap { s in outcome.result(n: n, level: s).map { ($0.snr, $0.alignment[measure]) } }
          plot.series.append(
            SVGPlot.Series(
              label: "n = \(n)", x: pts.map(\.0), y: pts.map { $0.1?.mean ?? .nan },
              error: pts.map { $0.1?.standardError ?? 0 }))
        }
        figures.append(
          Figure(
            name: "\(id)-alignment-vs-snr-\(measure)",
            caption:
              "Ensemble alignment (\(measure) ± 1 s.e.) against SNR on a log axis, one line per training-set size n; claim 1 says each line rises.",
            plot: plot))
      }
      var scatter = SVGPlot(title: "\(id): alignment vs test error", xLabel: errorName, yLabel: axisLabel(measure))
      for level in levels {
        let pts = outcome.results.filter { $0.point.noiseIndex == level }.sorted { $0.point.n < $1.point.n }
        scatter.series.append(
          SVGPlot.Series(
            label: snrLabel(level), x: pts.map(\.testError.mean), y: pts.map { $0.alignment[measure]?.mean ?? .nan },
            error: pts.map { $0.alignment[measure]?.standardError ?? 0 }, pointsOnly: true))
      }
      figures.append(
        Figure(
          name: "\(id)-alignment-vs-test-error-\(measure)",
          caption:
            "Each grid point's ensemble alignment (\(measure) ± 1 s.e.) against its mean test error, coloured by SNR; if higher alignment implied lower error the points would lie on one decreasing curve (claim 3).",
          plot: scatter))
    }
    if sizes.count >= 2 {
      var plot = SVGPlot(title: "\(id): test error vs n", xLabel: "training-set size n", yLabel: errorName)
      for level in levels {
        let pts = sizes.compactMap { n in outcome.result(n: n, level: level) }
        plot.series.append(
          SVGPlot.Series(
            label: snrLabel(level), x: pts.map { Double($0.point.n) }, y: pts.map(\.testError.mean),
            error: pts.map { $0.testError.standardError ?? 0 }))
      }
      if let threshold { plot.markers.append((threshold, thresholdLabel)) }
      figures.append(
        Figure(
          name: "\(id)-test-error-vs-n",
          caption:
            "Mean test error over members (± 1 s.e.) against n, one line per SNR; the interpolation threshold is marked (double descent peaks there).",
          plot: plot))
    }
    return (figures, theoryCSV)
  }
}
