import Foundation
import RepAlignNumerics

/// One declarative claim experiment, as stored in `Validation/specs/<id>.json`. The same file
/// drives the test suite and `repalign reproduce`, so a claim is defined exactly once.
///
/// Keys are snake_case in JSON. Every numeric field is validated by `validate()` with a one-line
/// error naming the field.
public struct ExperimentSpec: Codable, Sendable, Equatable {
  /// Which claim the experiment checks (THEORY.md §1).
  public enum Claim: String, Codable, Sendable, CaseIterable {
    case snrMonotone = "snr_monotone"
    case thresholdMinimum = "threshold_minimum"
    case decoupling
    case theoryAgreement = "theory_agreement"
  }

  /// Which verification tier runs it: `fast` in every `swift test`, `slow` only with
  /// `REPALIGN_SLOW=1` (and in `reproduce --tier full`).
  public enum Tier: String, Codable, Sendable { case fast, slow }

  public struct Task: Codable, Sendable, Equatable {
    /// `linear_regression`, `sign_classification`, `label_flip`, `multiclass`, `digits`.
    public var kind: String
    /// Input dimension d (synthetic tasks).
    public var inputDimension: Int?
    /// Signal variance r² = βᵀΣβ (default 1).
    public var signalVariance: Double?
    /// Number of classes (multiclass tasks).
    public var classes: Int?
    /// Hidden width of the random tanh teacher (`tanh_regression`, default 20).
    public var teacherWidth: Int?
  }

  public struct Model: Codable, Sendable, Equatable {
    /// `identity` (the linear network), `relu`, `tanh`.
    public var activation: String
    public var width: Int
    public var initScale: Double
    /// Share one initialization across members (separates init from noise effects).
    public var sharedInit: Bool?
  }

  public struct Training: Codable, Sendable, Equatable {
    /// `gd`, `sgd`, `adam`.
    public var optimizer: String
    public var steps: Int
    public var learningRate: Double
    public var batchSize: Int?
    public var weightDecay: Double?
    /// Train loss below which a member counts as interpolating.
    public var interpolationTolerance: Double?
    /// `mse` or `cross_entropy` (default from the task).
    public var loss: String?
  }

  public struct Grid: Codable, Sendable, Equatable {
    /// Training-set sizes.
    public var n: [Int]
    /// Signal-to-noise ratios (Gaussian noise tasks).
    public var snr: [Double]?
    /// Label-flip probabilities (flip tasks); SNR = (1 − 2p)² / (4p(1 − p)).
    public var flipProbability: [Double]?
  }

  public struct Statistics: Codable, Sendable, Equatable {
    /// Significance level α: the family-wise probability that this experiment's checks pass when
    /// there is no effect (a false pass, type I), split by Bonferroni over its comparisons. The
    /// opposite error, failing although the claim holds, is each verdict's estimated false-failure
    /// rate (`ClaimVerdict.estimatedFailureRate`), set by effect size and sample size.
    public var significance: Double
    /// Threshold claims: the window around the threshold, as fractions of it (e.g. [0.8, 1.2]).
    public var window: [Double]?
    /// Theory claims: bias allowance added to z·s.e. (finite m, finite init), absolute.
    public var biasAllowance: Double?
    /// Regimes where the claim is *not* established by this experiment, each with the reason
    /// measured. A failing check that matches one is reported as "not established (documented)"
    /// instead of a failure — it never turns a pass into anything else, and it is listed in the
    /// report. Use only for what was measured and explained, never to make a run green.
    public var documentedExceptions: [DocumentedException]?
  }

  /// A documented regime: checks of `measure` whose slice starts with `slice`.
  public struct DocumentedException: Codable, Sendable, Equatable {
    public var measure: String
    public var slice: String
    public var reason: String
  }

  public var id: String
  public var claim: Claim
  /// Independent designs (teacher, X, test set) per grid point (default 1). With one design,
  /// standard errors are over members given X (jackknife over members for alignment); with R > 1
  /// they are over designs, sd/√R, which includes design-to-design variation.
  public var designs: Int?
  /// Where the interpolation threshold is: `input_dimension` (n = d, the linear network) or
  /// `measured` (the largest grid n at which at least half the members interpolate). Default:
  /// `input_dimension` for the identity activation, `measured` otherwise.
  public var threshold: String?
  public var description: String
  public var tier: Tier
  public var task: Task
  public var model: Model
  public var training: Training
  public var grid: Grid
  public var members: Int
  public var testSize: Int
  public var seed: UInt64
  public var measures: [String]
  public var statistics: Statistics

  /// Checks ranges; throws a `ParameterError` naming the spec field.
  public func validate() throws(ParameterError) {
    try require(!id.isEmpty, "id", "must be non-empty", got: "\"\"")
    try require(members >= 2, "members", "must be ≥ 2", got: members)
    if let r = designs { try require(r >= 1, "designs", "must be ≥ 1", got: r) }
    if let t = threshold {
      try require(["input_dimension", "measured"].contains(t), "threshold", "must be input_dimension or measured", got: t)
    }
    try require(testSize >= 4, "test_size", "must be ≥ 4", got: testSize)
    try require(!grid.n.isEmpty && grid.n.allSatisfy { $0 >= 1 }, "grid.n", "must be a non-empty list of sizes ≥ 1", got: grid.n.description)
    if let snr = grid.snr {
      try require(!snr.isEmpty && snr.allSatisfy { $0 > 0 && $0.isFinite }, "grid.snr", "must be a non-empty list of finite values > 0", got: snr.description)
    }
    if let p = grid.flipProbability {
      try require(!p.isEmpty && p.allSatisfy { $0 >= 0 && $0 < 0.5 }, "grid.flip_probability", "must be a non-empty list of values in [0, 0.5)", got: p.description)
    }
    try require(grid.snr != nil || grid.flipProbability != nil, "grid", "must give snr or flip_probability", got: "neither")
    try require(model.width >= 1, "model.width", "must be ≥ 1", got: model.width)
    try require(model.initScale > 0 && model.initScale.isFinite, "model.init_scale", "must be finite and > 0", got: model.initScale)
    try require(["identity", "relu", "tanh"].contains(model.activation), "model.activation", "must be identity, relu or tanh", got: model.activation)
    try require(["gd", "sgd", "adam"].contains(training.optimizer), "training.optimizer", "must be gd, sgd or adam", got: training.optimizer)
    try require(training.steps >= 1, "training.steps", "must be ≥ 1", got: training.steps)
    try require(training.learningRate > 0 && training.learningRate.isFinite, "training.learning_rate", "must be finite and > 0", got: training.learningRate)
    try require(statistics.significance > 0 && statistics.significance < 0.5, "statistics.significance", "must be in (0, 0.5)", got: statistics.significance)
    if let w = statistics.window {
      try require(w.count == 2 && w[0] > 0 && w[0] < w[1], "statistics.window", "must be [lo, hi] with 0 < lo < hi", got: w.description)
    }
    try require(!measures.isEmpty, "measures", "must name at least one measure", got: "[]")
    if let d = task.inputDimension { try require(d >= 1, "task.input_dimension", "must be ≥ 1", got: d) }
  }

  /// Reads and validates a spec file; errors are one line naming the file and the field.
  public static func load(_ url: URL) throws -> ExperimentSpec {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw SpecError(file: url.lastPathComponent, message: "cannot read: \(error.localizedDescription)")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      let spec = try decoder.decode(ExperimentSpec.self, from: data)
      try spec.validate()
      return spec
    } catch let error as ParameterError {
      throw SpecError(file: url.lastPathComponent, message: error.description)
    } catch let error as DecodingError {
      throw SpecError(file: url.lastPathComponent, message: SpecError.describe(error))
    }
  }

  /// All specs in a folder (`*.json`), sorted by id.
  public static func loadAll(in directory: URL) throws -> [ExperimentSpec] {
    let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "json" }
    return try files.map(load).sorted { $0.id < $1.id }
  }
}

/// A malformed or invalid spec file, in one line.
public struct SpecError: Error, CustomStringConvertible, Equatable {
  public let file: String
  public let message: String
  public var description: String { "spec \(file): \(message)" }

  static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
      keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        .replacingOccurrences(of: ".[", with: "[")
    }
    switch error {
    case let .keyNotFound(key, context):
      let p = path(context.codingPath + [key])
      return "missing field \(snake(p))"
    case let .typeMismatch(type, context):
      return "field \(snake(path(context.codingPath))) must be \(type)"
    case let .valueNotFound(type, context):
      return "field \(snake(path(context.codingPath))) must be a \(type), got null"
    case let .dataCorrupted(context):
      let p = path(context.codingPath)
      return p.isEmpty ? "not valid JSON" : "field \(snake(p)): \(context.debugDescription)"
    @unknown default:
      return "cannot decode"
    }
  }

  /// camelCase → snake_case, for messages in the file's own spelling.
  static func snake(_ s: String) -> String {
    var out = ""
    for c in s {
      if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
    return out
  }
}
