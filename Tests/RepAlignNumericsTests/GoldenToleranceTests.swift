import Foundation
import Testing
import _TestSupport

/// Golden fields are checked with the tolerance recorded in the golden file, never with the one
/// the run under test supplies (which is only what a recording writes); a recorded field without
/// a tolerance is an error.
@Suite struct GoldenToleranceTests {
  static func document(tolerance: String?) -> Data {
    let t = tolerance.map { #", "tolerance": \#($0)"# } ?? ""
    return Data(#"{"name": "g", "note": "n", "fields": [{"key": "x", "value": 1.0\#(t)}]}"#.utf8)
  }

  @Test func theRecordedToleranceDecides() {
    // Recorded: 0.1 s.e. with s.e. 0.01, so |Δ| ≤ 0.001.
    let golden = Self.document(tolerance: #"{"unit": "se", "amount": 0.1, "se": 0.01}"#)
    // A run whose own standard error is inflated a thousandfold does not widen its check.
    let inflated = [GoldenField("x", 1.01, .standardErrors(z: 0.1, se: 10))]
    let problems = GoldenFiles.compare("g", inflated, goldenJSON: golden)
    #expect(problems.count == 1 && problems[0].contains("recorded tolerance"), "\(problems)")
    // Within the recorded bound it passes even if the caller's tolerance would be exact.
    #expect(GoldenFiles.compare("g", [GoldenField("x", 1.0005, .ulps(0))], goldenJSON: golden).isEmpty)
  }

  @Test func aFieldWithoutARecordedToleranceIsAnError() {
    let problems = GoldenFiles.compare(
      "g", [GoldenField("x", 1.0, .ulps(4))], goldenJSON: Self.document(tolerance: nil))
    #expect(problems == ["g: golden field x has no recorded tolerance; re-record with GOLDEN_RECORD=1"])
  }

  @Test func missingAndOrphanedFieldsAreErrors() {
    let golden = Self.document(tolerance: #"{"unit": "ulp", "amount": 4}"#)
    let problems = GoldenFiles.compare("g", [GoldenField("y", 1.0, .ulps(4))], goldenJSON: golden)
    #expect(problems.count == 2 && problems.contains { $0.contains("field y is not in the golden file") })
    #expect(problems.contains { $0.contains("golden field x is no longer produced") })
  }

  @Test func everyCommittedGoldenFieldHasATolerance() throws {
    let folder = GoldenFiles.directory
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
    #expect(!names.isEmpty)
    for name in names {
      let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name)))
      let fields = try #require((object as? [String: Any])?["fields"] as? [[String: Any]], "\(name)")
      for field in fields {
        let tolerance = field["tolerance"] as? [String: Any]
        #expect(tolerance?["unit"] is String && tolerance?["amount"] is NSNumber, "\(name): \(field["key"] ?? "?")")
      }
    }
  }
}
