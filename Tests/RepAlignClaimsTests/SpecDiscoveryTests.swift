import Foundation
import RepAlignClaims
import Testing
import _TestSupport

/// Strict spec discovery: every file in `Validation/specs` must decode, validate and preflight,
/// fast and slow alike, or the suite fails naming the file and the field. The claim suite finds its
/// specs by tier (`ValidationSpecs.ids`, read without the code under test); these tests make sure no
/// file can drop out of it silently (a typo in `tier`, invalid JSON, an exception that names no
/// comparison).
@Suite struct SpecDiscoveryTests {
  /// Every `*.json` file name in the folder, without the extension.
  static var files: [String] {
    let urls =
      (try? FileManager.default.contentsOfDirectory(at: ValidationSpecs.directory, includingPropertiesForKeys: nil))
      ?? []
    return urls.filter { $0.pathExtension == "json" }.map { $0.deletingPathExtension().lastPathComponent }.sorted()
  }

  @Test func everyRealSpecDecodesAndPreflights() {
    #expect(!Self.files.isEmpty, "no spec found in \(ValidationSpecs.directory.path)")
    let problems = ExperimentSpec.audit(directory: ValidationSpecs.directory)
    #expect(problems.isEmpty, Comment(rawValue: problems.map(\.description).joined(separator: "\n")))
  }

  /// Each file on its own (one test case per file, so the failing one is named in the test list).
  @Test("preflight", arguments: Self.files)
  func preflight(file: String) throws {
    let spec = try ExperimentSpec.load(ValidationSpecs.directory.appendingPathComponent("\(file).json"))
    try ExperimentRunner.preflight(spec)
    #expect(spec.id == file)
  }

  /// The claim suite's discovery (by tier) covers every file: none is dropped.
  @Test func tierDiscoveryCoversEveryFile() {
    let discovered = ValidationSpecs.ids(tier: "fast") + ValidationSpecs.ids(tier: "slow")
    #expect(
      discovered.sorted() == Self.files, "files not discovered: \(Set(Self.files).subtracting(discovered).sorted())")
  }

  /// The audit names the file and the field of each bad spec in a scratch folder.
  @Test func auditNamesTheFileAndTheField() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spec-audit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let good = ExperimentSpecTests.valid
    let cases: [(file: String, text: String, expected: String)] = [
      ("example", good, ""),
      ("broken", "{ not json", "not valid JSON"),
      ("tier-typo", good.replacingOccurrences(of: "\"tier\": \"fast\"", with: "\"tier\": \"fsat\""), "tier"),
      (
        "bad-exception",
        good.replacingOccurrences(
          of: "\"window\": [0.8, 1.2]",
          with:
            #""documented_exceptions": [{"measure": "linear_cka", "slice": {"n": 11}, "comparison": {"step": [1, 4]}, "reason": "r"}]"#
        ), "statistics.documented_exceptions[0].slice.n"
      ),
      ("renamed", good, "field id must be the file name renamed"),
      ("too-big", good.replacingOccurrences(of: "\"steps\": 100", with: "\"steps\": 1000000000"), "training.steps"),
    ]
    for c in cases { try Data(c.text.utf8).write(to: folder.appendingPathComponent("\(c.file).json")) }
    let problems = ExperimentSpec.audit(directory: folder)
    #expect(problems.count == cases.count - 1, "\(problems)")
    for c in cases.dropFirst() {
      let problem = problems.first { $0.file == "\(c.file).json" }
      #expect(
        problem?.message.contains(c.expected) == true, "\(c.file): \(problem?.description ?? "no problem reported")")
    }
    #expect(!problems.contains { $0.file == "example.json" })
  }

  @Test func anEmptyFolderIsAnError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spec-audit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(ExperimentSpec.audit(directory: folder).map(\.message) == ["holds no *.json spec"])
  }
}
