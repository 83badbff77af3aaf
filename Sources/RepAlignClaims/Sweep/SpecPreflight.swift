import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTheory

/// Checks that a validated spec can actually be run, before any work starts: every name resolves
/// (measures; the typed names are checked when decoding), the task has what it needs
/// (`TaskKind.requirements`, via `ExperimentSpec.validate()`), and the sizes
/// are small enough to allocate. `ExperimentSpec.validate()` checks ranges field by field; this
/// checks what only the runner knows, so a sweep fails in its first millisecond with a one-line
/// `ParameterError` naming the field instead of after hours (or by trapping on an allocation).
extension ExperimentRunner {
  /// Upper bounds that keep one grid point allocatable on a workstation: one design matrix
  /// (n + m) × d and M hidden representations m × h of Float64, each ≤ 2³⁰ entries (8 GiB).
  public static let maximumEntries = 1 << 30

  /// `budget` bounds the whole experiment's memory and arithmetic (`cost(_:)`).
  public static func preflight(
    _ spec: ExperimentSpec, budget: ResourceBudget = .standard(allowLarge: false)
  ) throws(ParameterError) {
    for name in spec.measures {
      do { _ = try AlignmentMeasures.named(name) } catch {
        throw ParameterError(
          "measures", "must be names from \(AlignmentMeasures.names.joined(separator: ", "))", got: name)
      }
    }
    // Names (task kind, activation, optimizer, loss, threshold) are typed when the spec is
    // decoded; what each task kind requires (`TaskKind.requirements`) is checked by `validate()`.
    try spec.validate()
    guard let d = spec.inputDimension else {
      throw ParameterError("task.input_dimension", "is needed for task \(spec.task.kind)", got: "none")
    }
    if let b = spec.statistics.biasAllowance {
      try require(b >= 0 && b.isFinite, "statistics.bias_allowance", "must be finite and ≥ 0", got: b)
    }
    if let w = spec.training.weightDecay {
      try require(w >= 0 && w.isFinite, "training.weight_decay", "must be finite and ≥ 0", got: w)
    }
    if let t = spec.training.interpolationTolerance {
      try require(t > 0 && t.isFinite, "training.interpolation_tolerance", "must be finite and > 0", got: t)
    }
    let limit = maximumEntries
    func fits(_ a: Int, _ b: Int) -> Bool {
      let (p, overflow) = a.multipliedReportingOverflow(by: b)
      return !overflow && p <= limit
    }
    let maxN = spec.grid.n.max() ?? 0
    let (rows, overflow) = maxN.addingReportingOverflow(spec.testSize)
    try require(
      !overflow && fits(rows, d), "grid.n", "with test_size and input_dimension must give (n + test_size)·d ≤ \(limit)",
      got: "n=\(maxN), test_size=\(spec.testSize), d=\(d)")
    try require(
      fits(spec.testSize, spec.model.width) && fits(spec.members, spec.model.width) && spec.members <= 100_000,
      "model.width", "with members and test_size must give test_size·width ≤ \(limit) and members ≤ 100000",
      got: "width=\(spec.model.width), members=\(spec.members), test_size=\(spec.testSize)")
    try require(spec.training.steps <= 100_000_000, "training.steps", "must be ≤ 100000000", got: spec.training.steps)
    if let r = spec.designs { try require(r <= 100_000, "designs", "must be ≤ 100000", got: r) }
    try checkWindowRule(spec, d: d)
    try require(
      spec.grid.n.count <= 1_000_000 && spec.grid.n.count * spec.grid.noiseLevels.count <= 1_000_000,
      "grid", "must have ≤ 1000000 points", got: "\(spec.grid.n.count) sizes")
    try checkCost(spec, budget: spec.allowLarge == true ? budget.liftingFlops : budget)
  }

  /// THEORY.md §11: for the linear network (threshold n* = d) a window d·[1 − w, 1 + w] holds both
  /// CKA minima, at |n − d| ≈ (d/SNR)^{2/3}/2^{1/3}, only when d·SNR² ≥ 1/(2w³) (≈ 63 for w = 0.2;
  /// `SpikeLaws.windowHoldsMinima`). w is the window's smaller half-width; default window as in
  /// `ClaimEvaluator` ([0.8, 1.2]).
  static func checkWindowRule(_ spec: ExperimentSpec, d: Int) throws(ParameterError) {
    guard spec.claim == .thresholdMinimum, spec.thresholdRule == .inputDimension, spec.model.activation == .identity
    else { return }
    let window = spec.statistics.window ?? [0.8, 1.2]
    guard window.count == 2 else { return }
    let w = min(1 - window[0], window[1] - 1)
    guard w > 0 && w < 1 else { return }
    for snr in spec.grid.snr ?? [] where !(try SpikeLaws.windowHoldsMinima(d: d, snr: snr, halfWidth: w)) {
      throw ParameterError(
        "statistics.window",
        "must hold the CKA minima: ±\(w)·d needs d·SNR² ≥ 1/(2w³) = \(try SpikeLaws.windowRuleBound(halfWidth: w)) (THEORY.md §11)",
        got: "d = \(d), SNR = \(snr) (d·SNR² = \(Double(d) * snr * snr))")
    }
  }
}

extension ExperimentSpec {
  /// Every spec file of a folder checked strictly: each `*.json` must decode, validate and pass
  /// `ExperimentRunner.preflight`, and its `id` must be its file name. Returns one `SpecError` per
  /// bad file (naming the file and the field), none when the folder is clean. A folder that cannot
  /// be read, or holds no spec at all, is itself an error.
  public static func audit(directory: URL) -> [SpecError] {
    let files: [URL]
    do {
      files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    } catch {
      return [SpecError(file: directory.lastPathComponent, message: "cannot list the folder: \(error)")]
    }
    if files.isEmpty { return [SpecError(file: directory.lastPathComponent, message: "holds no *.json spec")] }
    var problems: [SpecError] = []
    for url in files {
      do {
        let spec = try load(url)
        try ExperimentRunner.preflight(spec)
        let name = url.deletingPathExtension().lastPathComponent
        if spec.id != name {
          problems.append(
            SpecError(file: url.lastPathComponent, message: "field id must be the file name \(name), got \(spec.id)"))
        }
      } catch let error as SpecError {
        problems.append(error)
      } catch let error as ParameterError {
        problems.append(SpecError(file: url.lastPathComponent, message: error.description))
      } catch {
        problems.append(SpecError(file: url.lastPathComponent, message: "\(error)"))
      }
    }
    return problems
  }
}
