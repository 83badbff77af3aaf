import Foundation
import RepAlignClaims
import RepAlignData
import Testing

/// `TaskKind`: each kind's requirements, and that validation enforces them (one table).
@Suite struct TaskKindTests {
  @Test func requirementsTable() {
    let table = Dictionary(uniqueKeysWithValues: TaskKind.allCases.map { ($0, $0.requirements) })
    #expect(table[.linearRegression]?.acceptedNoiseFields == ["snr"])
    #expect(table[.tanhRegression]?.acceptedNoiseFields == ["snr"])
    #expect(table[.signClassification]?.acceptedNoiseFields == ["snr", "flip_probability"])
    #expect(table[.multiclass]?.acceptedNoiseFields == ["flip_probability"])
    #expect(table[.digits]?.acceptedNoiseFields == ["snr", "flip_probability"])
    #expect(table[.mnist]?.acceptedNoiseFields == ["snr", "flip_probability"])
    #expect(table[.fashionMNIST]?.acceptedNoiseFields == ["snr", "flip_probability"])
    #expect(table[.covertype]?.acceptedNoiseFields == ["snr"])
    let real: [TaskKind] = [.digits, .mnist, .fashionMNIST, .covertype]
    for kind in real {
      #expect(table[kind]?.needsInputDimension == false && table[kind]?.datasetSize != nil, "\(kind)")
    }
    #expect(TaskKind.covertype.classCount(given: nil) == nil && TaskKind.mnist.classCount(given: nil) == 10)
    #expect(real.filter { $0.download != nil } == [.mnist, .fashionMNIST, .covertype])
    for kind in TaskKind.allCases where !real.contains(kind) {
      #expect(table[kind]?.needsInputDimension == true && table[kind]?.datasetSize == nil, "\(kind)")
    }
    #expect(table[.digits]?.needsInputDimension == false)
    #expect(table[.digits]?.fixedInputDimension == 64 && table[.digits]?.datasetSize == 1797)
    #expect(TaskKind.allCases.filter { $0.requirements.hasLinearTheory } == [.linearRegression])
    #expect(TaskKind.linearRegression.classCount(given: nil) == nil)
    #expect(TaskKind.signClassification.classCount(given: nil) == 2)
    #expect(TaskKind.multiclass.classCount(given: nil) == 3 && TaskKind.multiclass.classCount(given: 5) == 5)
    #expect(TaskKind.digits.classCount(given: nil) == 10)
    #expect(
      TaskKind.allCases.map(\.rawValue) == [
        "linear_regression", "tanh_regression", "sign_classification", "multiclass", "digits", "mnist", "fashion_mnist",
        "covertype",
      ])
  }

  /// The digits row of the table states the bundled dataset's own shape.
  @Test func digitsRequirementsMatchTheBundledData() throws {
    let digits = try BundledDataset.digits.load()
    let needs = TaskKind.digits.requirements
    #expect(digits.sampleCount == needs.datasetSize && digits.inputDimension == needs.fixedInputDimension)
    #expect(digits.targets.classCount == TaskKind.digits.classCount(given: nil))
  }

  /// A spec of `kind` with the given task and grid JSON fragments.
  static func spec(task: String, grid: String, extra: String = "") -> String {
    """
    {"id":"k","claim":"snr_monotone","description":"d","tier":"fast","task":{\(task)},
     "model":{"activation":"relu","width":4,"init_scale":0.01},
     "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
     "grid":{"n":[8,16],\(grid)},"members":3,"test_size":20,"seed":1,
     "measures":["linear_cka"],"statistics":{"significance":0.01}\(extra)}
    """
  }

  @Test(arguments: [
    ("\"kind\":\"linear_regression\",\"input_dimension\":4", "\"snr\":[1,4]"),
    ("\"kind\":\"tanh_regression\",\"input_dimension\":4,\"teacher_width\":3", "\"snr\":[1,4]"),
    ("\"kind\":\"sign_classification\",\"input_dimension\":4", "\"snr\":[1,4]"),
    ("\"kind\":\"sign_classification\",\"input_dimension\":4", "\"flip_probability\":[0.1,0.3]"),
    ("\"kind\":\"multiclass\",\"input_dimension\":4,\"classes\":4", "\"flip_probability\":[0.1,0.3]"),
    ("\"kind\":\"digits\"", "\"flip_probability\":[0.1,0.3]"),
    ("\"kind\":\"digits\"", "\"snr\":[1,4]"),
    ("\"kind\":\"mnist\"", "\"flip_probability\":[0.1,0.3]"),
    ("\"kind\":\"fashion_mnist\"", "\"snr\":[1,4]"),
    ("\"kind\":\"covertype\"", "\"snr\":[1,4]"),
  ])
  func acceptedCombinationsLoad(task: String, grid: String) throws {
    #expect(ExperimentSpecTests.error(Self.spec(task: task, grid: grid)) == nil)
  }

  @Test(arguments: [
    ("\"kind\":\"linear_regression\"", "\"snr\":[1,4]", "task.input_dimension"),
    ("\"kind\":\"multiclass\",\"input_dimension\":4", "\"snr\":[1,4]", "grid.snr"),
    ("\"kind\":\"linear_regression\",\"input_dimension\":4", "\"flip_probability\":[0.1]", "grid.flip_probability"),
    ("\"kind\":\"tanh_regression\",\"input_dimension\":4", "\"flip_probability\":[0.1]", "grid.flip_probability"),
    ("\"kind\":\"sign_classification\",\"input_dimension\":4", "\"snr\":[1],\"flip_probability\":[0.1]", "grid"),
    ("\"kind\":\"multiclass\",\"input_dimension\":4,\"classes\":1", "\"flip_probability\":[0.1]", "task.classes"),
    ("\"kind\":\"linear_regression\",\"input_dimension\":4,\"classes\":3", "\"snr\":[1]", "task.classes"),
    ("\"kind\":\"sign_classification\",\"input_dimension\":4,\"teacher_width\":3", "\"snr\":[1]", "task.teacher_width"),
    ("\"kind\":\"digits\",\"input_dimension\":10", "\"snr\":[1]", "task.input_dimension"),
    ("\"kind\":\"digits\"", "\"n\":[1790],\"snr\":[1]", "grid.n"),
    ("\"kind\":\"covertype\"", "\"flip_probability\":[0.1]", "grid.flip_probability"),
    ("\"kind\":\"mnist\",\"input_dimension\":784", "\"snr\":[1]", "task.input_dimension"),
  ])
  func requirementsAreEnforcedAtLoad(task: String, grid: String, field: String) {
    var text = Self.spec(task: task, grid: grid)
    if grid.hasPrefix("\"n\"") { text = text.replacingOccurrences(of: "\"n\":[8,16],", with: "") }
    let message = ExperimentSpecTests.error(text)
    #expect(
      message?.contains("invalid \(field) =") == true || message?.contains("invalid \(field) ") == true,
      "\(task) \(grid): \(message ?? "loaded")")
    #expect(message?.contains("\n") == false)
  }
}
