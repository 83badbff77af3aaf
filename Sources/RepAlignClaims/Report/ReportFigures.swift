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
    /// Which figure of the experiment this panel belongs to (`alignment-vs-n`,
    /// `alignment-vs-snr`, `alignment-vs-test-error`; `test-error-vs-n` joins `alignment-vs-n`):
    /// `panelFigures` stacks figures of one kind as panels. Empty: a figure of its own.
    package var kind: String = ""
    /// The measure the panel shows; nil for the test-error panel.
    package var measure: String? = nil
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
    let errorName = "test error (excess risk)"

    for measure in spec.measures {
      if sizes.count >= 2 {
        var plot = SVGPlot(title: "\(id): alignment vs n", xLabel: "training-set size n", yLabel: measureLabel(measure))
        for level in levels {
          let pts = sizes.compactMap { n in outcome.result(n: n, level: level).map { (n, $0.alignment[measure]) } }
          plot.series.append(
            SVGPlot.Series(
              label: snrLabel(level), x: pts.map { Double($0.0) }, y: pts.map { $0.1?.mean ?? .nan },
              error: pts.map { $0.1?.standardError ?? 0 }))
        }
        var caption =
          "Ensemble alignment (\(measure), mean over pairs ± 1 s.e.) against the training-set size n, one line per SNR."
        // Deeper networks: the other hidden layers' curves too (the claims read `measured_layer`).
        let layers = spec.model.hiddenLayers
        if layers > 1 {
          for l in 0..<layers where l + 1 != spec.model.claimLayer {
            for (k, level) in levels.enumerated() {
              let pts = sizes.compactMap { n in
                outcome.result(n: n, level: level).flatMap { r in r.layerAlignment.map { (n, $0[l][measure]) } }
              }
              plot.series.append(
                SVGPlot.Series(
                  label: "layer \(l + 1), \(snrLabel(level))", x: pts.map { Double($0.0) },
                  y: pts.map { $0.1?.mean ?? .nan }, error: pts.map { $0.1?.standardError ?? 0 },
                  colorIndex: levels.count + l * levels.count + k))
            }
          }
          caption +=
            " Network of \(layers) hidden layers: the SNR lines are layer \(spec.model.claimLayer) (the one the claims read); lines labelled 'layer l' are the other hidden layers."
        }
        if let theory, TheoryOverlay.applies(to: spec, measure: measure), let d = spec.inputDimension {
          var curves: [(snr: Double, points: [(n: Int, value: Double)])] = []
          for (k, level) in levels.enumerated() {
            let snr = outcome.snr(level: level)
            let c = theory.curve(
              d: d, sizes: TheoryOverlay.sizes(grid: sizes, d: d, maximumPoints: densePoints), snr: snr,
              signalVariance: spec.task.signalVariance ?? 1,
              streams: ExperimentRunner.streams(spec, masterSeed: outcome.seed))
            guard !c.isEmpty else { continue }
            curves.append((snr, c))
            plot.series.append(
              SVGPlot.Series(
                label: "\(theory.label), SNR \(SVGPlot.label(snr))", x: c.map { Double($0.n) }, y: c.map(\.value),
                dashed: true, colorIndex: k))
          }
          if !curves.isEmpty {
            theoryCSV["curves/\(id)-theory.csv"] = CurveTables.theoryCSV(
              experiment: id, measure: measure, curves: curves)
            caption += " Dashed (linear_cka): \(theory.label), at every n of the range (\(densePoints) at most)."
          }
        } else if theory != nil, RealDesignTheory.applies(to: spec, measure: measure) {
          let drawn = realDesignCurves(outcome, plot: &plot)
          if !drawn.isEmpty {
            theoryCSV["curves/\(id)-theory.csv"] = drawn
            caption +=
              " Dashed: the exact tier on the experiment's own designs (training rows, clean targets, test set; mean over the \(spec.designs ?? 1) designs), and, in a second colour, what the test set's spectrum alone predicts (anisotropic tier with the empirical Σ̂, best linear teacher and residual variance), at every n of the range (\(densePoints) at most)."
          }
        } else if TheoryOverlay.applies(to: spec, measure: measure)
          || RealDesignTheory.applies(to: spec, measure: measure)
        {
          caption += " (No theory overlay in this build.)"
        }
        if let threshold {
          plot.markers.append((threshold, thresholdLabel))
          caption +=
            " Dotted vertical line: the interpolation threshold \(thresholdLabel) = \(SVGPlot.label(threshold))."
        }
        figures.append(
          Figure(
            name: "\(id)-alignment-vs-n-\(measure)", caption: caption, plot: plot, kind: "alignment-vs-n",
            measure: measure))
      }
      if levels.count >= 2 {
        var plot = SVGPlot(
          title: "\(id): alignment vs SNR", xLabel: "signal-to-noise ratio (log scale)", yLabel: measureLabel(measure),
          logX: true)
        for n in sizes {
          let pts = levels.compactMap { s in outcome.result(n: n, level: s).map { ($0.snr, $0.alignment[measure]) } }
          plot.series.append(
            SVGPlot.Series(
              label: "n = \(n)", x: pts.map(\.0), y: pts.map { $0.1?.mean ?? .nan },
              error: pts.map { $0.1?.standardError ?? 0 }))
        }
        var caption =
          "Ensemble alignment (\(measure) ± 1 s.e.) against SNR on a log axis, one line per training-set size n; claim 1 says each line rises."
        if let theory, TheoryOverlay.applies(to: spec, measure: measure), let d = spec.inputDimension {
          let grid = levels.map(outcome.snr(level:))
          var rows = ""
          for (k, n) in sizes.enumerated() {
            let c = theory.curve(
              d: d, n: n, snrs: TheoryOverlay.snrs(grid: grid, points: densePoints),
              signalVariance: spec.task.signalVariance ?? 1,
              streams: ExperimentRunner.streams(spec, masterSeed: outcome.seed))
            guard !c.isEmpty else { continue }
            plot.series.append(
              SVGPlot.Series(
                label: "\(theory.label), n = \(n)", x: c.map(\.snr), y: c.map(\.value), dashed: true, colorIndex: k))
            for p in c {
              rows +=
                "\(CurveTables.field(id)),\(n),\(CurveTables.number(p.snr)),\(CurveTables.field(measure)),\(CurveTables.number(p.value))\n"
            }
          }
          if !rows.isEmpty {
            theoryCSV["curves/\(id)-theory-vs-snr.csv"] = "experiment,n,snr,measure,theory\n" + rows
            caption += " Dashed (linear_cka): \(theory.label), evaluated at \(densePoints) SNRs per n."
          }
        }
        figures.append(
          Figure(
            name: "\(id)-alignment-vs-snr-\(measure)", caption: caption, plot: plot, kind: "alignment-vs-snr",
            measure: measure))
      }
      var scatter = SVGPlot(title: "\(id): alignment vs test error", xLabel: errorName, yLabel: measureLabel(measure))
      let higher = higherIsMoreAligned(measure)
      for (k, level) in levels.enumerated() {
        let pts = outcome.results.filter { $0.point.noiseIndex == level }.sorted { $0.point.n < $1.point.n }
        let decisive = spec.claim == .decoupling ? decisivePair(pts, measure: measure, higherIsMoreAligned: higher) : []
        scatter.series.append(
          SVGPlot.Series(
            label: snrLabel(level), x: pts.map(\.testError.mean), y: pts.map { $0.alignment[measure]?.mean ?? .nan },
            error: pts.map { $0.alignment[measure]?.standardError ?? 0 }, pointsOnly: true,
            pointLabels: pts.map { "n = \($0.point.n)" }, highlighted: decisive, colorIndex: k,
            xError: pts.map { $0.testError.standardError ?? 0 }))
      }
      var scatterCaption =
        "Each grid point's ensemble alignment (\(measure) ± 1 s.e.) against its mean test error (± 1 s.e.), labelled by n and joined in order of n, coloured by SNR; if higher alignment implied lower error the points would lie on one decreasing curve (claim 3)."
      if spec.claim == .decoupling {
        scatterCaption +=
          " Ringed: the decisive pair of the decoupling check (higher alignment and higher test error, largest smaller z)."
      }
      if let theory, theory.predictRisk != nil, TheoryOverlay.applies(to: spec, measure: measure),
        let d = spec.inputDimension, sizes.count >= 2
      {
        let streams = ExperimentRunner.streams(spec, masterSeed: outcome.seed)
        let dense = TheoryOverlay.sizes(grid: sizes, d: d, maximumPoints: densePoints)
        let clip = riskClip(outcome, factor: 1.5)
        let labelled = Set(SVGPlot.ticks(Double(sizes.first!), Double(sizes.last!)).map { Int($0) }).subtracting(sizes)
        for (k, level) in levels.enumerated() {
          let snr = outcome.snr(level: level)
          let r2 = spec.task.signalVariance ?? 1
          let alignment = Dictionary(
            theory.curve(d: d, sizes: dense, snr: snr, signalVariance: r2, streams: streams).map { ($0.n, $0.value) },
            uniquingKeysWith: { a, _ in a })
          let risk = theory.riskCurve(d: d, sizes: dense, snr: snr, signalVariance: r2, streams: streams)
          let pairs = risk.map { p -> (Double, Double) in
            guard let a = alignment[p.n], p.value <= clip else { return (.nan, .nan) }
            return (p.value, a)
          }
          guard pairs.contains(where: { $0.0.isFinite }) else { continue }
          scatter.series.append(
            SVGPlot.Series(
              label: "\(theory.label), SNR \(SVGPlot.label(snr))", x: pairs.map(\.0), y: pairs.map(\.1), dashed: true,
              pointLabels: risk.map { labelled.contains($0.n) ? "\($0.n)" : "" }, colorIndex: k))
        }
        scatterCaption +=
          " Dashed (linear_cka): \(theory.label) (risk, alignment) traced over every n from \(sizes.first!) to \(sizes.last!) (small numbers: n along it); it is broken where the predicted risk exceeds \(SVGPlot.label(clip)) (near n = d, where it diverges)."
      }
      figures.append(
        Figure(
          name: "\(id)-alignment-vs-test-error-\(measure)", caption: scatterCaption, plot: scatter,
          kind: "alignment-vs-test-error", measure: measure))
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
      var caption =
        "Mean test error over members (± 1 s.e.) against n, one line per SNR; the interpolation threshold is marked (double descent peaks there)."
      if let theory, theory.predictRisk != nil, TheoryOverlay.appliesToTestError(spec), let d = spec.inputDimension {
        let streams = ExperimentRunner.streams(spec, masterSeed: outcome.seed)
        let clip = riskClip(outcome, factor: 1.5)
        var rows = ""
        for (k, level) in levels.enumerated() {
          let snr = outcome.snr(level: level)
          let c = theory.riskCurve(
            d: d, sizes: TheoryOverlay.sizes(grid: sizes, d: d, maximumPoints: densePoints), snr: snr,
            signalVariance: spec.task.signalVariance ?? 1, streams: streams)
          guard !c.isEmpty else { continue }
          for p in c {
            rows +=
              "\(CurveTables.field(id)),\(p.n),\(CurveTables.number(snr)),test_error,\(CurveTables.number(p.value))\n"
          }
          plot.series.append(
            SVGPlot.Series(
              label: "\(theory.label), SNR \(SVGPlot.label(snr))", x: c.map { Double($0.n) },
              y: c.map { $0.value <= clip ? $0.value : .nan }, dashed: true, colorIndex: k))
        }
        if !rows.isEmpty {
          theoryCSV["curves/\(id)-theory-test-error.csv"] = "experiment,n,snr,measure,theory\n" + rows
          caption +=
            " Dashed: \(theory.label), the excess risk E‖β̂ − β‖² of the minimum-norm fit, drawn up to \(SVGPlot.label(clip)) (it diverges at n = d; the trained networks, not converged there, stay finite)."
        }
      }
      figures.append(
        Figure(name: "\(id)-test-error-vs-n", caption: caption, plot: plot, kind: "alignment-vs-n", measure: nil))
    }
    return (figures, theoryCSV)
  }

  /// Points per dense theory curve: at most this many sizes against n (every integer where the
  /// range is shorter), this many log-spaced SNRs per n against SNR. 200, not more: each point is
  /// an exact-tier average over `TheoryOverlay.overlayDesigns` designs, and the end-to-end
  /// reproduce tests draw these curves too (400 points × 256 designs cost them 20 s of CPU).
  package static let densePoints = 200

  /// Where a drawn risk curve is cut: `factor` times the largest simulated test error (+ 1 s.e.)
  /// of the experiment (the report uses 1.5: with 3, the sampled min-norm risk at n = d − 1,
  /// about 11 at d = 20, squeezed the simulated double-descent peak into the lower third of the
  /// panel), so that the divergence of the min-norm risk at n = d does not flatten the simulated
  /// points. The CSV keeps every value.
  static func riskClip(_ outcome: ExperimentOutcome, factor: Double = 3) -> Double {
    let top = outcome.results.map { $0.testError.mean + ($0.testError.standardError ?? 0) }.filter(\.isFinite).max()
    return factor * max(top ?? 1, .leastNormalMagnitude)
  }

  /// The pair of points (indices into `points`) that decides a decoupling check the way
  /// `Decoupling` does: alignment and test error both higher at i than at j, with the largest
  /// min(z_alignment, z_error); empty when no pair qualifies.
  /// Whether a higher value of `measure` means more aligned. Names reaching the report were
  /// validated by preflight; an unknown one is drawn as higher-is-more-aligned.
  static func higherIsMoreAligned(_ measure: String) -> Bool {
    ((try? AlignmentMeasures.named(measure).direction) ?? .higherIsMoreAligned) == .higherIsMoreAligned
  }

  /// A measure's name with its direction, the one label every figure's alignment axis or panel uses.
  static func measureLabel(_ measure: String) -> String {
    measure + (higherIsMoreAligned(measure) ? " (higher = more aligned)" : " (lower = more aligned)")
  }

  static func decisivePair(_ points: [PointResult], measure: String, higherIsMoreAligned: Bool) -> [Int] {
    var best: (i: Int, j: Int, z: Double)?
    for i in points.indices {
      for j in points.indices where i != j {
        guard let ai = points[i].alignment[measure], let aj = points[j].alignment[measure] else { continue }
        let za = higherIsMoreAligned ? Estimate.zScore(of: ai, over: aj) : Estimate.zScore(of: aj, over: ai)
        let ze = Estimate.zScore(of: points[i].testError, over: points[j].testError)
        guard za > 0, ze > 0 else { continue }
        if best == nil || min(za, ze) > best!.z { best = (i, j, min(za, ze)) }
      }
    }
    return best.map { [$0.i, $0.j] } ?? []
  }

  /// One figure of several panels sharing an x-axis (`SVGFigure`).
  package struct PanelFigure: Sendable {
    /// File name stem, e.g. `linear-regression-snr-alignment-vs-snr`.
    package let name: String
    package let caption: String
    package let figure: SVGFigure
  }

  /// The report's figures: `figures(_:theory:)` grouped by `Figure.kind`, one panel per measure
  /// (the test-error panel last in `alignment-vs-n`), in the order the kinds first appear; a
  /// figure without a kind stays a single-panel figure. Captions say what every panel shows.
  package static func panelFigures(_ outcome: ExperimentOutcome, theory: TheoryOverlay?) -> (
    figures: [PanelFigure], theoryCSV: [String: String]
  ) {
    let (single, csv) = figures(outcome, theory: theory)
    let id = outcome.spec.id
    var kinds: [String] = []
    for f in single where !kinds.contains(f.kind) { kinds.append(f.kind) }
    var out: [PanelFigure] = []
    for kind in kinds {
      let members = single.filter { $0.kind == kind }
      guard !kind.isEmpty else {
        for f in members {
          var panel = f.plot
          let title = panel.title
          panel.title = ""
          out.append(
            PanelFigure(
              name: f.name, caption: f.caption,
              figure: SVGFigure(title: title, xLabel: f.plot.xLabel, logX: f.plot.logX, panels: [panel])))
        }
        continue
      }
      var panels: [SVGPlot] = []
      for f in members {
        var panel = f.plot
        panel.title = f.measure.map(measureLabel) ?? "test error (excess risk)"
        panel.yLabel = f.measure ?? "test error"
        panels.append(panel)
      }
      let first = members[0].plot
      let what: String
      switch kind {
      case "alignment-vs-n": what = "alignment vs n"
      case "alignment-vs-snr": what = "alignment vs SNR"
      case "alignment-vs-test-error": what = "alignment vs test error"
      default: what = kind
      }
      let measures = members.compactMap(\.measure)
      let caption =
        "One panel per measure (\(measures.joined(separator: ", ")))"
        + (members.contains { $0.measure == nil } ? ", then the test error" : "") + ", sharing the x-axis. "
        + members.map { f in
          f.measure.map { f.caption.replacingOccurrences(of: $0, with: "the panel's measure") } ?? f.caption
        }
        .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: " ")
      out.append(
        PanelFigure(
          name: "\(id)-\(kind)", caption: caption,
          figure: SVGFigure(title: "\(id): \(what)", xLabel: first.xLabel, logX: first.logX, panels: panels)))
    }
    return (out, csv)
  }
}

extension ReportFigures {
  /// The theory at the grid's own points, for the residual columns of `curves/<id>.csv`: the
  /// overlay's linear-CKA prediction and its predicted test error at each point's (n, SNR), from
  /// the same streams as the drawn curves (so the values are the curves' values there). nil when
  /// the overlay describes neither.
  package static func gridTheory(_ outcome: ExperimentOutcome, theory: TheoryOverlay?) -> CurveTables.GridTheory? {
    let spec = outcome.spec
    guard let theory, let d = spec.inputDimension else { return nil }
    let measure = "linear_cka"
    let alignmentApplies = spec.measures.contains(measure) && TheoryOverlay.applies(to: spec, measure: measure)
    let riskApplies = theory.predictRisk != nil && TheoryOverlay.appliesToTestError(spec)
    guard alignmentApplies || riskApplies else { return nil }
    let streams = ExperimentRunner.streams(spec, masterSeed: outcome.seed)
    let r2 = spec.task.signalVariance ?? 1
    var alignment: [Int: Double] = [:]
    var risk: [Int: Double] = [:]
    for r in outcome.results {
      if alignmentApplies,
        let v = theory.curve(d: d, sizes: [r.point.n], snr: r.snr, signalVariance: r2, streams: streams).first
      {
        alignment[r.point.index] = v.value
      }
      if riskApplies,
        let v = theory.riskCurve(d: d, sizes: [r.point.n], snr: r.snr, signalVariance: r2, streams: streams).first
      {
        risk[r.point.index] = v.value
      }
    }
    return CurveTables.GridTheory(measure: measure, alignment: alignment, testError: risk)
  }
}

extension ReportFigures {
  /// Draws the real-design theory (`RealDesignTheory`) on an alignment-vs-n plot of linear CKA:
  /// per SNR level, the exact tier on the experiment's own designs (mean over designs) and the
  /// spectrum-only anisotropic tier, both dashed, at dense sizes between the grid's extremes.
  /// Returns the CSV `experiment,n,snr,measure,theory,spectrum_only` (empty when nothing was drawn).
  static func realDesignCurves(_ outcome: ExperimentOutcome, plot: inout SVGPlot) -> String {
    let spec = outcome.spec
    let streams = ExperimentRunner.streams(spec, masterSeed: outcome.seed)
    guard let d = try? ExperimentRunner.realTask(spec, streams: streams, design: 0).testInputs.columns else {
      return ""
    }
    let sizes = logSpacedSizes(grid: outcome.sizes, d: d, maximumPoints: densePoints)
    if let lo = outcome.sizes.min(), let hi = outcome.sizes.max(), Double(hi) >= 20 * Double(lo) { plot.logX = true }
    var csv = "experiment,n,snr,measure,theory,spectrum_only\n"
    var drawn = false
    for (k, level) in outcome.levels.enumerated() {
      let snr = outcome.snr(level: level)
      guard
        let values = try? RealDesignTheory.values(
          spec, sizes: sizes, snr: snr, streams: streams, skippingFailures: true), !values.isEmpty
      else { continue }
      func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
      let exact = values.map { mean($0.values.exact) }
      let limit = values.map { mean($0.values.spectrumOnly) }
      let x = values.map { Double($0.n) }
      plot.series.append(
        SVGPlot.Series(
          label: "exact tier on these designs, SNR \(SVGPlot.label(snr))", x: x, y: exact, dashed: true, colorIndex: k))
      plot.series.append(
        SVGPlot.Series(
          label: "spectrum only (anisotropic tier), SNR \(SVGPlot.label(snr))", x: x, y: limit, dashed: true,
          colorIndex: k + outcome.levels.count))
      for (i, v) in values.enumerated() {
        csv +=
          "\(CurveTables.field(spec.id)),\(v.n),\(CurveTables.number(snr)),linear_cka,\(CurveTables.number(exact[i])),\(CurveTables.number(limit[i]))\n"
      }
      drawn = true
    }
    return drawn ? csv : ""
  }

  /// Sizes for a curve over a grid spanning decades: every integer up to 3d (the threshold region),
  /// then `maximumPoints` sizes evenly spaced in log n up to the grid's largest, plus the grid's own.
  static func logSpacedSizes(grid: [Int], d: Int, maximumPoints: Int) -> [Int] {
    guard let lo = grid.min(), let hi = grid.max(), lo >= 1 else { return [] }
    var sizes = Set(grid)
    sizes.formUnion(lo...max(lo, min(hi, 3 * d)))
    for k in 0..<maximumPoints {
      let v = exp(log(Double(lo)) + (log(Double(hi)) - log(Double(lo))) * Double(k) / Double(max(1, maximumPoints - 1)))
      sizes.insert(min(hi, max(lo, Int(v.rounded()))))
    }
    return sizes.sorted()
  }
}
