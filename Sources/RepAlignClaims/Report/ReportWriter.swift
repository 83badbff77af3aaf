import Foundation
import RepAlignNumerics

/// Writes the output folder of `repalign reproduce`:
///
/// | path | contents | load with |
/// | --- | --- | --- |
/// | `report.md` | claims, figures, verdict table, provenance | any Markdown viewer |
/// | `claims.json` | array of verdict rows (flat objects) | `pd.read_json("claims.json")` |
/// | `provenance.json` | version, commit, seeds and every stream path, BLAS, wall time | `json.load` |
/// | `records/<id>.jsonl` | one self-describing record per grid point (`RecordStore` format) | `pd.read_json(path, lines=True)` |
/// | `curves/<id>.csv`, `curves/<id>-theory.csv` | every curve, long format (`CurveTables`) | `pd.read_csv` |
/// | `matrices/*.npy` | grid matrices (`CurveTables`) | `np.load` |
/// | `figures/*.svg` | `ReportFigures.panelFigures`: one file per experiment and kind, one panel per measure; `threshold-overview.svg` (`ThresholdOverview`); `capacity-overview.svg` (`CapacityOverview`) | a browser |
/// | `curves/capacity-overview.csv` | the capacity figure's curves against n / P, long format (`CapacityOverview.csv`) | `pd.read_csv` |
/// | `report.html` | the whole report in one self-contained file, figures inline (`ReportHTML`) | a browser |
public enum ReportWriter {
  /// One row of `claims.json`: the verdict flattened so pandas gives one column per field.
  public struct ClaimRow: Codable, Sendable, Equatable {
    public let experiment, claim, model, task, measure, slice: String
    public let passed: Bool
    public let margin: Double
    public let zLevel: Double
    public let typeIRate: Double
    public let estimatedFailureRate: Double
    public let evidence: [String]
    /// PASS, FAIL, NOT ESTABLISHED (documented), FAIL (exception no longer needed), FAIL
    /// (fresh-only exception fails at the spec's seed) or KNOWN INTERMITTENT (documented).
    public let status: String
    /// The smallest margin over the deciding comparisons (excused ones aside), s.e.
    public let decidingMargin: Double
    /// The documented reasons of the excused (failing) comparisons, when there are any.
    public let documentedException: String?
    /// The comparisons the spec's exceptions excused, and those whose exception was not needed.
    public let excusedComparisons: [String]
    public let unneededExceptions: [String]
    /// The spec's fresh-only exceptions (declared intermittent failures) whose comparison failed in
    /// this run: known intermittent failures with fresh seeds, a failure at the spec's seed.
    public let intermittentFailures: [String]
    /// Every comparison of the check that failed, excused or not, by its coordinates
    /// (`ComparisonID`: "step 1 → 4", "argmin_in_window", "theory at n=20"), so a tally over runs
    /// can count failures per comparison.
    public let failedComparisons: [String]
    /// The spec's negative control, when the run is one.
    public let control: String?
    /// Threshold claims: which threshold the row tests (`converged`, `budget_limited`,
    /// `input_dimension`), n* and the network's parameter count.
    public let threshold: String?
    public let thresholdN: Double?
    public let parameterCount: Int?

    public init(_ r: ClaimResult) {
      experiment = r.experiment
      claim = r.claim
      model = r.model
      task = r.task
      measure = r.measure
      slice = r.slice
      passed = r.verdict.passed
      margin = r.verdict.margin
      zLevel = r.verdict.zLevel
      typeIRate = r.verdict.typeIRate
      estimatedFailureRate = r.verdict.estimatedFailureRate
      evidence = r.verdict.evidence
      status = r.status
      decidingMargin = r.decidingMargin
      documentedException = r.documentedException
      excusedComparisons = r.excused.map(\.description)
      unneededExceptions = r.unneeded.map(\.description)
      intermittentFailures = r.intermittentFailures.map(\.description)
      failedComparisons = r.verdict.comparisons.filter { !$0.passed }.map(\.id.description)
      control = r.control?.rawValue
      threshold = r.threshold?.kind.rawValue
      thresholdN = r.threshold?.n
      parameterCount = r.threshold?.parameterCount
    }
  }

  /// The report's line for a fresh-only exception: its declared rate and what it did in this run.
  package static func intermittentLine(_ e: ExperimentSpec.DocumentedException, _ r: ClaimResult) -> String {
    let c = r.verdict.comparisons.first { $0.id == e.comparison }
    let margin = c?.margin.map { "margin \(Estimate.rounded($0, digits: 2)) s.e." }
    let failed = c.map { !$0.passed } ?? false
    let run =
      !failed
      ? "passed in this run (\(margin ?? "criterion met"))"
      : r.fixedSeed
        ? "**FAILED at the spec's seed** (\(margin ?? "criterion failed")): the declaration is wrong"
        : "**known intermittent failure** in this run (\(margin ?? "criterion failed"))"
    return "**fresh-seed intermittent**, measured \(e.freshSeedRate?.description ?? "rate not recorded"); \(run)."
  }

  static let claimText: [ExperimentSpec.Claim: String] = [
    .snrMonotone: "Claim 1 (SNR): ensemble alignment increases monotonically with the signal-to-noise ratio.",
    .thresholdMinimum:
      "Claim 2 (sample size): alignment is non-monotonic in n and minimal near the interpolation threshold.",
    .decoupling: "Claim 3 (decoupling): higher alignment does not imply lower generalization error.",
    .theoryAgreement: "Claim 4 (theory): for the linear network, simulation agrees with the analytic prediction.",
  ]

  /// JSON with snake_case keys, sorted, non-finite numbers as strings ("nan", "inf").
  static func json<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    var data = try encoder.encode(value)
    data.append(UInt8(ascii: "\n"))
    return data
  }

  /// Writes everything under `directory` (created if needed). Returns the report's path.
  @discardableResult
  public static func write(
    _ outcomes: [ExperimentOutcome], provenance: Provenance, theory: TheoryOverlay?, errors: [String] = [],
    notApplicable: [String] = [],
    to directory: URL
  ) throws -> URL {
    let fm = FileManager.default
    for sub in ["figures", "records", "curves", "matrices"] {
      try fm.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    let rows = outcomes.flatMap(\.claims)
    try json(rows.map(ClaimRow.init)).write(to: directory.appendingPathComponent("claims.json"), options: .atomic)
    try json(provenance).write(to: directory.appendingPathComponent("provenance.json"), options: .atomic)

    let real = rows.filter { $0.control == nil }
    let controlled = rows.filter { $0.control != nil }
    let passed = real.filter { $0.status == "PASS" }.count
    var md = "# RepAlign reproduction report\n\n"
    md +=
      "Claims of Umar & Laio, *Signal-to-Noise Ratio and Sample Size Govern Representational Alignment in Neural Networks* (arXiv:2605.26973), checked by simulation. "
    md +=
      "**\(passed) of \(real.count) claim checks passed** over \(outcomes.count - Set(controlled.map(\.experiment)).count) experiment(s) (tier `\(provenance.tier)`)"
      + (controlled.isEmpty
        ? ".\n\n"
        : "; \(controlled.count) negative-control checks over \(Set(controlled.map(\.experiment)).count) control run(s), \(controlled.filter(\.broken).count) broken (see Controls).\n\n")
    md +=
      "Margins are in standard errors: the smallest (z − required z) over the comparisons that decide a verdict; a check passes iff its margin is positive. "
    md +=
      "Each experiment's significance α (the probability that a check passes when there is no effect) is split by Bonferroni over its measures, slices and comparisons; paired comparisons over k units are Student-t tests with k − 1 degrees of freedom, reported on the z scale. "
    md +=
      "The estimated false-failure rate of a check (the probability that a rerun with fresh seeds fails it although the claim holds) is the plug-in Σ Φ(z_required − z_observed) over its deciding comparisons; "
    md +=
      "summed over all claim checks here (controls aside) it is \(Estimate.rounded(real.map(\.verdict.estimatedFailureRate).reduce(0, +), digits: 3)).\n\n"
    md += "## Verdicts\n\n" + VerdictTable.markdown(rows) + "\n"
    var overview: (name: String, caption: String, svg: String)?
    if let figure = ThresholdOverview.figure(outcomes) {
      let relative = "figures/\(figure.name).svg"
      let svg = figure.figure.render()
      try Data(svg.utf8).write(to: try OutputPath.file(relative, in: directory), options: .atomic)
      md += "## Threshold experiments side by side\n\n![\(figure.figure.title)](\(relative))\n\n*\(figure.caption)*\n\n"
      overview = (figure.name, figure.caption, svg)
    }
    var capacity: (name: String, caption: String, svg: String)?
    if let figure = CapacityOverview.figure(outcomes), let table = CapacityOverview.csv(outcomes) {
      let relative = "figures/\(figure.name).svg"
      let svg = figure.figure.render()
      try Data(svg.utf8).write(to: try OutputPath.file(relative, in: directory), options: .atomic)
      try Data(table.utf8).write(to: try OutputPath.file(CapacityOverview.csvPath, in: directory), options: .atomic)
      md +=
        "## Converged thresholds against capacity\n\n![\(figure.figure.title)](\(relative))\n\n*\(figure.caption)*\n\n"
      md += "Files: [`\(CapacityOverview.csvPath)`](\(CapacityOverview.csvPath))\n\n"
      capacity = (figure.name, figure.caption, svg)
    }
    if !errors.isEmpty {
      md +=
        "## Experiments that did not run\n\nThey threw before producing results; their claims are neither passed nor failed here.\n\n"
      for e in errors { md += "- \(e)\n" }
      md += "\n"
    }
    let controlRows = rows.filter { $0.control != nil }
    if !controlRows.isEmpty {
      md +=
        "## Controls\n\nNegative controls remove one ingredient of the experiment (`NegativeControl`); a check that rests on it must fail (be broken). The margin is the smallest over the deciding comparisons, in s.e.: negative means broken.\n\n"
      md +=
        "| experiment | claim | control | measure | slice | verdict | margin |\n| --- | --- | --- | --- | --- | --- | ---: |\n"
      for r in controlRows {
        md +=
          "| \(r.experiment) | \(r.claim) | `\(r.control!)` | \(r.measure) | \(r.slice.replacingOccurrences(of: "|", with: "\\|")) | \(r.broken ? "broken" : "**not broken**") | \(Estimate.rounded(r.decidingMargin, digits: 2)) |\n"
      }
      md += "\n"
    }
    if !notApplicable.isEmpty {
      md +=
        "Controls not run: they cannot apply to the spec (`NegativeControl.inapplicability`), or their run threw (\"cannot run\"); neither is a failure of the build:\n\n"
      for line in notApplicable { md += "- \(line)\n" }
      md += "\n"
    }
    let exceptionRows = rows.filter { !$0.excused.isEmpty || !$0.unneeded.isEmpty || !$0.freshOnly.isEmpty }
    if !exceptionRows.isEmpty {
      md +=
        "## Documented exceptions\n\nEach names exactly one comparison (measure, slice, step or side of the minimum); every other comparison of its check still decides. An exception whose comparison passed is listed as no longer needed (a failure at the spec's own seed). A *fresh-seed intermittent* exception (`\"seeds\": \"fresh_only\"`) names a comparison that passes at the spec's seed and was measured to fail under fresh seeds at the stated rate: at the spec's seed it decides, with fresh seeds its failure is a known intermittent failure.\n\n"
      for r in exceptionRows {
        for e in r.freshOnly {
          md += "- `\(r.experiment)` \(e): \(intermittentLine(e, r)) \(e.reason)\n"
        }
        for e in r.excused {
          let margin = r.verdict.comparisons.first { $0.id == e.comparison }?.margin
          md +=
            "- `\(r.experiment)` \(e): **not established** (margin \(margin.map { Estimate.rounded($0, digits: 2) } ?? "criterion failed") s.e.). \(e.reason)\n"
        }
        for e in r.unneeded {
          let margin = r.verdict.comparisons.first { $0.id == e.comparison }?.margin
          md +=
            "- `\(r.experiment)` \(e): **exception no longer needed** — the comparison passed (margin \(margin.map { Estimate.rounded($0, digits: 2) } ?? "criterion met") s.e.).\n"
        }
      }
      md += "\n"
    }
    md += "## Provenance\n\n| field | value |\n| --- | --- |\n"
    md +=
      "| version | \(provenance.version) |\n| git commit | \(provenance.gitCommit ?? "unknown (not a git checkout)") |\n"
    md += "| tier | \(provenance.tier) |\n| seeds | \(provenance.freshSeeds ? "fresh" : "fixed (from the specs)"): "
    md += provenance.seeds.sorted { $0.key < $1.key }.map { "`\($0.key)` \($0.value)" }.joined(separator: ", ") + " |\n"
    if provenance.streams != nil {
      md +=
        "| streams | every random stream's path below its master seed, by role: `provenance.json` → `streams` (`ExperimentStreams`) |\n"
    }
    md +=
      "| BLAS | `cblas_dgemm` from \(provenance.blasProvider), \(provenance.blasThreads) thread(s), \(provenance.openblasConfiguration); kernel \(provenance.blasKernel ?? "not recorded") |\n"
    md +=
      "| started | \(provenance.startedAt) |\n| wall time | \(String(format: "%.1f", provenance.wallSeconds)) s |\n\n"
    md +=
      "Data: `claims.json` (verdicts), `records/*.jsonl` (one record per grid point), `curves/*.csv` (every curve), `matrices/*.npy` (grids: rows n, columns SNR).\n\n"

    var sections: [ReportHTML.Section] = []
    for outcome in outcomes {
      let spec = outcome.spec
      let files = try CurveTables.write(
        outcome, theory: ReportFigures.gridTheory(outcome, theory: theory), to: directory)
      try SweepRunner.store(try OutputPath.file("records/\(spec.id).jsonl", in: directory)).write(outcome.results)
      let (figures, theoryCSV) = ReportFigures.panelFigures(outcome, theory: theory)
      for (relative, text) in theoryCSV.sorted(by: { $0.key < $1.key }) {
        try Data(text.utf8).write(to: try OutputPath.file(relative, in: directory), options: .atomic)
      }
      md += "## \(spec.id)\n\n\(claimText[spec.claim] ?? spec.claim.rawValue)\n\n\(spec.description)\n\n"
      let grid =
        "n ∈ \(spec.grid.n)" + (spec.grid.snr.map { ", SNR ∈ \($0)" } ?? "")
        + (spec.grid.flipProbability.map { ", p ∈ \($0)" } ?? "")
      md += "Task `\(spec.task.kind)`" + (spec.task.inputDimension.map { " (d = \($0))" } ?? "")
      md +=
        "; model `\(spec.model.activation.rawValue)`, width \(spec.model.width), init scale \(spec.model.initScale); "
      md +=
        "\(spec.training.optimizer.name) for \(spec.training.steps) steps at learning rate \(spec.training.learningRate); "
      md += "\(spec.members) members, \(spec.designs ?? 1) design(s), test size \(spec.testSize); \(grid); "
      md += "measures \(spec.measures.joined(separator: ", ")); significance α = \(spec.statistics.significance); "
      md += "seed \(outcome.seed); \(String(format: "%.1f", outcome.wallSeconds)) s.\n\n"
      if let note = outcome.note { md += "*\(note).*\n\n" }
      if let control = spec.control { md += "**Negative control `\(control)`**: \(control.summary).\n\n" }
      if !outcome.claims.isEmpty {
        md += VerdictTable.markdown(outcome.claims) + "\n"
        md += "<details><summary>Evidence</summary>\n\n"
        for r in outcome.claims {
          md +=
            "- **\(r.measure), \(r.slice)**: \(r.verdict.summary), required z \(Estimate.rounded(r.verdict.zLevel, digits: 2)) (type-I rate \(r.verdict.typeIRate)), estimated false-failure rate \(Estimate.rounded(r.verdict.estimatedFailureRate, digits: 4))\n"
          for line in r.verdict.evidence { md += "  - \(line)\n" }
        }
        md += "\n</details>\n\n"
      }
      var rendered: [(name: String, caption: String, svg: String)] = []
      for figure in figures {
        let relative = "figures/\(figure.name).svg"
        let svg = figure.figure.render()
        rendered.append((figure.name, figure.caption, svg))
        try Data(svg.utf8).write(to: try OutputPath.file(relative, in: directory), options: .atomic)
        md += "![\(figure.figure.title)](\(relative))\n\n*\(figure.caption)*\n\n"
      }
      let allFiles = files + theoryCSV.keys.sorted() + ["records/\(spec.id).jsonl"]
      md += "Files: " + allFiles.map { "[`\($0)`](\($0))" }.joined(separator: ", ") + "\n\n"
      sections.append(ReportHTML.Section(outcome: outcome, figures: rendered, files: allFiles))
    }
    let html = ReportHTML.document(
      sections: sections, rows: rows, provenance: provenance, errors: errors,
      experimentCount: outcomes.count - Set(controlled.map(\.experiment)).count, notApplicable: notApplicable,
      overview: overview, capacity: capacity)
    try Data(html.utf8).write(to: directory.appendingPathComponent("report.html"), options: .atomic)
    let url = directory.appendingPathComponent("report.md")
    try Data(md.utf8).write(to: url, options: .atomic)
    return url
  }
}
