import Foundation
import PropertyBased
import RepAlignData
import RepAlignNumerics
import RepAlignTraining
import Testing
import _TestSupport

@testable import RepAlignClaims

@Suite struct ExperimentSpecTests {
  static let valid = """
    {
      "id": "example", "claim": "snr_monotone", "description": "example", "tier": "fast",
      "task": {"kind": "linear_regression", "input_dimension": 20},
      "model": {"activation": "identity", "width": 20, "init_scale": 0.001},
      "training": {"optimizer": "gd", "steps": 100, "learning_rate": 0.1},
      "grid": {"n": [10, 40], "snr": [1, 4]},
      "members": 4, "test_size": 100, "seed": 1, "measures": ["linear_cka"],
      "statistics": {"significance": 0.001, "window": [0.8, 1.2]}
    }
    """

  static func load(_ text: String) throws -> ExperimentSpec {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try ExperimentSpec.load(url)
  }

  /// The error message for a spec, or nil if it loads.
  static func error(_ text: String) -> String? {
    do {
      _ = try load(text)
      return nil
    } catch { return "\(error)" }
  }

  /// `task.spectrum` (issue 18): the regression tasks draw x ~ N(0, Σ) with the power-law
  /// spectrum; other tasks and malformed text are refused naming the field.
  @Test func taskSpectrumReachesTheData() throws {
    let text = Self.valid.replacingOccurrences(
      of: #""input_dimension": 20}"#, with: #""input_dimension": 20, "spectrum": "power:1.5"}"#)
    let spec = try Self.load(text)
    #expect(try spec.task.covariance() == .powerLaw(exponent: 1.5))
    let point = ExperimentRunner.gridPoints(spec)[spec.grid.noiseLevels.count] // n = 40
    let data = try ExperimentRunner.makeData(spec, point: point, streams: ExperimentRunner.streams(spec), design: 0)
    // Column variances of the 100 test inputs follow λᵢ ∝ i^(−1.5): the first is ≈ 5.7 times the
    // mean, the last ≈ 0.06; with m = 100 draws each sample variance is within ±50 % at > 4 s.e.
    let x = data.testInputs
    func variance(_ j: Int) -> Double { (0..<x.rows).reduce(0) { $0 + x[$1, j] * x[$1, j] } / Double(x.rows) }
    let lambda = InputCovariance.powerLaw(exponent: 1.5).eigenvalues(dimension: 20)
    #expect(abs(variance(0) / lambda[0] - 1) < 0.5 && abs(variance(19) / lambda[19] - 1) < 0.5)
    #expect(variance(0) > 10 * variance(19))
    #expect(Self.error(text.replacingOccurrences(of: "power:1.5", with: "power:-1"))?.contains("task.spectrum") == true)
    #expect(Self.error(text.replacingOccurrences(of: "power:1.5", with: "cubic"))?.contains("task.spectrum") == true)
    let classification = text.replacingOccurrences(of: "linear_regression", with: "sign_classification")
    #expect(
      Self.error(classification)?.contains("task.spectrum") == true, "\(Self.error(classification) ?? "accepted")")
  }

  /// `model.depth` L builds L hidden layers of `width` (P = w·d + (L − 1)·w² + w·k), every layer
  /// is measured and recorded, and `alignment` is the layer the claims read (`measured_layer`,
  /// default L). A one-hidden-layer spec records no per-layer field (its records are unchanged).
  @Test func depthTrainsDeeperNetworksAndRecordsEveryLayer() throws {
    let deep = Self.valid.replacingOccurrences(
      of: "\"init_scale\": 0.001", with: "\"init_scale\": 1, \"depth\": 2, \"measured_layer\": 1")
    let spec = try Self.load(deep)
    #expect(spec.model.hiddenLayers == 2 && spec.model.claimLayer == 1)
    let point = ExperimentRunner.gridPoints(spec)[0]
    let r = try ExperimentRunner.run(spec, point: point)
    let w = spec.model.width
    #expect(r.parameterCount == w * 20 + w * w + w)
    #expect(r.layerAlignment?.count == 2)
    #expect(r.alignment == r.layerAlignment?[0])
    #expect(r.layerAlignment?[0] != r.layerAlignment?[1])
    let last = try Self.load(deep.replacingOccurrences(of: ", \"measured_layer\": 1", with: ""))
    #expect(try ExperimentRunner.run(last, point: point).alignment == r.layerAlignment?[1])
    #expect(try ExperimentRunner.run(try Self.load(Self.valid), point: point).layerAlignment == nil)
  }

  @Test func validSpecLoads() throws {
    let spec = try Self.load(Self.valid)
    #expect(spec.claim == .snrMonotone && spec.grid.snr == [1, 4] && spec.model.initScale == 0.001)
  }

  @Test(arguments: [
    ("\"members\": 4", "\"members\": 1", "members"),
    ("\"test_size\": 100", "\"test_size\": 2", "test_size"),
    ("\"n\": [10, 40]", "\"n\": [0, 40]", "grid.n"),
    ("\"snr\": [1, 4]", "\"snr\": [-1, 4]", "grid.snr"),
    ("\"width\": 20", "\"width\": 0", "model.width"),
    ("\"init_scale\": 0.001", "\"init_scale\": 0", "model.init_scale"),
    ("\"init_scale\": 0.001", "\"init_scale\": 0.001, \"depth\": 0", "model.depth"),
    ("\"init_scale\": 0.001", "\"init_scale\": 0.001, \"depth\": 9", "model.depth"),
    ("\"init_scale\": 0.001", "\"init_scale\": 0.001, \"measured_layer\": 2", "model.measured_layer"),
    ("\"init_scale\": 0.001", "\"init_scale\": 0.001, \"depth\": 2, \"measured_layer\": 0", "model.measured_layer"),
    ("\"activation\": \"identity\"", "\"activation\": \"gelu\"", "model.activation"),
    ("\"optimizer\": \"gd\"", "\"optimizer\": \"newton\"", "training.optimizer"),
    ("\"learning_rate\": 0.1", "\"learning_rate\": -0.1", "training.learning_rate"),
    ("\"significance\": 0.001", "\"significance\": 0.7", "statistics.significance"),
    ("\"window\": [0.8, 1.2]", "\"window\": [1.2, 0.8]", "statistics.window"),
    ("\"claim\": \"snr_monotone\"", "\"claim\": \"sparkles\"", "claim"),
    ("\"members\": 4", "\"members\": \"four\"", "members"),
    ("\"seed\": 1,", "", "seed"),
    ("\"id\": \"example\"", "\"id\": \"../../x\"", "id"),
    (
      "\"members\": 4", "\"members\": 4, \"designz\": 8",
      "invalid designz = 8: is not a spec field (did you mean designs?)"
    ),
    (
      "\"input_dimension\": 20", "\"input_dimension\": 20, \"classes_\": 3",
      "invalid task.classes_ = 3: is not a spec field (did you mean task.classes?)"
    ),
    (
      "\"window\": [0.8, 1.2]", "\"window\": [0.8, 1.2], \"colour\": 1",
      "invalid statistics.colour = 1: is not a spec field"
    ),
    ("\"id\": \"example\"", "\"id\": \".hidden\"", "id"),
    ("\"id\": \"example\"", "\"id\": \"a/b\"", "id"),
    ("\"id\": \"example\"", "\"id\": \"\"", "id"),
    ("\"measures\": [\"linear_cka\"]", "\"measures\": [\"linear_cka\", \"linear_cka\"]", "measures[1]"),
    ("\"measures\": [\"linear_cka\"]", "\"measures\": [\"cka2\"]", "measures[0]"),
    ("\"learning_rate\": 0.1", "\"learning_rate\": 0.1, \"loss_threshold\": 0", "training.loss_threshold"),
    ("\"learning_rate\": 0.1", "\"learning_rate\": 0.1, \"loss_threshold\": 1e-3", "training.loss_threshold"),
    (
      "\"learning_rate\": 0.1", "\"learning_rate\": 0.1, \"gradient_norm_threshold\": -1",
      "training.gradient_norm_threshold"
    ),
    (
      "\"learning_rate\": 0.1", "\"learning_rate\": 0.1, \"interpolation_tolerance\": 0",
      "training.interpolation_tolerance"
    ),
    ("\"optimizer\": \"gd\"", "\"optimizer\": \"bfgs\", \"batch_size\": 8", "training.batch_size"),
    (
      "\"learning_rate\": 0.1", "\"learning_rate\": 0.1, \"loss_treshold\": 1e-8",
      "invalid training.loss_treshold = 1e-08: is not a spec field (did you mean training.loss_threshold?)"
    ),
  ])
  func invalidFieldsAreNamed(original: String, replacement: String, field: String) {
    let text = Self.valid.replacingOccurrences(of: original, with: replacement)
    #expect(text != Self.valid)
    let message = Self.error(text)
    #expect(message != nil, "spec with \(replacement) loaded")
    #expect(message?.contains(field) == true, "message '\(message ?? "")' does not name \(field)")
    #expect(message?.contains("\n") == false)
  }

  /// Fuzzing: 300 random byte-level mutations of a valid spec (fixed seed) each either load or
  /// fail with a one-line `SpecError`; none traps.
  @Test func fuzzedSpecsFailCleanly() {
    let bytes = Array(Self.valid.utf8)
    let gen = zip(Gen.int(in: 0...(bytes.count - 1)), Gen.int(in: 0...255), Gen.int(in: 0...2))
    var failures = 0
    forEachDraw(gen, count: 300, fixedSeed: 77) { draw in
      let (position, byte, operation) = draw.value
      var mutated = bytes
      switch operation {
      case 0: mutated[position] = UInt8(byte)
      case 1: mutated.remove(at: position)
      default: mutated = Array(mutated[..<position]) // truncation
      }
      let text = String(decoding: mutated, as: UTF8.self)
      if let message = Self.error(text) {
        failures += 1
        #expect(message.hasPrefix("spec ") && !message.contains("\n"), "\(message); \(draw.replay)")
      }
    }
    #expect(failures > 100, "most mutations should be rejected, got \(failures)")
  }

  /// Names are typed at decoding: an unknown one is a one-line error naming the field and listing
  /// every allowed value.
  @Test(arguments: [
    ("\"activation\": \"identity\"", "\"activation\": \"gelu\"", "model.activation", "identity, relu, tanh"),
    ("\"optimizer\": \"gd\"", "\"optimizer\": \"newton\"", "training.optimizer", "gd, sgd, adam, bfgs, lbfgs"),
    (
      "\"kind\": \"linear_regression\"", "\"kind\": \"cifar\"", "task.kind",
      "linear_regression, tanh_regression, sign_classification, multiclass, digits, mnist, fashion_mnist, covertype"
    ),
    ("\"optimizer\": \"gd\"", "\"optimizer\": \"gd\", \"loss\": \"hinge\"", "training.loss", "mse, cross_entropy"),
    ("\"seed\": 1,", "\"seed\": 1, \"threshold\": \"median\",", "threshold", "input_dimension, measured"),
    ("\"tier\": \"fast\"", "\"tier\": \"medium\"", "tier", "fast, slow"),
  ])
  func unknownNamesListTheAllowedValues(original: String, replacement: String, field: String, allowed: String) {
    let text = Self.valid.replacingOccurrences(of: original, with: replacement)
    #expect(text != Self.valid)
    let message = Self.error(text) ?? "loaded"
    #expect(message.contains("field \(field): must be one of \(allowed); got "), "\(message)")
    #expect(!message.contains("\n"))
  }

  /// The optimizer is decoded with its batch size (spec spellings gd/sgd/adam + batch_size).
  @Test(arguments: [
    ("\"optimizer\": \"gd\"", Optimizer.gradientDescent),
    ("\"optimizer\": \"sgd\"", Optimizer.sgd(batchSize: 32)),
    ("\"optimizer\": \"sgd\", \"batch_size\": 8", Optimizer.sgd(batchSize: 8)),
    ("\"optimizer\": \"adam\"", Optimizer.adam(batchSize: nil)),
    ("\"optimizer\": \"adam\", \"batch_size\": 16", Optimizer.adam(batchSize: 16)),
    ("\"optimizer\": \"bfgs\"", Optimizer.bfgs),
    ("\"optimizer\": \"lbfgs\"", Optimizer.lbfgs),
  ])
  func optimizerIsTyped(fragment: String, expected: Optimizer) throws {
    let spec = try Self.load(Self.valid.replacingOccurrences(of: "\"optimizer\": \"gd\"", with: fragment))
    #expect(spec.training.optimizer == expected)
  }

  /// The stopping rules are read, make the spec train to convergence, and label its threshold.
  @Test func stoppingRulesMakeAConvergedThreshold() throws {
    let text = Self.valid.replacingOccurrences(
      of: "\"learning_rate\": 0.1",
      with: "\"learning_rate\": 0.1, \"loss_threshold\": 1e-8, \"gradient_norm_threshold\": 1e-7"
    )
    .replacingOccurrences(of: "\"activation\": \"identity\"", with: "\"activation\": \"relu\"")
    let spec = try Self.load(text)
    #expect(spec.training.lossThreshold == 1e-8 && spec.training.gradientNormThreshold == 1e-7)
    #expect(spec.training.trainsToConvergence && spec.thresholdKind == .converged)
    let budget = try Self.load(
      Self.valid.replacingOccurrences(of: "\"activation\": \"identity\"", with: "\"activation\": \"relu\""))
    #expect(!budget.training.trainsToConvergence && budget.thresholdKind == .budgetLimited)
    #expect(try Self.load(Self.valid).thresholdKind == .inputDimension)
  }

  @Test func typedFieldsAndDefaults() throws {
    let spec = try Self.load(Self.valid)
    #expect(spec.task.kind == .linearRegression && spec.model.activation == .identity)
    #expect(spec.training.loss == nil && spec.thresholdRule == .inputDimension)
    #expect(spec.grid.noiseLevels == [.snr(1), .snr(4)])
    let relu = try Self.load(Self.valid.replacingOccurrences(of: "\"identity\"", with: "\"relu\""))
    #expect(relu.thresholdRule == .measured)
  }

  /// A flip probability of 0 (SNR = +∞, which no record can store) is refused when the spec is
  /// loaded, not after the point was computed; so are 0.5 and beyond.
  @Test(arguments: ["0", "0.5", "0.75", "-0.1"])
  func flipProbabilityOutsideTheOpenIntervalIsRejectedAtLoad(_ p: String) {
    let text = Self.valid
      .replacingOccurrences(of: "\"kind\": \"linear_regression\"", with: "\"kind\": \"sign_classification\"")
      .replacingOccurrences(of: "\"snr\": [1, 4]", with: "\"flip_probability\": [0.1, \(p)]")
    let message = Self.error(text) ?? "loaded"
    #expect(message.contains("invalid grid.flip_probability = ") && message.contains("(0, 0.5)"), "\(message)")
  }
}
