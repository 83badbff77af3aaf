import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTraining

/// One point of an experiment's grid: a training-set size and a noise level.
public struct GridPoint: Codable, Sendable, Hashable, CustomStringConvertible {
  /// Position in the spec's grid order (n outer, noise level inner).
  public let index: Int
  public let n: Int
  /// Position of the noise level in the spec's noise list (`grid.snr` or `grid.flip_probability`):
  /// the key that groups points by noise level (never the floating-point value of a derived SNR).
  public let noiseIndex: Int
  /// SNR for Gaussian-noise tasks.
  public let snr: Double?
  /// Flip probability for label-flip tasks.
  public let flipProbability: Double?

  public init(index: Int, n: Int, noiseIndex: Int, noise: NoiseLevel) {
    self.index = index
    self.n = n
    self.noiseIndex = noiseIndex
    self.snr = if case .snr(let s) = noise { s } else { nil }
    self.flipProbability = noise.flipProbability
  }

  /// The grid's noise level at this point.
  public var noise: NoiseLevel { flipProbability.map(NoiseLevel.flipProbability) ?? .snr(snr ?? .nan) }

  public var description: String {
    "n=\(n)" + (snr.map { ", SNR=\($0)" } ?? "") + (flipProbability.map { ", p=\($0)" } ?? "")
  }
}

/// What one grid point measured: every requested alignment measure, the test error, training
/// diagnostics. Self-describing, so it can be written as one JSON line.
public struct PointResult: Codable, Sendable, Equatable {
  public let experiment: String
  public let point: GridPoint
  /// The SNR of the noise process at this point (THEORY.md §2), whatever the grid variable.
  public let snr: Double
  /// Alignment per measure name: mean over pairs with its member-level jackknife s.e., of the
  /// hidden layer the claims read (`model.measured_layer`, default the last).
  public let alignment: [String: Estimate]
  /// Networks with L ≥ 2 hidden layers: `alignment` of every hidden layer, `[l]` = layer l + 1.
  /// Nil for one hidden layer (and in older records).
  public var layerAlignment: [[String: Estimate]]? = nil
  /// Excess test risk (regression) or test error rate (classification), mean ± s.e. over members.
  public let testError: Estimate
  public let trainLoss: Estimate
  public let interpolatedFraction: Double
  public let parameterCount: Int
  /// Fraction of members (over all designs) that met a stopping rule (`MemberResult.converged`);
  /// recorded only when the spec trains to convergence (nil otherwise, and in older records).
  public var convergedFraction: Double? = nil
  /// Mean gradient evaluations per member (`MemberResult.gradientEvaluations`), the training
  /// cost; recorded with `convergedFraction`.
  public var gradientEvaluations: Double? = nil
  /// The master seed actually used (differs from the spec's in fresh-seed mode).
  public let seed: UInt64
  /// `ExperimentSpec.recordFingerprint` of the spec that produced it: `--resume` and `merge`
  /// refuse records of an edited spec. Nil only in records written before fingerprints existed.
  public var fingerprint: String? = nil
  /// Number of points of the spec's grid, so that `merge` can tell a complete set of shards.
  public var gridSize: Int? = nil
}

/// Runs a spec's grid: builds each point's task, trains the noise ensemble, measures.
///
/// ## Randomness
/// Streams follow `ExperimentStreams(master:experiment:designs:)`. Every grid point of an
/// experiment uses the same task seed `seed/<id>/task`, so the teacher is shared, the design of a
/// smaller n is a prefix of a larger one, and the noise of member a is the same standard-normal
/// draw scaled by σ (common random numbers). Differences between grid points are therefore
/// positively correlated, which makes the independent-difference z-scores of the claim checkers
/// conservative. Member initializations come from `seed/<id>/init`, identical across points.
public enum ExperimentRunner {
  /// The grid in a fixed order: n outer, noise level inner.
  public static func gridPoints(_ spec: ExperimentSpec) -> [GridPoint] {
    var points: [GridPoint] = []
    let levels = spec.grid.noiseLevels
    for n in spec.grid.n {
      for (j, level) in levels.enumerated() {
        points.append(GridPoint(index: points.count, n: n, noiseIndex: j, noise: level))
      }
    }
    return points
  }

  /// The stream layout of `spec` run with master seed `masterSeed` (default: the spec's seed).
  public static func streams(_ spec: ExperimentSpec, masterSeed: UInt64? = nil) -> ExperimentStreams {
    ExperimentStreams(master: masterSeed ?? spec.seed, experiment: spec.id, designs: spec.designs ?? 1)
  }

  /// Runs one grid point: R = `spec.designs` independent designs, each a trained noise ensemble.
  public static func run(_ spec: ExperimentSpec, point: GridPoint, masterSeed: UInt64? = nil) throws -> PointResult {
    let streams = streams(spec, masterSeed: masterSeed)
    let measures = try spec.measures.map { try AlignmentMeasures.named($0) }
    let model = networkSpec(spec)
    let designs = streams.designs
    let training = trainingSpec(spec)
    // Designs are independent (own data, control and training streams), so with R > 1 they run
    // concurrently on `designWorkers` threads, each ensemble on one worker; with one design the
    // ensemble spreads its members instead. Neither choice changes a bit of the result (an
    // ensemble's bytes do not depend on its worker count; `parallelMap` keeps design order and
    // rethrows the lowest failing design's error, the one the sequential loop met first).
    // Measured on `make reproduce` (issue 19 item 5): ensembles of M = 3 members on 2 workers
    // left one core idle a third of the time.
    // Every BLAS call of a design (its data, e.g. a real dataset's standardization, its training
    // and its measures) is single-threaded: OpenBLAS's own threads, entered from two designs at
    // once, made real-data records differ between identical runs in the last bits (amplified to
    // 2e-5 near n = d by training; measured on covertype-linear-theory before this pin).
    let perDesign = try parallelMap(designs, workers: designs > 1 ? designWorkers : 1) {
      r -> DesignOutcome in
      try BLASPinning.withSingleThreadedBLAS {
        let real = try makeData(spec, point: point, streams: streams, design: r)
        let data = try spec.control.map { try $0.apply(to: real, seed: streams.control(design: r)) } ?? real
        let result = try NoiseEnsemble.train(
          dataset: data, model: model, training: training, seed: streams.training(design: r),
          workers: designs > 1 ? 1 : designWorkers)
        var layers: [[String: Estimate]] = []
        for representations in result.hiddenLayerRepresentations {
          var alignment: [String: Estimate] = [:]
          for a in try EnsembleAlignment.compute(representations, measures: measures) {
            alignment[a.measure] = Estimate(
              a.mean, standardError: a.standardError,
              units: a.jackknifePseudoValues.isEmpty ? nil : a.jackknifePseudoValues)
          }
          layers.append(alignment)
        }
        return DesignOutcome(
          alignment: layers[spec.model.claimLayer - 1], layers: layers, error: result.testError,
          loss: result.trainLoss, interpolated: result.interpolatedFraction, snr: data.snr,
          parameters: result.members.first?.parameterCount ?? 0, converged: result.convergedFraction,
          evaluations: result.members.map { Double($0.gradientEvaluations) }.reduce(0, +)
            / Double(result.members.count))
      }
    }
    func combine(_ estimates: [Estimate]) -> Estimate {
      estimates.count == 1 ? estimates[0] : Estimate(estimates.map(\.mean))
    }
    var alignment: [String: Estimate] = [:]
    for name in spec.measures {
      alignment[name] = combine(perDesign.compactMap { $0.alignment[name] })
    }
    let layerAlignment: [[String: Estimate]]? =
      spec.model.hiddenLayers == 1
      ? nil
      : (0..<spec.model.hiddenLayers).map { l in
        Dictionary(
          uniqueKeysWithValues: spec.measures.map { name in (name, combine(perDesign.compactMap { $0.layers[l][name] }))
          })
      }
    return PointResult(
      experiment: spec.id, point: point, snr: perDesign[0].snr, alignment: alignment, layerAlignment: layerAlignment,
      testError: combine(perDesign.map(\.error)), trainLoss: combine(perDesign.map(\.loss)),
      interpolatedFraction: perDesign.map(\.interpolated).reduce(0, +) / Double(designs),
      parameterCount: perDesign[0].parameters,
      convergedFraction: spec.training.trainsToConvergence
        ? perDesign.map(\.converged).reduce(0, +) / Double(designs) : nil,
      gradientEvaluations: spec.training.trainsToConvergence
        ? perDesign.map(\.evaluations).reduce(0, +) / Double(designs) : nil,
      seed: streams.master, fingerprint: try spec.recordFingerprint(),
      gridSize: spec.grid.n.count * spec.grid.noiseLevels.count)
  }

  /// Threads for a grid point's designs (and for one design's members): the 2 cores of the
  /// build machine, the default worker count of `NoiseEnsemble.train`.
  static let designWorkers = 2

  /// One design's summaries within a grid point.
  struct DesignOutcome: Sendable {
    /// The claim layer's alignment (`ExperimentSpec.Model.claimLayer`).
    var alignment: [String: Estimate]
    /// Every hidden layer's alignment, input side first.
    var layers: [[String: Estimate]]
    var error: Estimate
    var loss: Estimate
    var interpolated: Double
    var snr: Double
    var parameters: Int
    var converged: Double
    var evaluations: Double
  }

  /// Runs every grid point in order, calling `progress(done, total)` after each.
  public static func run(
    _ spec: ExperimentSpec, masterSeed: UInt64? = nil, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> [PointResult] {
    let points = gridPoints(spec)
    var results: [PointResult] = []
    for p in points {
      results.append(try run(spec, point: p, masterSeed: masterSeed))
      progress(results.count, points.count)
    }
    return results
  }

  static func networkSpec(_ spec: ExperimentSpec) -> NetworkSpec {
    NetworkSpec(
      width: spec.model.width, activation: spec.model.activation, initScale: spec.model.initScale,
      sharedInitialization: spec.model.sharedInit ?? false,
      upperWidths: Array(repeating: spec.model.width, count: spec.model.hiddenLayers - 1))
  }

  static func trainingSpec(_ spec: ExperimentSpec) -> TrainingSpec {
    let t = spec.training
    return TrainingSpec(
      loss: t.loss ?? .meanSquaredError, optimizer: t.optimizer, learningRate: t.learningRate, steps: t.steps,
      weightDecay: t.weightDecay ?? 0, lossThreshold: t.lossThreshold, gradientNormThreshold: t.gradientNormThreshold,
      interpolationTolerance: t.interpolationTolerance ?? TrainingSpec.defaultInterpolationTolerance)
  }

  /// The real-data task of design r (`TaskKind.download` or the bundled digits): the dataset, split
  /// into test set and pool by `streams.split(design: r)`. The same for every grid point of a design.
  static func realTask(_ spec: ExperimentSpec, streams: ExperimentStreams, design r: Int) throws -> RealDataTask {
    let dataset =
      try spec.task.kind.download.map {
        try DatasetMemo.shared.load($0.dataset, in: .fromEnvironment(), limit: $0.limit, pooling: $0.pooling)
      } ?? BundledDataset.digits.load()
    return try RealDataTask(dataset: dataset, testCount: spec.testSize, seed: streams.split(design: r))
  }

  /// Builds one grid point's data for design r (`TaskKind` documents the kinds; a validated spec
  /// gives each kind the noise variable its requirements accept).
  static func makeData(
    _ spec: ExperimentSpec, point: GridPoint, streams: ExperimentStreams, design r: Int
  ) throws -> EnsembleDataset {
    let kind = spec.task.kind
    let d = spec.inputDimension ?? 0
    let r2 = spec.task.signalVariance ?? 1
    let members = spec.members
    let seed = streams.task(design: r)
    let noise = try NoiseLevel.checked(point.noise, parameter: "grid.\(point.noise.fieldName)")
    switch (kind, noise) {
    case (.linearRegression, .snr(let snr)), (.tanhRegression, .snr(let snr)):
      let teacher: RegressionTask.Teacher =
        kind == .linearRegression ? .linear : .tanhNetwork(width: spec.task.teacherWidth ?? 20)
      return try RegressionTask(
        inputDimension: d, sampleCount: point.n, testCount: spec.testSize, snr: snr, signalVariance: r2,
        covariance: spec.task.covariance(), teacher: teacher
      ).make(members: members, seed: seed).dataset
    case (.signClassification, _):
      let process: BinaryClassificationTask.Noise =
        switch noise {
        case .snr(let snr): .latentGaussian(snr: snr)
        case .flipProbability(let p): .labelFlips(probability: p)
        }
      return try BinaryClassificationTask(
        inputDimension: d, sampleCount: point.n, testCount: spec.testSize, noise: process, signalVariance: r2
      ).make(members: members, seed: seed).dataset
    case (.multiclass, .flipProbability(let p)):
      return try MulticlassTask(
        inputDimension: d, sampleCount: point.n, testCount: spec.testSize,
        classes: kind.classCount(given: spec.task.classes) ?? 3, flipProbability: p
      ).make(members: members, seed: seed).dataset
    case (.digits, _), (.mnist, _), (.fashionMNIST, _), (.covertype, .snr):
      let task = try realTask(spec, streams: streams, design: r)
      let process: RealNoise =
        switch noise {
        case .flipProbability(let p): .labelFlip(probability: p)
        case .snr(let snr): kind == .covertype ? .targetGaussian(snr: snr) : .labelFlipAtSNR(snr)
        }
      return try task.ensemble(
        trainingSize: point.n, members: members, noise: process, noiseSeed: streams.realNoise(design: r))
    default:
      throw ParameterError(
        "grid.\(noise.fieldName)",
        "is not a noise variable of task \(kind) (use \(kind.requirements.acceptedNoiseFields.map { "grid.\($0)" }.joined(separator: " or ")))",
        got: noise.value)
    }
  }
}
