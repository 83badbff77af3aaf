import ArgumentParser
import Foundation
import RepAlignClaims
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTraining

/// `repalign simulate`: one noise ensemble on a synthetic task (THEORY.md §2), trained and
/// measured; prints alignment, test error, train loss and the interpolated fraction.
///
/// With `--spec FILE --point I` it runs grid point I of a claim spec instead, exactly as
/// `ExperimentRunner.run(spec, point:)` (and so `sweep`) does — the same streams
/// (`ExperimentStreams`) at the spec's seed — and prints that point's record; `--format json`
/// prints the record's canonical JSON, byte-identical to the `sweep` record line without its
/// checksum. The task, model and training flags do not apply then.
///
/// ## Real and user data
/// `--dataset NAME` runs the ensemble on a real dataset instead of a synthetic task: `digits`,
/// `diabetes`, `wine`, `breast-cancer` (bundled), `mnist`, `fashion-mnist` (first `--limit` training images, mean-pooled
/// `--pooling` × `--pooling`), `covertype` (first `--limit` rows, elevation target), the last
/// three from the data cache (`repalign data fetch`). `--data X.npy --targets y.npy` runs it on
/// the user's own arrays (float64, C order, N × d and N × k; `--labels` when y holds class labels
/// 0…K−1 in one column). Either way the data are split into a test set of `--test-size` and a
/// training pool (`RealDataTask`: standardized on the pool, nested stratified subsets), and the
/// members' noise is label flips with `--flip-probability` (classification) or Gaussian target
/// noise at exactly `--snr` (regression, on the standardized target). `--d` and `--task` do not
/// apply then.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train one noise ensemble of one-hidden-layer networks on a synthetic task and measure it.")

  enum Task: String, ExpressibleByArgument, CaseIterable {
    case regression
    case tanhRegression = "tanh-regression"
    case binary, flips, multiclass

    /// The name with what it means, for the help text.
    var summary: String {
      switch self {
      case .regression, .tanhRegression: rawValue
      case .binary: "binary (latent Gaussian noise)"
      case .flips: "flips (binary label flips)"
      case .multiclass: "multiclass (teacher arg-max with label flips)"
      }
    }
  }

  enum OptimizerName: String, ExpressibleByArgument, CaseIterable { case gd, sgd, adam, bfgs, lbfgs }

  @Option(help: "Input dimension d.") var d: Int = 50
  @Option(help: "Training-set size n.") var n: Int = 100
  @Option(help: "Test-set size m (keep m ≫ width for CKA).") var testSize: Int = 1000
  @Option(help: "Hidden width h.") var width: Int = 50
  @Option(help: "Hidden layers L, each of width --width (L ≥ 2: every layer's alignment is printed).")
  var depth: Int = 1
  @Option(help: ArgumentHelp("Hidden widths h₁,…,h_L (instead of --width and --depth).", valueName: "h1,h2,…"))
  var widths: String?
  @Option(help: "Hidden-layer activation φ.") var activation: Activation = .identity
  @Option(help: "Task: \(Task.allCases.map(\.summary).joined(separator: ", ")).")
  var task: Task = .regression
  @Option(help: "Signal-to-noise ratio (regression, binary).") var snr: Double = 4
  @Option(
    help: ArgumentHelp(
      "Input spectrum of the regression tasks: power:ALPHA (λᵢ ∝ i^(−α), mean 1), as `theory --spectrum`.",
      valueName: "power:ALPHA"))
  var spectrum: String?
  @Option(help: "Label-flip probability (flips, multiclass).") var flipProbability: Double = 0.1
  @Option(help: "Classes K (multiclass).") var classes: Int = 3
  @Option(help: "Ensemble members M.") var members: Int = 8
  @Option(help: "Training steps.") var steps: Int = 4000
  @Option(name: .customLong("lr"), help: "Learning rate.") var learningRate: Double = 0.05
  @Option(
    help:
      "Optimizer (sgd and adam use minibatches; bfgs and lbfgs are full-batch quasi-Newton, --lr the first step length)."
  )
  var optimizer: OptimizerName = .gd
  @Option(help: "Stop a member once its train loss is ≤ this (training to convergence; --steps is then a budget).")
  var lossThreshold: Double?
  @Option(help: "Stop a member once its gradient norm is ≤ this (training to convergence).")
  var gradientNormThreshold: Double?
  @Option(help: "Minibatch size (sgd, adam; adam defaults to full batch).") var batchSize: Int?
  @Option(help: "Loss: squared error (mse) or softmax cross-entropy (classification tasks).") var loss: Loss =
    .meanSquaredError
  @Option(help: "Weight decay λ.") var weightDecay: Double = 0
  @Option(help: "Init scale s: W₁ ~ N(0, s²/d), W₂ ~ N(0, s²/h).") var initScale: Double = 1e-3
  @Flag(help: "Start every member from the same weights.") var sharedInit = false
  @Option(help: "Master seed.") var seed: UInt64 = 0
  @Option(help: "Worker threads.") var workers: Int = 2
  @Option(
    help: """
      Comma-separated alignment measures, each at most once. (values: \
      \(AlignmentMeasures.names.joined(separator: ", ")); default: linear_cka)
      """,
    transform: MeasureList.parsedArgument)
  var measures: MeasureList = MeasureList(argument: LinearCKA().name)!
  @Option(help: "Output format.") var format: OutputFormat = .text
  @OptionGroup var budget: BudgetOptions
  @Option(
    help:
      "Also write the result as a one-row CSV with a header (task, d, n, width, snr, members, each measure and its s.e., test_error, train_loss, interpolated_fraction)."
  )
  var csv: String?
  @Option(
    help:
      "Real dataset instead of a synthetic task: digits, diabetes, wine, breast-cancer (bundled); mnist, fashion-mnist, covertype (need `repalign data fetch`)."
  )
  var dataset: String?
  @Option(help: "User inputs: a float64 .npy file, N × d (with --targets).") var data: String?
  @Option(help: "User targets: a float64 .npy file, N × k, or N × 1 class labels with --labels.") var targets: String?
  @Flag(help: "--targets holds class labels 0…K−1 (one column): label-flip noise instead of Gaussian.")
  var labels = false
  @Option(help: "Data folder for --dataset (default: $REPALIGN_DATA, else ~/.cache/repalign).") var dataDir: String?
  @Option(help: "Block size of the mean pooling of MNIST images (1 keeps 784 pixels; 4 gives 49).") var pooling: Int = 4
  @Option(help: "Samples read from a downloaded dataset (pool plus test set).") var limit: Int = 10_000
  @Option(help: "Claim spec file: run one grid point of it (with --point) instead of the flags' task.")
  var spec: String?
  @Option(help: "Grid index of the spec's point (n outer, noise level inner), 0-based; needs --spec.")
  var point: Int?

  /// Bad input is a `ValidationError`: `main` prints it as one line and exits with code 2.
  func validate() throws {
    if spec != nil || point != nil {
      guard let spec, !spec.isEmpty else { throw ValidationError("invalid --point: needs --spec FILE") }
      guard let point else { throw ValidationError("invalid --spec = \(spec): needs --point I (a grid index)") }
      guard point >= 0 else { throw ValidationError("invalid --point = \(point): must be ≥ 0") }
      return
    }
    if let spectrum {
      guard task == .regression || task == .tanhRegression, dataset == nil, data == nil else {
        throw ValidationError(
          "invalid --spectrum = \(spectrum): applies only to --task regression or tanh-regression on synthetic inputs")
      }
      _ = try covariance()
    }
    if data != nil || targets != nil {
      guard data != nil, targets != nil else { throw ValidationError("invalid --data/--targets: give both") }
      guard dataset == nil else { throw ValidationError("invalid --dataset: not with --data/--targets") }
    }
    if let dataset, !Self.datasetNames.contains(dataset) {
      throw ValidationError(
        "invalid --dataset = \(dataset): must be one of \(Self.datasetNames.joined(separator: ", "))")
    }
    guard workers >= 1 else { throw ValidationError("invalid --workers = \(workers): must be ≥ 1") }
    guard members >= 2 else {
      throw ValidationError("invalid --members = \(members): must be ≥ 2 to measure alignment")
    }
    for (flag, value) in [("d", d), ("n", n), ("test-size", testSize), ("width", width), ("classes", classes)] {
      guard value >= 1 else { throw ValidationError("invalid --\(flag) = \(value): must be ≥ 1") }
    }
    guard steps >= 0 else { throw ValidationError("invalid --steps = \(steps): must be ≥ 0") }
    guard depth >= 1 && depth <= ExperimentSpec.Model.maximumDepth else {
      throw ValidationError("invalid --depth = \(depth): must be in 1...\(ExperimentSpec.Model.maximumDepth)")
    }
    _ = try hiddenWidths()
    // Real and user data: checked in `run` against the dataset's own width and classes.
    if dataset == nil && data == nil {
      try checkBudget(inputDimension: d, outputs: task == .multiclass ? classes : 1, flag: "d")
    }
  }

  /// The hidden widths: `--widths`, else `--depth` layers of `--width`.
  func hiddenWidths() throws -> [Int] {
    guard let widths else { return Array(repeating: width, count: depth) }
    let parsed = widths.split(separator: ",", omittingEmptySubsequences: false).map {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    guard !parsed.isEmpty, parsed.count <= ExperimentSpec.Model.maximumDepth,
      parsed.allSatisfy({ ($0 ?? 0) >= 1 })
    else {
      throw ValidationError(
        "invalid --widths = \(widths): must be 1 to \(ExperimentSpec.Model.maximumDepth) comma-separated widths, each ≥ 1"
      )
    }
    guard depth == 1 else { throw ValidationError("invalid --depth = \(depth): not with --widths (it sets L)") }
    return parsed.map { $0! }
  }

  /// The optimizer whose step cost `NoiseEnsemble.cost` charges (the batch size does not enter it).
  var costModel: Optimizer {
    switch optimizer {
    case .gd, .sgd, .adam: .gradientDescent
    case .bfgs: .bfgs
    case .lbfgs: .lbfgs
    }
  }

  /// Training (`NoiseEnsemble.cost`) then measuring (`EnsembleAlignment.cost`) the ensemble,
  /// against the budget before anything is allocated. The input dimension and output count are
  /// the flags' (`--d`, `--classes`) for a synthetic task and the dataset's own for real or user
  /// data (`flag` names what to shrink; for a dataset, the dataset itself).
  func checkBudget(inputDimension: Int, outputs: Int, flag: String) throws {
    let hidden = try hiddenWidths()
    let measureCount = Double(measures.measures.count * hidden.count)
    let sizes = [
      (flag, inputDimension), ("n", n), ("test-size", testSize), (widths == nil ? "width" : "widths", hidden.max()!),
      ("members", members), ("steps", steps), ("classes", outputs),
    ]
    do {
      try budget.budget.check("the ensemble", sizes: sizes) { s in
        let (d, n, m, h, members, steps, k) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6])
        return NoiseEnsemble.cost(
          members: members, sampleCount: n, inputDimension: d, outputs: k, testCount: m, width: h, steps: steps,
          workers: Double(workers), optimizer: costModel, depth: Double(hidden.count)
        ).then(EnsembleAlignment.cost(members: members, rows: m, width: h, measures: measureCount))
      }
    } catch {
      throw ValidationError("invalid --\(error.parameter) = \(error.value): \(error.requirement)")
    }
  }

  func run() throws {
    if let spec, let point { return try runSpecPoint(file: spec, index: point) }
    let chosen = measures.measures
    let master = StreamSeed(master: seed)
    do {
      let taskSeed = master.child("task")
      let ensemble = try realData(seed: taskSeed) ?? makeTask(seed: taskSeed).dataset
      let batch: Int? = batchSize
      let opt: Optimizer =
        switch optimizer {
        case .gd: .gradientDescent
        case .sgd: .sgd(batchSize: batch ?? min(32, n))
        case .adam: .adam(batchSize: batch)
        case .bfgs: .bfgs
        case .lbfgs: .lbfgs
        }
      let hidden = try hiddenWidths()
      let result = try NoiseEnsemble.train(
        dataset: ensemble,
        model: NetworkSpec(
          width: hidden[0], activation: activation, initScale: initScale, sharedInitialization: sharedInit,
          upperWidths: Array(hidden.dropFirst())),
        training: TrainingSpec(
          loss: loss, optimizer: opt, learningRate: learningRate, steps: steps, weightDecay: weightDecay,
          lossThreshold: lossThreshold, gradientNormThreshold: gradientNormThreshold),
        seed: master.child("training"), workers: workers)
      let layers = try result.hiddenLayerRepresentations.map { try EnsembleAlignment.compute($0, measures: chosen) }
      try report(
        result, alignments: layers[layers.count - 1], layers: layers.count > 1 ? layers : [], snr: ensemble.snr,
        inputDimension: ensemble.trainInputs.columns)
    } catch let error as ParameterError {
      // Name the flag the user typed (library parameter names are camelCase).
      let flags = [
        "learningRate": "lr", "initScale": "init-scale", "flipProbability": "flip-probability",
        "testCount": "test-size", "weightDecay": "weight-decay", "batchSize": "batch-size",
        "lossThreshold": "loss-threshold", "gradientNormThreshold": "gradient-norm-threshold",
        "inputs": "data", "labels": "targets", "trainingSize": "n", "limit": "limit", "pooling": "pooling",
      ]
      let flag = "--" + (flags[error.parameter] ?? error.parameter)
      throw ValidationError("invalid \(flag) = \(error.value): \(error.requirement)")
    } catch let error as TrainingError {
      throw RunFailure(error.description)
    }
  }

  /// Grid point `index` of the spec in `file`, as the runner computes it.
  private func runSpecPoint(file: String, index: Int) throws {
    let experiment = try SpecLoading.load(file: file, allowLarge: budget.allowLarge)
    let points = ExperimentRunner.gridPoints(experiment)
    guard index < points.count else {
      throw ValidationError("invalid --point = \(index): must be in 0..<\(points.count) (the grid of \(experiment.id))")
    }
    let result: PointResult
    do {
      result = try ExperimentRunner.run(experiment, point: points[index])
    } catch {
      throw RunFailure("simulate \(experiment.id) point \(index) failed: \(error)")
    }
    switch format {
    case .json:
      print(String(decoding: try RecordStore<PointResult>.canonical(result), as: UTF8.self))
    case .text:
      print(
        "experiment \(result.experiment)  point \(result.point.index) (\(result.point))  snr \(result.snr)  seed \(result.seed)"
      )
      for name in experiment.measures {
        let a = result.alignment[name]
        print("alignment \(name): \(a.map { "\($0.mean)" } ?? "n/a") ± \(a?.standardError.map { "\($0)" } ?? "n/a")")
      }
      print("test_error: \(result.testError.mean) ± \(result.testError.standardError.map { "\($0)" } ?? "n/a")")
      print("train_loss: \(result.trainLoss.mean) ± \(result.trainLoss.standardError.map { "\($0)" } ?? "n/a")")
      print("interpolated_fraction: \(result.interpolatedFraction)")
    }
  }

  /// The largest class count `--labels` accepts (a column of floats that are integers beyond it is
  /// more likely a regression target given without thinking).
  static let maxClasses = 10_000.0

  /// The `--dataset` names.
  static let datasetNames = BundledDataset.allCases.map(\.rawValue) + DownloadableDataset.allCases.map(\.rawValue)

  /// The real or user dataset of `--dataset` or `--data/--targets`, nil for a synthetic task.
  private func realDataset() throws -> RealDataset? {
    if let data, let targets {
      let x = try MatrixIO.readNPY(path: data, parameter: "data")
      let y = try MatrixIO.readNPY(path: targets, parameter: "targets")
      guard labels else { return try RealDataset(name: "user", inputs: x, targets: .values(y)) }
      guard y.columns == 1, y.elements.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < Self.maxClasses }) else {
        throw ValidationError(
          "invalid --targets = \(targets): with --labels it must be one column of integers 0…K−1 (K ≤ 10000), got \(y.rows)×\(y.columns)"
        )
      }
      let labelValues = y.elements.map { Int($0) }
      return try RealDataset(
        name: "user", inputs: x, targets: .classes(labels: labelValues, count: max(2, (labelValues.max() ?? 0) + 1)))
    }
    guard let dataset else { return nil }
    if let bundled = BundledDataset(rawValue: dataset) { return try bundled.load() }
    let cache = dataDir.map { DataCache(root: $0, explicit: true) } ?? .fromEnvironment()
    return try DownloadableDataset(rawValue: dataset)!.load(in: cache, limit: limit, pooling: pooling)
  }

  /// The noise ensemble on the real or user dataset (nil for a synthetic task): split, standardized
  /// (`RealDataTask`), label flips with --flip-probability or Gaussian target noise at --snr.
  private func realData(seed: StreamSeed) throws -> EnsembleDataset? {
    let loaded: RealDataset?
    do { loaded = try realDataset() } catch let error as DatasetFileError { throw ValidationError(error.description) }
    guard let loaded else { return nil }
    let outputs =
      switch loaded.targets {
      case .classes(_, let count): count
      case .values(let y): y.columns
      }
    try checkBudget(
      inputDimension: loaded.inputs.columns, outputs: outputs, flag: data != nil ? "data" : "dataset")
    guard testSize + n <= loaded.sampleCount else {
      throw ValidationError(
        "invalid --n = \(n): n plus --test-size \(testSize) must be ≤ \(loaded.sampleCount) (the samples of \(loaded.name))"
      )
    }
    let task = try RealDataTask(dataset: loaded, testCount: testSize, seed: seed.child("split"))
    let noise: RealNoise =
      loaded.targets.classCount == nil ? .targetGaussian(snr: snr) : .labelFlip(probability: flipProbability)
    return try task.ensemble(trainingSize: n, members: members, noise: noise, noiseSeed: seed.child("noise"))
  }

  /// The input covariance of `--spectrum` (Σ = I without it).
  private func covariance() throws -> InputCovariance {
    guard let spectrum else { return .identity }
    do { return try InputCovariance(parsing: spectrum, parameter: "spectrum") } catch {
      throw ValidationError("\(error)".replacingOccurrences(of: "invalid spectrum", with: "invalid --spectrum"))
    }
  }

  private func makeTask(seed: StreamSeed) throws -> SyntheticEnsemble {
    switch task {
    case .regression:
      try RegressionTask(
        inputDimension: d, sampleCount: n, testCount: testSize, snr: snr, covariance: covariance()
      ).make(members: members, seed: seed)
    case .tanhRegression:
      try RegressionTask(
        inputDimension: d, sampleCount: n, testCount: testSize, snr: snr, covariance: covariance(),
        teacher: .tanhNetwork(width: d)
      )
      .make(members: members, seed: seed)
    case .binary:
      try BinaryClassificationTask(
        inputDimension: d, sampleCount: n, testCount: testSize, noise: .latentGaussian(snr: snr)
      )
      .make(members: members, seed: seed)
    case .flips:
      try BinaryClassificationTask(
        inputDimension: d, sampleCount: n, testCount: testSize, noise: .labelFlips(probability: flipProbability)
      ).make(members: members, seed: seed)
    case .multiclass:
      try MulticlassTask(
        inputDimension: d, sampleCount: n, testCount: testSize, classes: classes, flipProbability: flipProbability
      ).make(members: members, seed: seed)
    }
  }

  /// The task as printed: the synthetic task, the dataset's name, or `user`.
  private var taskName: String { data != nil ? "user" : dataset ?? task.rawValue }

  private func report(
    _ result: EnsembleResult, alignments: [PairwiseAlignment], layers: [[PairwiseAlignment]], snr: Double,
    inputDimension: Int
  ) throws {
    let hidden = try hiddenWidths()
    let widthText = hidden.map(String.init).joined(separator: ",")
    // nil (a standard error of fewer than two members) is null / "n/a"; a non-finite value is a
    // failed computation (`FiniteOutput`), never printed.
    func json(_ x: Double?) -> Any { x ?? NSNull() }
    func text(_ x: Double?) -> String { x.map { "\($0)" } ?? "n/a" }
    var values: [String: Any] = [
      "test_error": [result.testError.mean, result.testError.standardError as Any],
      "train_loss": [result.trainLoss.mean, result.trainLoss.standardError as Any],
      "steps": result.steps.mean, "interpolated_fraction": result.interpolatedFraction,
    ]
    for a in alignments { values["alignment." + a.measure] = [a.mean, a.standardError as Any] }
    for (l, layer) in layers.enumerated() {
      for a in layer { values["layer_alignment.\(l + 1)." + a.measure] = [a.mean, a.standardError as Any] }
    }
    try FiniteOutput.require(values, context: "simulate")
    if let csv {
      var header = ["task", "d", "n", "width", "activation", "snr", "members", "seed"]
      var row = [
        taskName, "\(inputDimension)", "\(n)", hidden.count == 1 ? "\(hidden[0])" : "\"\(widthText)\"",
        activation.rawValue, "\(snr)", "\(members)", "\(seed)",
      ]
      for a in alignments {
        header += [a.measure, "\(a.measure)_se"]
        row += ["\(a.mean)", a.standardError.map { "\($0)" } ?? "nan"]
      }
      header += ["test_error", "test_error_se", "train_loss", "interpolated_fraction"]
      row += [
        "\(result.testError.mean)", result.testError.standardError.map { "\($0)" } ?? "nan",
        "\(result.trainLoss.mean)", "\(result.interpolatedFraction)",
      ]
      let csvText = header.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
      do { try csvText.write(toFile: csv, atomically: true, encoding: .utf8) } catch {
        throw ValidationError("invalid --csv = \(csv): cannot write (\(error.localizedDescription))")
      }
    }
    switch format {
    case .text:
      print(
        "task \(taskName)  d \(inputDimension)  n \(n)  width \(widthText)  activation \(activation.rawValue)  SNR \(snr)  M \(members)"
      )
      for a in alignments {
        print("alignment \(a.measure): \(a.mean) ± \(text(a.standardError))")
      }
      for (l, layer) in layers.enumerated() {
        for a in layer { print("layer \(l + 1) alignment \(a.measure): \(a.mean) ± \(text(a.standardError))") }
      }
      print("test_error: \(result.testError.mean) ± \(text(result.testError.standardError))")
      print("train_loss: \(result.trainLoss.mean) ± \(text(result.trainLoss.standardError))")
      print("interpolated_fraction: \(result.interpolatedFraction)")
      print("steps: \(result.steps.mean)")
      if lossThreshold != nil || gradientNormThreshold != nil {
        print("converged_fraction: \(result.convergedFraction)")
      }
    case .json:
      var alignment: [String: Any] = [:]
      for a in alignments { alignment[a.measure] = ["mean": json(a.mean), "se": json(a.standardError)] }
      var object: [String: Any] = [
        "alignment": alignment,
        "test_error": ["mean": json(result.testError.mean), "se": json(result.testError.standardError)],
        "train_loss": ["mean": json(result.trainLoss.mean), "se": json(result.trainLoss.standardError)],
        "interpolated_fraction": result.interpolatedFraction,
        "steps": ["mean": json(result.steps.mean)],
        "parameters": [
          "task": taskName, "d": inputDimension, "n": n, "width": hidden[0], "activation": activation.rawValue,
          "snr": json(snr), "members": members, "steps": steps, "lr": learningRate, "init_scale": initScale,
          "seed": seed, "optimizer": optimizer.rawValue, "loss": loss.rawValue,
        ] as [String: Any],
      ]
      if lossThreshold != nil || gradientNormThreshold != nil {
        object["converged_fraction"] = result.convergedFraction
      }
      if !layers.isEmpty {
        // Every hidden layer's alignment, [l] = layer l + 1; "alignment" is the last layer's.
        object["layer_alignment"] = layers.map { layer in
          Dictionary(
            uniqueKeysWithValues: layer.map { ($0.measure, ["mean": json($0.mean), "se": json($0.standardError)]) })
        }
        var parameters = object["parameters"] as! [String: Any]
        parameters["widths"] = hidden
        object["parameters"] = parameters
      }
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
      print(String(decoding: data, as: UTF8.self))
    }
  }
}

/// `--measures a,b,…`: alignment measures of `AlignmentMeasures` by name, each at most once. Every
/// registered measure is accepted; an unknown or repeated name is bad input (exit 2).
struct MeasureList: ExpressibleByArgument {
  let measures: [any AlignmentMeasure]

  init?(argument: String) {
    guard let list = try? MeasureList.parsedArgument(argument) else { return nil }
    self = list
  }

  private init(measures: [any AlignmentMeasure]) { self.measures = measures }

  /// The option's transform: a bad list says which name is wrong and what is allowed.
  static func parsedArgument(_ argument: String) throws -> MeasureList {
    let names = argument.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    var chosen: [any AlignmentMeasure] = []
    for (i, name) in names.enumerated() {
      guard !names[..<i].contains(name) else { throw ValidationError("'\(name)' is listed twice") }
      guard let measure = try? AlignmentMeasures.named(name) else {
        throw ValidationError(
          "\(name.isEmpty ? "an empty name" : "'\(name)'") is not a measure; each must be one of "
            + AlignmentMeasures.names.joined(separator: ", "))
      }
      chosen.append(measure)
    }
    return MeasureList(measures: chosen)
  }

  static var allValueStrings: [String] { AlignmentMeasures.names }
  var defaultValueDescription: String { measures.map(\.name).joined(separator: ",") }
}

extension Activation: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {}
