import Foundation
import Testing
import _TestSupport

@testable import RepAlignClaims

/// The strict JSON check every spec passes before decoding (`StrictJSON`): each non-standard
/// text is refused with its line and column, and every committed spec is standard JSON.
@Suite struct StrictJSONTests {
  static func violation(_ text: String) -> StrictJSON.Violation? {
    do {
      try StrictJSON.check(Array(text.utf8))
      return nil
    } catch { return error }
  }

  @Test(arguments: [
    #"{"a": 1, "b": [true, false, null], "c": {"d": "\u00e9\n"}, "e": -0.5e-3}"#, "[]", "{}", " 0 ", #""x""#,
    "[1E+2, 0.0, -0]",
  ])
  func standardJSONPasses(_ text: String) {
    #expect(Self.violation(text) == nil, "\(text)")
  }

  @Test(arguments: [
    (#"{"steps": 1, "steps": 2}"#, "key \"steps\" appears twice", 1, 14),
    ("{\"a\": 1,\n \"b\": 2,\n}", "trailing comma before }", 3, 1),
    (#"[1, 2,]"#, "trailing comma before ]", 1, 7),
    (#"{"a": 1 // note"#, "expected ',' or '}'", 1, 9),
    (#"{"a": NaN}"#, "NaN", 1, 7), (#"{"a": Infinity}"#, "not JSON", 1, 7),
    (#"{a: 1}"#, "quoted", 1, 2), (#"{'a': 1}"#, "quoted", 1, 2), (#"{"a": 01}"#, "leading zeros", 1, 8),
    (#"{"a": .5}"#, "expected a value", 1, 7), (#"{"a": 1.}"#, "digits after", 1, 9),
    (#"{"a": +1}"#, "expected a value", 1, 7), (#"{"a": 1} x"#, "after the JSON value", 1, 10),
    ("{\"a\": \"tab\tinside\"}", "control character", 1, 11), (#"{"a": "\x"}"#, "invalid escape", 1, 9),
    ("\u{FEFF}{}", "byte-order mark", 1, 1), (#"{"a": 1"#, "expected ',' or '}'", 1, 8),
  ])
  func nonStandardJSONIsRefusedWithItsPlace(_ text: String, _ message: String, _ line: Int, _ column: Int) {
    let v = Self.violation(text)
    #expect(v?.message.contains(message) == true, "\(text.debugDescription): \(v?.description ?? "accepted")")
    #expect(v?.line == line && v?.column == column, "\(text.debugDescription): \(v?.description ?? "accepted")")
  }

  @Test func deepNestingIsRefusedNotACrash() {
    let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(Self.violation(text)?.message.contains("nested deeper") == true)
  }

  /// A spec that sets a field twice is refused by `ExperimentSpec.load`, naming the key.
  @Test func specWithARepeatedKeyIsRefused() throws {
    let text = ExperimentSpecTests.valid.replacingOccurrences(
      of: "\"tier\": \"fast\"", with: "\"tier\": \"fast\", \"tier\": \"slow\"")
    #expect(text != ExperimentSpecTests.valid)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect {
      _ = try ExperimentSpec.load(url)
    } throws: { error in
      "\(error)".contains("key \"tier\" appears twice")
    }
  }

  /// Every committed spec is standard JSON (so the check refuses nothing that was accepted before).
  @Test(arguments: ValidationSpecs.ids(tier: "fast") + ValidationSpecs.ids(tier: "slow"))
  func committedSpecsAreStandardJSON(_ id: String) throws {
    let bytes = try Data(contentsOf: ValidationSpecs.directory.appendingPathComponent("\(id).json"))
    #expect(Self.violation(String(decoding: bytes, as: UTF8.self)) == nil, "\(id)")
  }
}
