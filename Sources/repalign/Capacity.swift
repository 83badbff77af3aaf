import ArgumentParser
import Foundation
import RepAlignClaims
import RepAlignNumerics

/// `repalign capacity`: the interpolation threshold as a function of capacity (`CapacityStudy`).
/// A threshold spec is the template (task, model, training, measures, seed); each width h runs it
/// with its n grid replaced by `--ratios` × P(h) on `--replicates` independent designs. Writes
/// `capacity.csv` (curves), `capacity-summary.csv` (n\*, test-error peak and alignment arg-mins per
/// width, with bootstrap intervals), `capacity.txt` (the table and the fitted c) and SVG figures.
/// With `--budgets`, the template is also run at `--budget-width` with full-batch GD for each step
/// budget and no stopping rule (the budget-limited threshold), into `budget.csv` and
/// `figures/threshold-vs-budget.svg`.
struct Capacity: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the interpolation threshold against the parameter count over several widths.")

  @Option(help: "Threshold spec file used as the template.") var spec: String
  @Option(help: "Comma-separated hidden widths.", transform: Capacity.integers) var widths: [Int] = [4, 8, 16, 32]
  @Option(help: "Comma-separated n/P ratios of the grid.", transform: Capacity.doubles)
  var ratios: [Double] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3]
  @Option(help: "Independent designs per width (the intervals resample them).") var replicates: Int = 8
  @Option(help: "Bootstrap resamples.") var resamples: Int = 1000
  @Option(
    help: "Comma-separated GD step budgets for the budget-limited threshold (empty: skip).",
    transform: Capacity.integers)
  var budgets: [Int] = []
  @Option(help: "Width of the budget study.") var budgetWidth: Int = 8
  @Option(help: "GD learning rate of the budget study.") var budgetLearningRate: Double = 0.05
  @Option(help: "Output folder.") var out: String = "out/capacity"

  static func integers(_ s: String) throws -> [Int] {
    try s.split(separator: ",", omittingEmptySubsequences: false).map {
      guard let v = Int($0.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("'\($0)' is not an integer")
      }
      return v
    }
  }

  static func doubles(_ s: String) throws -> [Double] {
    try s.split(separator: ",", omittingEmptySubsequences: false).map {
      guard let v = Double($0.trimmingCharacters(in: .whitespaces)) else {
        throw ValidationError("'\($0)' is not a number")
      }
      return v
    }
  }

  func validate() throws {
    guard !widths.isEmpty, widths.allSatisfy({ $0 >= 1 }) else {
      throw ValidationError("invalid --widths: each must be ≥ 1")
    }
    guard !ratios.isEmpty, ratios.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw ValidationError("invalid --ratios: each must be finite and > 0")
    }
    guard replicates >= 2 else { throw ValidationError("invalid --replicates = \(replicates): must be ≥ 2") }
    guard resamples >= 100 else { throw ValidationError("invalid --resamples = \(resamples): must be ≥ 100") }
    guard budgets.allSatisfy({ $0 >= 1 }) else { throw ValidationError("invalid --budgets: each must be ≥ 1") }
    guard budgetWidth >= 1 else { throw ValidationError("invalid --budget-width = \(budgetWidth): must be ≥ 1") }
    guard budgetLearningRate > 0 && budgetLearningRate.isFinite else {
      throw ValidationError("invalid --budget-learning-rate = \(budgetLearningRate): must be finite and > 0")
    }
  }

  func run() throws {
    let template = try SpecLoading.load(file: spec)
    guard template.claim == .thresholdMinimum else {
      throw ValidationError("spec \(spec): must be a threshold_minimum spec (got \(template.claim.rawValue))")
    }
    let folder = URL(fileURLWithPath: out)
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("figures"), withIntermediateDirectories: true)
    func write(_ text: String, _ name: String) throws {
      try Data(text.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
    }
    let started = Date()
    func log(_ s: String) {
      FileHandle.standardError.write(Data("[\(Int(Date().timeIntervalSince(started)))s] \(s)\n".utf8))
    }
    let results: [CapacityStudy.WidthResult]
    do {
      results = try CapacityStudy.run(
        template: template, widths: widths, ratios: ratios, replicates: replicates, resamples: resamples
      ) { h, r in log("width \(h): design \(r + 1) of \(replicates)") }
    } catch let error as ParameterError {
      throw ValidationError("invalid \(error.parameter) = \(error.value): \(error.requirement)")
    }
    let c = CapacityStudy.slope(
      results, kind: template.thresholdKind, resamples: resamples,
      seed: StreamSeed(master: template.seed).child("slope"))
    let measures = template.measures
    try write(CapacityFigures.curvesCSV(results, measures: measures), "capacity.csv")
    try write(CapacityFigures.summaryCSV(results, measures: measures), "capacity-summary.csv")
    try write(CapacityFigures.thresholdFigure(results, slope: c), "figures/threshold-vs-parameters.svg")
    try write(
      CapacityFigures.ratioFigure(results, title: "test error vs n/P", yLabel: "test error") { $0.testError.mean },
      "figures/test-error-vs-n-over-p.svg")
    for m in measures {
      try write(
        CapacityFigures.ratioFigure(results, title: "\(m) vs n/P", yLabel: m) { $0.alignment[m]?.mean ?? .nan },
        "figures/\(m)-vs-n-over-p.svg")
    }
    var text = [
      "capacity study from \(template.id) (\(template.thresholdKind.rawValue) threshold; \(replicates) designs per width, \(resamples) bootstrap resamples)",
      "width | P | n* | n*/P | " + measures.map { "arg-min \($0)" }.joined(separator: " | ") + " | test-error peak",
    ]
    for w in results {
      text.append(
        "\(w.width) | \(w.parameterCount) | \(w.threshold.rendered) | \(Estimate.rounded(w.threshold.value / Double(w.parameterCount), digits: 3)) | "
          + measures.map { w.alignmentMinimum[$0]?.rendered ?? "n/a" }.joined(separator: " | ")
          + " | \(w.errorPeak.rendered)")
    }
    text.append("fit n* = c·P (least squares through the origin): c = \(c.rendered)")

    if !budgets.isEmpty {
      var gd = template
      gd.training = try Self.budgetTraining(template.training, learningRate: budgetLearningRate)
      var rows = ["steps,threshold_n,threshold_lo,threshold_hi"]
      var thresholds: [CapacityStudy.Interval] = []
      for b in budgets {
        gd.training.steps = b
        let r = try CapacityStudy.run(
          template: gd, widths: [budgetWidth], ratios: ratios, replicates: replicates, resamples: resamples
        ) { _, i in log("budget \(b): design \(i + 1) of \(replicates)") }[0]
        thresholds.append(r.threshold)
        rows.append("\(b),\(r.threshold.value),\(r.threshold.lower),\(r.threshold.upper)")
        text.append(
          "budget-limited (GD, η = \(budgetLearningRate)) width \(budgetWidth): \(b) steps → n* = \(r.threshold.rendered)"
        )
      }
      try write(rows.joined(separator: "\n") + "\n", "budget.csv")
      let converged = results.first { $0.width == budgetWidth }?.threshold
      try write(
        CapacityFigures.budgetFigure(
          steps: budgets, thresholds: thresholds, converged: converged, width: budgetWidth, optimizer: "GD"),
        "figures/threshold-vs-budget.svg")
    }
    try write(text.joined(separator: "\n") + "\n", "capacity.txt")
    print(text.joined(separator: "\n"))
  }

  /// The template's training as full-batch GD with the given rate and no stopping rule.
  static func budgetTraining(_ t: ExperimentSpec.Training, learningRate: Double) throws -> ExperimentSpec.Training {
    var g = t
    g.optimizer = .gradientDescent
    g.batchSize = nil
    g.learningRate = learningRate
    g.lossThreshold = nil
    g.gradientNormThreshold = nil
    return g
  }
}
