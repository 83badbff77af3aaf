import Foundation
import Testing
import _TestSupport

/// Malformed spec files: missing fields, wrong types, out-of-range values, names the runner does
/// not know, sizes that cannot be allocated, text that is not JSON, and fuzzed truncations and
/// byte mutations from a fixed seed. `repalign sweep --spec` must answer each with exit code 2 and
/// one `Error: spec …` line naming the problem; nothing may trap.
@Suite struct SpecValidationTests {
  struct Case: Sendable, CustomStringConvertible {
    let name: String
    let text: String
    var description: String { name }
  }

  static func text(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
  }

  /// Sets (or with nil removes) the value at a dotted path.
  static func setting(_ path: String, _ value: Any?, in object: [String: Any]) -> [String: Any] {
    var o = object
    let keys = path.split(separator: ".").map(String.init)
    if keys.count == 1 {
      o[keys[0]] = value
    } else {
      let inner = o[keys[0]] as? [String: Any] ?? [:]
      o[keys[0]] = setting(keys.dropFirst().joined(separator: "."), value, in: inner)
    }
    return o
  }

  static let required = [
    "id", "claim", "description", "tier", "task", "task.kind", "model", "model.activation", "model.width",
    "model.init_scale", "training", "training.optimizer", "training.steps", "training.learning_rate", "grid",
    "grid.n", "members", "test_size", "seed", "measures", "statistics", "statistics.significance",
  ]
  static let strings = ["id", "claim", "description", "tier", "task.kind", "model.activation", "training.optimizer"]
  static let integers = ["model.width", "training.steps", "members", "test_size", "seed", "task.input_dimension"]
  static let reals = ["model.init_scale", "training.learning_rate", "statistics.significance", "task.signal_variance"]

  nonisolated(unsafe) static let outOfRange: [(String, Any?)] = [
    ("members", 1), ("members", 0), ("members", -5), ("test_size", 3), ("grid.n", [Int]()), ("grid.n", [0]),
    ("grid.n", [3, -1]),
    ("grid.snr", [Double]()), ("grid.snr", [0]), ("grid.snr", [-1.5]), ("model.width", 0), ("model.init_scale", 0),
    ("model.init_scale", -1), ("model.activation", "sigmoid"), ("training.optimizer", "newton"), ("training.steps", 0),
    ("training.learning_rate", 0), ("training.learning_rate", -0.1), ("statistics.significance", 0),
    ("statistics.significance", 0.5), ("statistics.significance", 1), ("statistics.window", [1.2, 0.8]),
    ("statistics.window", [0.8]), ("statistics.window", [0, 1]), ("measures", [String]()), ("measures", ["nope"]),
    ("measures", ["linear_cka", "Linear CKA"]), ("task.input_dimension", 0), ("task.input_dimension", nil),
    ("designs", 0),
    ("threshold", "median"), ("task.kind", "cifar"), ("claim", "other"), ("tier", "medium"), ("training.loss", "hinge"),
    ("training.batch_size", 0), ("training.weight_decay", -1), ("task.signal_variance", 0),
    ("task.signal_variance", -1),
    ("training.interpolation_tolerance", 0), ("statistics.bias_allowance", -0.1), ("grid.n", [1_000_000_000_000]),
    ("members", 1_000_000_000), ("model.width", 1_000_000_000), ("test_size", 1_000_000_000_000),
    ("training.steps", 1_000_000_000_000), ("grid.snr", nil), ("grid.flip_probability", [0.5]),
    ("grid.flip_probability", [-0.1]),
    ("id", ""), ("designs", 10_000_000), ("model.depth", 0), ("model.depth", 99), ("model.measured_layer", 2),
  ]

  static let rawTexts: [(String, String)] = [
    ("empty file", ""), ("whitespace", "  \n\t"), ("open brace", "{"), ("array", "[]"), ("null", "null"),
    ("number", "42"),
    ("string", "\"spec\""), ("missing value", "{\"id\": }"), ("trailing garbage", text(CLI.tinySpec()) + " }"),
    ("nul bytes", "\0\0\0"),
    ("binary", String(decoding: [0xFF, 0xFE, 0x00, 0x7B, 0x80, 0xC3] as [UInt8], as: UTF8.self)),
    ("nested too deep", String(repeating: "[", count: 5000)),
    (
      "overflowing number",
      text(CLI.tinySpec()).replacingOccurrences(of: "\"learning_rate\":0.05", with: "\"learning_rate\":1e999")
    ),
    (
      "huge integer",
      text(CLI.tinySpec()).replacingOccurrences(of: "\"members\":3", with: "\"members\":123456789012345678901234567890")
    ),
  ]

  static let corpus: [Case] = {
    let base = CLI.tinySpec()
    var cases: [Case] = []
    for path in required { cases.append(Case(name: "missing \(path)", text: text(setting(path, nil, in: base)))) }
    let wrong: [(String, Any)] = [
      ("a string", "text"), ("an array", [1, 2]), ("an object", ["k": 1]), ("null", NSNull()), ("a bool", true),
    ]
    for path in strings + integers + reals + ["grid.n", "grid.snr", "measures", "task", "statistics"] {
      for (label, value) in wrong {
        if strings.contains(path) && label == "a string" { continue }
        // Optional fields: null is absent.
        if ["task.input_dimension", "task.signal_variance"].contains(path) && label == "null" { continue }
        if ["grid.n", "grid.snr", "measures"].contains(path) && label == "an array" { continue }
        cases.append(Case(name: "\(path) = \(label)", text: text(setting(path, value, in: base))))
      }
    }
    for path in integers { cases.append(Case(name: "\(path) = 1.5", text: text(setting(path, 1.5, in: base)))) }
    cases.append(Case(name: "seed = -1", text: text(setting("seed", -1, in: base))))
    for (path, value) in outOfRange {
      cases.append(
        Case(name: "\(path) = \(value.map { "\($0)" } ?? "absent")", text: text(setting(path, value, in: base))))
    }
    for (name, raw) in rawTexts { cases.append(Case(name: name, text: raw)) }
    // Fuzzed: strict prefixes of the valid text (never valid JSON).
    var rng = SplitMix64(seed: TestSeeds.seed(0x7A11_5EC5))
    let valid = Array(text(base).utf8)
    for _ in 0..<60 {
      let cut = Int.random(in: 0..<valid.count, using: &rng)
      cases.append(Case(name: "truncated at byte \(cut)", text: String(decoding: valid[..<cut], as: UTF8.self)))
    }
    return cases
  }()

  @Test(arguments: corpus)
  func malformedSpecGivesOneLineExitTwo(_ c: Case) throws {
    let dir = try CLI.temporaryDirectory("spec")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(c.text.utf8).write(to: dir.appendingPathComponent("spec.json"))
    let outcome = try CLI.run(["sweep", "--spec", "spec.json", "--out", "o.jsonl"], in: dir)
    #expect(outcome.status == 2 && !outcome.signaled, "\(c.name): \(outcome)")
    #expect(outcome.isOneLineError && outcome.stderr.hasPrefix("Error: spec "), "\(c.name): \(outcome)")
    #expect(
      !FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.jsonl").path),
      "\(c.name): no output for a bad spec")
  }

  /// The same corpus through `reproduce --specs`, for a sample of cases (each is a folder scan).
  @Test(arguments: corpus.enumerated().filter { $0.offset % 7 == 0 }.map(\.element))
  func malformedSpecInFolderGivesOneLineExitTwo(_ c: Case) throws {
    let dir = try CLI.temporaryDirectory("specdir")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
    try Data(c.text.utf8).write(to: dir.appendingPathComponent("specs/bad.json"))
    let outcome = try CLI.run(["reproduce", "--specs", "specs", "--out", "out", "--quiet"], in: dir)
    #expect(outcome.status == 2 && !outcome.signaled, "\(c.name): \(outcome)")
    #expect(outcome.isOneLineError, "\(c.name): \(outcome)")
  }

  /// Random single-byte mutations of the valid spec may or may not stay valid (a digit in the
  /// description is harmless), so the assertion is weaker: never a trap, and any failure is one
  /// line with exit code 2 (bad input) or 1 (a valid spec whose run failed, e.g. divergence).
  static let mutations: [Case] = {
    var rng = SplitMix64(seed: TestSeeds.seed(0xB17F_11B5))
    var valid = Array(text(CLI.tinySpec()).utf8)
    // Keep the grid tiny whatever the mutation: mutate only outside the grid and size fields.
    let protected = ["\"grid\"", "\"members\"", "\"test_size\"", "\"steps\"", "\"input_dimension\"", "\"width\""]
    let textValue = String(decoding: valid, as: UTF8.self)
    var blocked = Set<Int>()
    for key in protected {
      if let r = textValue.range(of: key) {
        let start = textValue.utf8.distance(from: textValue.utf8.startIndex, to: r.lowerBound)
        for i in start..<min(valid.count, start + 40) { blocked.insert(i) }
      }
    }
    var cases: [Case] = []
    while cases.count < 60 {
      let i = Int.random(in: 0..<valid.count, using: &rng)
      guard !blocked.contains(i) else { continue }
      let original = valid[i]
      valid[i] = UInt8.random(in: 0x20...0x7E, using: &rng)
      cases.append(
        Case(
          name: "byte \(i): \(Character(UnicodeScalar(original))) → \(Character(UnicodeScalar(valid[i])))",
          text: String(decoding: valid, as: UTF8.self)))
      valid[i] = original
    }
    return cases
  }()

  @Test(arguments: mutations)
  func mutatedSpecNeverTraps(_ c: Case) throws {
    let dir = try CLI.temporaryDirectory("mutation")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(c.text.utf8).write(to: dir.appendingPathComponent("spec.json"))
    let outcome = try CLI.run(["sweep", "--spec", "spec.json", "--out", "o.jsonl", "--quiet"], in: dir)
    #expect(!outcome.signaled, "\(c.name): \(outcome)")
    #expect(
      outcome.status == 0 || ([1, 2].contains(outcome.status) && outcome.isOneLineError), "\(c.name): \(outcome)")
  }
}
