import Foundation
import PropertyBased
import RepAlignClaims
import RepAlignNumerics
import Testing
import _TestSupport

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
    do { _ = try load(text); return nil } catch { return "\(error)" }
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
    ("\"activation\": \"identity\"", "\"activation\": \"gelu\"", "model.activation"),
    ("\"optimizer\": \"gd\"", "\"optimizer\": \"lbfgs\"", "training.optimizer"),
    ("\"learning_rate\": 0.1", "\"learning_rate\": -0.1", "training.learning_rate"),
    ("\"significance\": 0.001", "\"significance\": 0.7", "statistics.significance"),
    ("\"window\": [0.8, 1.2]", "\"window\": [1.2, 0.8]", "statistics.window"),
    ("\"claim\": \"snr_monotone\"", "\"claim\": \"sparkles\"", "claim"),
    ("\"members\": 4", "\"members\": \"four\"", "members"),
    ("\"seed\": 1,", "", "seed"),
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
      default: mutated = Array(mutated[..<position])  // truncation
      }
      let text = String(decoding: mutated, as: UTF8.self)
      if let message = Self.error(text) {
        failures += 1
        #expect(message.hasPrefix("spec ") && !message.contains("\n"), "\(message); \(draw.replay)")
      }
    }
    #expect(failures > 100, "most mutations should be rejected, got \(failures)")
  }
}
