import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTraining

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
  public enum Tier: String, Codable, Sendable, CaseIterable { case fast, slow }

  public struct Task: Codable, Sendable, Equatable {
    /// The task family; its `requirements` say which other fields it needs.
    public var kind: TaskKind
    /// Input dimension d (synthetic tasks).
    public var inputDimension: Int?
    /// Signal variance r² = βᵀΣβ (default 1).
    public var signalVariance: Double?
    /// Number of classes (multiclass tasks).
    public var classes: Int?
    /// Hidden width of the random tanh teacher (`tanh_regression`, default 20).
    public var teacherWidth: Int?
    /// Input spectrum of the synthetic regression tasks: `power:ALPHA` (λᵢ ∝ i^(−α), mean 1;
    /// `InputCovariance(parsing:)`); absent means Σ = I. The same text `repalign theory
    /// --spectrum` takes, so a simulation and the anisotropic theory describe one problem.
    public var spectrum: String?

    /// The input covariance `spectrum` names (Σ = I when absent).
    public func covariance() throws(ParameterError) -> InputCovariance {
      try spectrum.map { s throws(ParameterError) in try InputCovariance(parsing: s, parameter: "task.spectrum") }
        ?? .identity
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      kind = try c.decodeChoice(TaskKind.self, forKey: .kind)
      inputDimension = try c.decodeIfPresent(Int.self, forKey: .inputDimension)
      signalVariance = try c.decodeIfPresent(Double.self, forKey: .signalVariance)
      classes = try c.decodeIfPresent(Int.self, forKey: .classes)
      teacherWidth = try c.decodeIfPresent(Int.self, forKey: .teacherWidth)
      spectrum = try c.decodeIfPresent(String.self, forKey: .spectrum)
    }
  }

  public struct Model: Codable, Sendable, Equatable {
    /// `identity` (the linear network), `relu`, `tanh`.
    public var activation: Activation
    public var width: Int
    public var initScale: Double
    /// Share one initialization across members (separates init from noise effects).
    public var sharedInit: Bool?
    /// The number of hidden layers L (default 1), each of width `width` (`MultiLayerNetwork`
    /// for L ≥ 2). The parameter count is P = w·d + (L − 1)·w² + w·k.
    public var depth: Int?
    /// Which hidden layer's alignment the claims are evaluated on, 1…L (default L, the last).
    /// With L ≥ 2 every layer is measured and recorded (`PointResult.layerAlignment`).
    public var measuredLayer: Int?

    /// The largest `depth` a spec may ask for (a bound against typos; the suite uses ≤ 3).
    public static let maximumDepth = 8

    /// L (`depth`, default 1).
    public var hiddenLayers: Int { depth ?? 1 }
    /// The hidden layer the claims read, 1…L (`measured_layer`, default L).
    public var claimLayer: Int { measuredLayer ?? hiddenLayers }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      activation = try c.decodeChoice(Activation.self, forKey: .activation)
      width = try c.decode(Int.self, forKey: .width)
      initScale = try c.decode(Double.self, forKey: .initScale)
      sharedInit = try c.decodeIfPresent(Bool.self, forKey: .sharedInit)
      depth = try c.decodeIfPresent(Int.self, forKey: .depth)
      measuredLayer = try c.decodeIfPresent(Int.self, forKey: .measuredLayer)
    }
  }

  /// The optimizer as spelled in a spec: `gd`, `sgd` or `adam`, with `training.batch_size`, or
  /// `bfgs` / `lbfgs` (full-batch quasi-Newton, `Optimizer.bfgs`, `Optimizer.lbfgs`).
  public enum OptimizerName: String, Codable, Sendable, CaseIterable {
    case gd, sgd, adam, bfgs, lbfgs
  }

  public struct Training: Codable, Sendable, Equatable {
    /// SGD's minibatch size when `batch_size` is absent.
    public static let defaultSGDBatchSize = 32

    /// `gd`, `sgd` (batch `batch_size`, default 32) or `adam` (batch `batch_size`, default the
    /// full training set), decoded from the two fields.
    public var optimizer: Optimizer
    public var steps: Int
    public var learningRate: Double
    /// The spec's `batch_size` as written (nil when absent).
    public var batchSize: Int?
    public var weightDecay: Double?
    /// Train loss below which a member counts as interpolating.
    public var interpolationTolerance: Double?
    /// `mse` or `cross_entropy` (default `mse`).
    public var loss: Loss?
    /// Stopping rule: a member stops once its full training loss is ≤ this. With either rule set
    /// the spec trains to convergence (`TrainingSpec.trainsToConvergence`): `steps` is a budget
    /// meant not to bind, members that exhaust it are recorded as unconverged and never count as
    /// interpolating, and a measured threshold is reported as `converged`, not `budget_limited`.
    public var lossThreshold: Double?
    /// Stopping rule: a member stops once its full-batch gradient norm ‖∇θ‖ is ≤ this (a
    /// stationary point: above the threshold, where the training set cannot be fit).
    public var gradientNormThreshold: Double?

    enum CodingKeys: String, CodingKey {
      case optimizer, steps, learningRate, batchSize, weightDecay, interpolationTolerance, loss
      case lossThreshold, gradientNormThreshold
    }

    /// Whether a stopping rule is set (see `lossThreshold`).
    public var trainsToConvergence: Bool { lossThreshold != nil || gradientNormThreshold != nil }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      let name = try c.decodeChoice(OptimizerName.self, forKey: .optimizer)
      steps = try c.decode(Int.self, forKey: .steps)
      learningRate = try c.decode(Double.self, forKey: .learningRate)
      batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize)
      weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay)
      interpolationTolerance = try c.decodeIfPresent(Double.self, forKey: .interpolationTolerance)
      loss = try c.decodeChoiceIfPresent(Loss.self, forKey: .loss)
      lossThreshold = try c.decodeIfPresent(Double.self, forKey: .lossThreshold)
      gradientNormThreshold = try c.decodeIfPresent(Double.self, forKey: .gradientNormThreshold)
      switch name {
      case .gd: optimizer = .gradientDescent
      case .sgd: optimizer = .sgd(batchSize: batchSize ?? Self.defaultSGDBatchSize)
      case .adam: optimizer = .adam(batchSize: batchSize)
      case .bfgs: optimizer = .bfgs
      case .lbfgs: optimizer = .lbfgs
      }
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(optimizer.name, forKey: .optimizer)
      try c.encode(steps, forKey: .steps)
      try c.encode(learningRate, forKey: .learningRate)
      try c.encodeIfPresent(batchSize, forKey: .batchSize)
      try c.encodeIfPresent(weightDecay, forKey: .weightDecay)
      try c.encodeIfPresent(interpolationTolerance, forKey: .interpolationTolerance)
      try c.encodeIfPresent(loss, forKey: .loss)
      try c.encodeIfPresent(lossThreshold, forKey: .lossThreshold)
      try c.encodeIfPresent(gradientNormThreshold, forKey: .gradientNormThreshold)
    }
  }

  public struct Grid: Codable, Sendable, Equatable {
    /// Training-set sizes.
    public var n: [Int]
    /// Signal-to-noise ratios (Gaussian noise tasks).
    public var snr: [Double]?
    /// Label-flip probabilities (flip tasks); SNR = (1 − 2p)² / (4p(1 − p)).
    public var flipProbability: [Double]?

    /// The noise levels in grid order: `snr` or `flip_probability`, whichever is given (exactly one
    /// is, after `validate()`).
    public var noiseLevels: [NoiseLevel] {
      if let snr { return snr.map(NoiseLevel.snr) }
      return (flipProbability ?? []).map(NoiseLevel.flipProbability)
    }
  }

  /// Which threshold a threshold claim tests (`ClaimResult.threshold`): n = d of the linear network,
  /// a threshold measured under training to convergence, or one measured under a step budget.
  public var thresholdKind: ThresholdKind {
    if thresholdRule == .inputDimension { return .inputDimension }
    return training.trainsToConvergence ? .converged : .budgetLimited
  }

  /// Where the interpolation threshold of a threshold claim is (THEORY.md §5, §10).
  public enum ThresholdRule: String, Codable, Sendable, CaseIterable {
    /// n* = d, the linear network's threshold.
    case inputDimension = "input_dimension"
    /// n* = the largest grid n at which at least half the members interpolate.
    case measured
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
    /// Comparisons where the claim is *not* established by this experiment, each with the reason
    /// measured. Each names exactly one comparison (`DocumentedException`); a failing comparison
    /// that matches one does not fail the check (every other comparison of the slice still
    /// decides), it is reported as "not established (documented)" and listed in the report. An
    /// exception whose comparison passes at the spec's own seed is reported as no longer needed and
    /// fails the fixed-seed run, so exceptions cannot outlive their reason. An exception with
    /// `"seeds": "fresh_only"` declares a known intermittent failure instead: it must pass at the
    /// spec's seed, and only fresh-seed runs report its failure as known (with its measured rate).
    /// Use only for what was measured and explained, never to make a run green.
    public var documentedExceptions: [DocumentedException]?
  }

  /// A documented exception: exactly one comparison, by structured coordinates — the measure, the
  /// slice's grid values (`{"n": 120}` for an SNR sweep; `{"snr": 4}` or `{"flip_probability": 0.1}`
  /// for an n-sweep) and the comparison (`{"step": [1, 8]}`, an adjacent pair of the slice's noise
  /// levels in grid values, lower SNR first; or `{"criterion": "rise_left" | "rise_right" |
  /// "argmin_in_window"}` for a threshold claim). Decoupling checks take no exceptions.
  ///
  /// `seeds` says which runs it covers (`Seeds`):
  /// - `all` (the default): the claim is not established at this comparison. Its comparison must
  ///   fail at the spec's seed (else "exception no longer needed" fails the fixed-seed run) and is
  ///   excused at every seed.
  /// - `fresh_only`: a known *intermittent* false failure. At the spec's seed the comparison still
  ///   decides and must pass (if it fails, the declaration is wrong and the run fails saying so);
  ///   under fresh seeds its failure is reported as a known intermittent failure and tallied apart
  ///   from undocumented failures. It requires `fresh_seed_rate`, the failures measured in fresh-seed
  ///   runs, so the report can state the rate.
  public struct DocumentedException: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Which runs an exception covers.
    public enum Seeds: String, Codable, Sendable, CaseIterable {
      /// Every run: the comparison fails at the spec's seed and is excused everywhere.
      case all
      /// Fresh-seed runs only: the comparison passes at the spec's seed and fails intermittently.
      case freshOnly = "fresh_only"
    }

    /// How often the named comparison failed in measured fresh-seed runs (`failures` of `runs`).
    public struct FreshSeedRate: Codable, Sendable, Equatable, CustomStringConvertible {
      public var failures: Int
      public var runs: Int

      public init(failures: Int, runs: Int) {
        self.failures = failures
        self.runs = runs
      }

      /// "11 of 108 fresh-seed runs (10.2 %)".
      public var description: String {
        let percent = runs > 0 ? Estimate.rounded(100 * Double(failures) / Double(runs), digits: 1) : "n/a"
        return "\(failures) of \(runs) fresh-seed runs (\(percent) %)"
      }
    }

    public var measure: String
    public var slice: SliceID
    public var comparison: ComparisonID
    public var reason: String
    /// Which runs the exception covers; nil means `all`.
    public var seeds: Seeds?
    /// The measured fresh-seed failure count of the comparison: required with `fresh_only`,
    /// optional (the measured trigger rate) otherwise.
    public var freshSeedRate: FreshSeedRate?

    public init(
      measure: String, slice: SliceID, comparison: ComparisonID, reason: String, seeds: Seeds? = nil,
      freshSeedRate: FreshSeedRate? = nil
    ) {
      self.measure = measure
      self.slice = slice
      self.comparison = comparison
      self.reason = reason
      self.seeds = seeds
      self.freshSeedRate = freshSeedRate
    }

    private enum CodingKeys: String, CodingKey {
      case measure, slice, comparison, reason, seeds, freshSeedRate
    }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      measure = try c.decode(String.self, forKey: .measure)
      slice = try c.decode(SliceID.self, forKey: .slice)
      comparison = try c.decode(ComparisonID.self, forKey: .comparison)
      reason = try c.decode(String.self, forKey: .reason)
      seeds = try c.decodeChoiceIfPresent(Seeds.self, forKey: .seeds)
      freshSeedRate = try c.decodeIfPresent(FreshSeedRate.self, forKey: .freshSeedRate)
    }

    /// Whether the exception covers fresh-seed runs only.
    public var isFreshOnly: Bool { seeds == .freshOnly }

    /// "information_imbalance at n=120, step 1 → 8".
    public var description: String { "\(measure) at \(slice), \(comparison)" }
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
  public var threshold: ThresholdRule?
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
  /// A negative control (`NegativeControl`: `shared_noise`, `train_inputs`, `no_signal`) that
  /// removes one ingredient of the experiment so a claim resting on it must fail; absent means
  /// the real experiment. The report lists control runs in their own section.
  public var control: NegativeControl?
  /// The experiment is known to exceed the default arithmetic budget (`ResourceBudget.defaultFlops`)
  /// and says so: preflight then lifts the flop budget for it, as `--allow-large` does for a run
  /// (the memory limit stays). For slow-tier specs whose description states their measured wall
  /// time; absent means false.
  public var allowLarge: Bool?

  /// The threshold rule in force: `threshold`, else `input_dimension` for the identity
  /// activation and `measured` otherwise.
  public var thresholdRule: ThresholdRule {
    threshold ?? (model.activation == .identity ? .inputDimension : .measured)
  }

  /// Decoding the spec's custom fields: choices (`threshold`) list their allowed values.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(String.self, forKey: .id)
    claim = try c.decodeChoice(Claim.self, forKey: .claim)
    designs = try c.decodeIfPresent(Int.self, forKey: .designs)
    threshold = try c.decodeChoiceIfPresent(ThresholdRule.self, forKey: .threshold)
    description = try c.decode(String.self, forKey: .description)
    tier = try c.decodeChoice(Tier.self, forKey: .tier)
    task = try c.decode(Task.self, forKey: .task)
    model = try c.decode(Model.self, forKey: .model)
    training = try c.decode(Training.self, forKey: .training)
    grid = try c.decode(Grid.self, forKey: .grid)
    members = try c.decode(Int.self, forKey: .members)
    testSize = try c.decode(Int.self, forKey: .testSize)
    seed = try c.decode(UInt64.self, forKey: .seed)
    measures = try c.decode([String].self, forKey: .measures)
    statistics = try c.decode(Statistics.self, forKey: .statistics)
    control = try c.decodeChoiceIfPresent(NegativeControl.self, forKey: .control)
    allowLarge = try c.decodeIfPresent(Bool.self, forKey: .allowLarge)
  }

  /// Checks ranges, and what the task kind requires (`TaskKind.requirements`); throws a
  /// `ParameterError` naming the spec field.
  public func validate() throws(ParameterError) {
    try require(
      Self.isSafeIdentifier(id), "id",
      "must be 1–100 characters from A–Z, a–z, 0–9, '.', '_', '-' and not start with '.' (it names output files)",
      got: "\"\(id)\"")
    try require(members >= 2, "members", "must be ≥ 2", got: members)
    if let r = designs { try require(r >= 1, "designs", "must be ≥ 1", got: r) }
    try require(testSize >= 4, "test_size", "must be ≥ 4", got: testSize)
    try require(
      !grid.n.isEmpty && grid.n.allSatisfy { $0 >= 1 }, "grid.n", "must be a non-empty list of sizes ≥ 1",
      got: grid.n.description)
    try validateNoiseGrid()
    try require(model.width >= 1, "model.width", "must be ≥ 1", got: model.width)
    if let depth = model.depth {
      try require(
        depth >= 1 && depth <= Model.maximumDepth, "model.depth", "must be in 1...\(Model.maximumDepth)", got: depth)
    }
    if let layer = model.measuredLayer {
      try require(
        layer >= 1 && layer <= model.hiddenLayers, "model.measured_layer",
        "must be a hidden layer in 1...\(model.hiddenLayers) (model.depth)", got: layer)
    }
    try require(
      model.initScale > 0 && model.initScale.isFinite, "model.init_scale", "must be finite and > 0",
      got: model.initScale)
    try require(training.steps >= 1, "training.steps", "must be ≥ 1", got: training.steps)
    try require(
      training.learningRate > 0 && training.learningRate.isFinite, "training.learning_rate", "must be finite and > 0",
      got: training.learningRate)
    if let b = training.batchSize {
      try require(b >= 1, "training.batch_size", "must be ≥ 1", got: b)
      try require(
        training.optimizer != .bfgs && training.optimizer != .lbfgs, "training.batch_size",
        "is not allowed for optimizers bfgs and lbfgs (full batch only)",
        got: b)
    }
    if let t = training.lossThreshold {
      try require(t.isFinite && t > 0, "training.loss_threshold", "must be finite and > 0", got: t)
      let tolerance = training.interpolationTolerance ?? TrainingSpec.defaultInterpolationTolerance
      try require(
        t <= tolerance, "training.loss_threshold",
        "must be ≤ training.interpolation_tolerance = \(tolerance) (a member stopped by it must count as interpolating)",
        got: t)
    }
    if let t = training.gradientNormThreshold {
      try require(t.isFinite && t > 0, "training.gradient_norm_threshold", "must be finite and > 0", got: t)
    }
    if let t = training.interpolationTolerance {
      try require(t.isFinite && t > 0, "training.interpolation_tolerance", "must be finite and > 0", got: t)
    }
    try require(
      statistics.significance > 0 && statistics.significance < 0.5, "statistics.significance", "must be in (0, 0.5)",
      got: statistics.significance)
    if let w = statistics.window {
      try require(
        w.count == 2 && w[0] > 0 && w[0] < w[1], "statistics.window", "must be [lo, hi] with 0 < lo < hi",
        got: w.description)
    }
    try require(!measures.isEmpty, "measures", "must name at least one measure", got: "[]")
    for (i, name) in measures.enumerated() {
      try require(
        AlignmentMeasures.names.contains(name), "measures[\(i)]",
        "must be one of \(AlignmentMeasures.names.joined(separator: ", "))", got: "\"\(name)\"")
      try require(!measures[..<i].contains(name), "measures[\(i)]", "must not repeat a measure", got: "\"\(name)\"")
    }
    try validateTask()
    try validateExceptions()
  }

  /// Every documented exception names exactly one comparison this spec's checks make: a measure
  /// of the spec, a slice of its grid, a comparison of that slice; no two name the same one.
  private func validateExceptions() throws(ParameterError) {
    let exceptions = statistics.documentedExceptions ?? []
    let levels = grid.noiseLevels
    let field = grid.snr != nil ? "snr" : "flip_probability"
    let values = levels.map(\.value)
    // Adjacent steps in increasing-SNR order (flip probabilities decrease as SNR increases).
    let ordered = levels.indices.sorted {
      (levels[$0].signalToNoiseRatio, $0) < (levels[$1].signalToNoiseRatio, $1)
    }.map { values[$0] }
    let steps = zip(ordered, ordered.dropFirst()).map { [$0, $1] }
    for (k, e) in exceptions.enumerated() {
      let at = "statistics.documented_exceptions[\(k)]"
      try require(
        measures.contains(e.measure), "\(at).measure", "must be one of the spec's measures \(measures)", got: e.measure)
      switch claim {
      case .snrMonotone:
        try require(
          e.slice.n != nil && e.slice.snr == nil && e.slice.flipProbability == nil, "\(at).slice",
          "must be {\"n\": size} for an snr_monotone claim", got: e.slice.description)
        try require(
          grid.n.contains(e.slice.n!), "\(at).slice.n", "must be a size of grid.n \(grid.n)", got: e.slice.n!)
        try require(
          e.comparison.criterion == nil && e.comparison.step.map { s in steps.contains(s) } == true,
          "\(at).comparison", "must be {\"step\": [a, b]} with a → b an adjacent step of grid.\(field) \(steps)",
          got: e.comparison.description)
      case .thresholdMinimum:
        let value = field == "snr" ? e.slice.snr : e.slice.flipProbability
        try require(
          e.slice.n == nil && value != nil && (field == "snr" ? e.slice.flipProbability : e.slice.snr) == nil,
          "\(at).slice", "must be {\"\(field)\": level} for a threshold_minimum claim", got: e.slice.description)
        try require(
          values.contains(value!), "\(at).slice.\(field)", "must be a level of grid.\(field) \(values)", got: value!)
        let allowed: [ComparisonID.Criterion] = [.riseLeft, .riseRight, .argminInWindow]
        try require(
          e.comparison.step == nil && e.comparison.criterion.map(allowed.contains) == true, "\(at).comparison",
          "must be {\"criterion\": rise_left, rise_right or argmin_in_window}", got: e.comparison.description)
      case .decoupling, .theoryAgreement:
        throw ParameterError(
          "\(at)", "is not allowed for claim \(claim.rawValue) (exceptions name a step or a side of the minimum)",
          got: e.description)
      }
      try require(
        !e.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(at).reason",
        "must state the measured reason", got: "\"\(e.reason)\"")
      if e.isFreshOnly {
        try require(
          e.freshSeedRate != nil, "\(at).fresh_seed_rate",
          "is required with seeds = fresh_only: {\"failures\": k, \"runs\": N} measured in fresh-seed runs", got: "none"
        )
      }
      if let rate = e.freshSeedRate {
        try require(rate.runs >= 1, "\(at).fresh_seed_rate.runs", "must be at least 1", got: rate.runs)
        let least = e.isFreshOnly ? 1 : 0
        try require(
          (least...rate.runs).contains(rate.failures), "\(at).fresh_seed_rate.failures",
          "must lie in \(least)...runs (\(rate.runs))"
            + (e.isFreshOnly ? "; a fresh-only exception declares a failure that was measured" : ""),
          got: rate.failures)
      }
      let earlier = exceptions[..<k].contains {
        $0.measure == e.measure && $0.slice == e.slice && $0.comparison == e.comparison
      }
      try require(!earlier, "\(at)", "names a comparison an earlier exception already names", got: e.description)
    }
  }

  /// Whether `id` can name output files (`records/<id>.jsonl`, `figures/<id>-….svg`) without
  /// leaving the output folder: 1–100 characters from [A-Za-z0-9._-], not starting with '.'.
  public static func isSafeIdentifier(_ id: String) -> Bool {
    guard (1...100).contains(id.count), id.first != "." else { return false }
    return id.unicodeScalars.allSatisfy { c in
      ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "." || c == "_" || c == "-"
    }
  }

  /// The grid's noise variable: exactly one of `snr` and `flip_probability`, one the task kind
  /// accepts, a non-empty list of levels in `NoiseLevel`'s domain.
  private func validateNoiseGrid() throws(ParameterError) {
    let accepted = task.kind.requirements.acceptedNoiseFields
    let allowed = accepted.map { "grid.\($0)" }.joined(separator: " or ")
    try require(
      (grid.snr == nil) != (grid.flipProbability == nil), "grid",
      "must give exactly one of snr and flip_probability (task \(task.kind) accepts \(allowed))",
      got: grid.snr == nil ? "neither" : "both")
    let field = grid.snr != nil ? "snr" : "flip_probability"
    let values = grid.snr ?? grid.flipProbability ?? []
    try require(
      accepted.contains(field), "grid.\(field)", "is not a noise variable of task \(task.kind) (use \(allowed))",
      got: values.description)
    try require(!values.isEmpty, "grid.\(field)", "must be a non-empty list", got: "[]")
    for level in grid.noiseLevels { try level.validate(parameter: "grid.\(field)") }
  }

  /// What `task.kind` requires of the task fields (`TaskKind.requirements`).
  private func validateTask() throws(ParameterError) {
    let needs = task.kind.requirements
    if let d = task.inputDimension { try require(d >= 1, "task.input_dimension", "must be ≥ 1", got: d) }
    if needs.needsInputDimension {
      try require(task.inputDimension != nil, "task.input_dimension", "is needed for task \(task.kind)", got: "none")
    } else if let d = task.inputDimension, let fixed = needs.fixedInputDimension {
      try require(
        d == fixed, "task.input_dimension", "must be \(fixed) (fixed by the data of task \(task.kind)) or absent",
        got: d)
    }
    if let r2 = task.signalVariance {
      try require(r2 > 0 && r2.isFinite, "task.signal_variance", "must be finite and > 0", got: r2)
    }
    if let k = task.classes {
      guard case .fromSpec = needs.classes else {
        throw ParameterError("task.classes", "is read only for task multiclass", got: k)
      }
      try require(k >= 2, "task.classes", "must be ≥ 2", got: k)
    }
    if let s = task.spectrum {
      try require(
        task.kind == .linearRegression || task.kind == .tanhRegression, "task.spectrum",
        "is read only for the synthetic regression tasks (linear_regression, tanh_regression)", got: s)
      _ = try task.covariance()
    }
    if let q = task.teacherWidth {
      try require(task.kind == .tanhRegression, "task.teacher_width", "is read only for task tanh_regression", got: q)
      try require(q >= 1, "task.teacher_width", "must be ≥ 1", got: q)
    }
    if let size = needs.datasetSize {
      let maxN = grid.n.max() ?? 0
      try require(
        maxN <= size - testSize, "grid.n", "plus test_size must be ≤ \(size) (the \(task.kind) set)",
        got: "n=\(maxN), test_size=\(testSize)")
    }
    if claim == .thresholdMinimum && thresholdRule == .inputDimension {
      try require(
        task.inputDimension != nil || needs.fixedInputDimension != nil, "task.input_dimension",
        "is needed for threshold = input_dimension", got: "none")
    }
  }

  /// The input dimension d of the task: `task.input_dimension`, or the one the data fix.
  public var inputDimension: Int? { task.inputDimension ?? task.kind.requirements.fixedInputDimension }

  /// Reads and validates a spec file; errors are one line naming the file and the field.
  public static func load(_ url: URL) throws -> ExperimentSpec {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw SpecError(file: url.lastPathComponent, message: "cannot read: \(error.localizedDescription)")
    }
    do { try StrictJSON.check([UInt8](data)) } catch {
      throw SpecError(file: url.lastPathComponent, message: "is not valid JSON (RFC 8259, strict): \(error)")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      let spec = try decoder.decode(ExperimentSpec.self, from: data)
      try SpecFieldNames.rejectUnknown(in: try JSONSerialization.jsonObject(with: data), decoded: spec)
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
    case .keyNotFound(let key, let context):
      let p = path(context.codingPath + [key])
      return "missing field \(snake(p))"
    case .typeMismatch(let type, let context):
      return "field \(snake(path(context.codingPath))) must be \(type)"
    case .valueNotFound(let type, let context):
      return "field \(snake(path(context.codingPath))) must be a \(type), got null"
    case .dataCorrupted(let context):
      let p = path(context.codingPath)
      // The text passed `StrictJSON` first, so the grammar is valid: what the decoder rejects
      // without a path is a number its field's type cannot hold (1e400, 2⁶⁴, 40.5 for a count).
      // (Foundation says only "not valid JSON" then, with no path.)
      return p.isEmpty
        ? "a number does not fit its field (beyond the integer range, or a fraction where a count is needed)"
        : "field \(snake(p)): \(context.debugDescription)"
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
