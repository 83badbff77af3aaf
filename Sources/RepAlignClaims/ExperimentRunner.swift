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
  /// SNR for Gaussian-noise tasks.
  public let snr: Double?
  /// Flip probability for label-flip tasks.
  public let flipProbability: Double?

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
  /// Alignment per measure name: mean over pairs with its member-level jackknife s.e.
  public let alignment: [String: Estimate]
  /// Excess test risk (regression) or test error rate (classification), mean ± s.e. over members.
  public let testError: Estimate
  public let trainLoss: Estimate
  public let interpolatedFraction: Double
  public let parameterCount: Int
  /// The master seed actually used (differs from the spec's in fresh-seed mode).
  public let seed: UInt64
}

/// Runs a spec's grid: builds each point's task, trains the noise ensemble, measures.
///
/// ## Randomness
/// Every grid point of an experiment uses the same task seed `seed/<id>/task`, so the teacher is
/// shared, the design of a smaller n is a prefix of a larger one, and the noise of member a is the
/// same standard-normal draw scaled by σ (common random numbers). Differences between grid points
/// are therefore positively correlated, which makes the independent-difference z-scores of the
/// claim checkers conservative. Member initializations come from `seed/<id>/init`, identical
/// across points.
public enum ExperimentRunner {
  /// The grid in a fixed order: n outer, noise level inner.
  public static func gridPoints(_ spec: ExperimentSpec) -> [GridPoint] {
    var points: [GridPoint] = []
    for n in spec.grid.n {
      if let snrs = spec.grid.snr {
        for s in snrs { points.append(GridPoint(index: points.count, n: n, snr: s, flipProbability: nil)) }
      } else {
        for p in spec.grid.flipProbability ?? [] {
          points.append(GridPoint(index: points.count, n: n, snr: nil, flipProbability: p))
        }
      }
    }
    return points
  }

  /// Runs one grid point: R = `spec.designs` independent designs, each a trained noise ensemble.
  public static func run(_ spec: ExperimentSpec, point: GridPoint, masterSeed: UInt64? = nil) throws -> PointResult {
    let master = masterSeed ?? spec.seed
    let root = StreamSeed(master: master).child(spec.id)
    let measures = try spec.measures.map { try AlignmentMeasures.named($0) }
    let model = try networkSpec(spec)
    let designs = spec.designs ?? 1
    var perDesign: [(alignment: [String: Estimate], error: Estimate, loss: Estimate, interpolated: Double, snr: Double, parameters: Int)] = []
    for r in 0..<designs {
      let designSeed = designs == 1 ? root : root.child("design").child(r)
      let data = try makeData(spec, point: point, seed: designSeed.child("task"))
      let result = try NoiseEnsemble.train(
        dataset: data, model: model, training: try trainingSpec(spec, kind: data.kind),
        seed: designSeed.child("init"))
      var alignment: [String: Estimate] = [:]
      for a in try EnsembleAlignment.compute(result.testRepresentations, measures: measures) {
        alignment[a.measure] = Estimate(
          a.mean, standardError: a.standardError,
          units: a.jackknifePseudoValues.isEmpty ? nil : a.jackknifePseudoValues)
      }
      perDesign.append((alignment, result.testError, result.trainLoss, result.interpolatedFraction,
        data.snr, result.members.first?.network.parameterCount ?? 0))
    }
    func combine(_ estimates: [Estimate]) -> Estimate {
      estimates.count == 1 ? estimates[0] : Estimate(estimates.map(\.mean))
    }
    var alignment: [String: Estimate] = [:]
    for name in spec.measures {
      alignment[name] = combine(perDesign.compactMap { $0.alignment[name] })
    }
    return PointResult(
      experiment: spec.id, point: point, snr: perDesign[0].snr, alignment: alignment,
      testError: combine(perDesign.map(\.error)), trainLoss: combine(perDesign.map(\.loss)),
      interpolatedFraction: perDesign.map(\.interpolated).reduce(0, +) / Double(designs),
      parameterCount: perDesign[0].parameters, seed: master)
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

  static func networkSpec(_ spec: ExperimentSpec) throws -> NetworkSpec {
    guard let activation = Activation(rawValue: spec.model.activation) else {
      throw ParameterError("model.activation", "must be identity, relu or tanh", got: spec.model.activation)
    }
    return NetworkSpec(
      width: spec.model.width, activation: activation, initScale: spec.model.initScale,
      sharedInitialization: spec.model.sharedInit ?? false)
  }

  static func trainingSpec(_ spec: ExperimentSpec, kind: TargetKind) throws -> TrainingSpec {
    let t = spec.training
    let optimizer: Optimizer
    switch t.optimizer {
    case "gd": optimizer = .gradientDescent
    case "sgd": optimizer = .sgd(batchSize: t.batchSize ?? 32)
    case "adam": optimizer = .adam(batchSize: t.batchSize)
    default: throw ParameterError("training.optimizer", "must be gd, sgd or adam", got: t.optimizer)
    }
    let loss: Loss
    if let name = t.loss {
      guard let l = Loss(rawValue: name) else {
        throw ParameterError("training.loss", "must be mse or cross_entropy", got: name)
      }
      loss = l
    } else {
      loss = .meanSquaredError
    }
    return TrainingSpec(
      loss: loss, optimizer: optimizer, learningRate: t.learningRate, steps: t.steps,
      weightDecay: t.weightDecay ?? 0, interpolationTolerance: t.interpolationTolerance ?? 1e-6)
  }

  /// Builds one grid point's data. Task kinds: `linear_regression`, `tanh_regression` (random
  /// one-hidden-layer tanh teacher), `sign_classification` (y = sign(βᵀx + ξ) with the grid's SNR,
  /// or label flips with the grid's flip probability), `multiclass` (teacher arg-max, flips),
  /// `digits` (the bundled UCI digits, label flips).
  static func makeData(_ spec: ExperimentSpec, point: GridPoint, seed: StreamSeed) throws -> EnsembleDataset {
    let d = spec.task.inputDimension ?? 0
    let r2 = spec.task.signalVariance ?? 1
    let members = spec.members
    switch spec.task.kind {
    case "linear_regression", "tanh_regression":
      let snr = try requireSNR(point)
      let teacher: RegressionTask.Teacher = spec.task.kind == "linear_regression" ? .linear : .tanhNetwork(width: spec.task.teacherWidth ?? 20)
      return try RegressionTask(
        inputDimension: d, sampleCount: point.n, testCount: spec.testSize, snr: snr, signalVariance: r2,
        teacher: teacher
      ).make(members: members, seed: seed).dataset
    case "sign_classification":
      let noise: BinaryClassificationTask.Noise =
        if let p = point.flipProbability { .labelFlips(probability: p) } else { .latentGaussian(snr: try requireSNR(point)) }
      return try BinaryClassificationTask(
        inputDimension: d, sampleCount: point.n, testCount: spec.testSize, noise: noise, signalVariance: r2
      ).make(members: members, seed: seed).dataset
    case "multiclass":
      guard let p = point.flipProbability else {
        throw ParameterError("grid.flip_probability", "is required for multiclass tasks", got: "none")
      }
      return try MulticlassTask(
        inputDimension: d, sampleCount: point.n, testCount: spec.testSize, classes: spec.task.classes ?? 3,
        flipProbability: p
      ).make(members: members, seed: seed).dataset
    case "digits":
      let task = try RealDataTask(dataset: try BundledDataset.digits.load(), testCount: spec.testSize, seed: seed.child("split"))
      let noise: RealNoise = if let p = point.flipProbability { .labelFlip(probability: p) } else { .labelFlipAtSNR(try requireSNR(point)) }
      return try task.ensemble(trainingSize: point.n, members: members, noise: noise, noiseSeed: seed.child("noise"))
    default:
      throw ParameterError(
        "task.kind", "must be linear_regression, tanh_regression, sign_classification, multiclass or digits",
        got: spec.task.kind)
    }
  }

  static func requireSNR(_ point: GridPoint) throws(ParameterError) -> Double {
    guard let snr = point.snr else { throw ParameterError("grid.snr", "is required for this task", got: "none") }
    return snr
  }
}
