import Foundation
import Testing

@testable import RepAlignClaims

/// Every report file stays inside the output folder (`OutputPath`), whatever name reaches it.
@Suite struct OutputPathTests {
  static let folder = URL(fileURLWithPath: "/tmp/repalign-out-\(UUID().uuidString)")

  @Test(arguments: ["figures/a.svg", "records/x.jsonl", "curves/a-b.csv", "report.md"])
  func namesInsideTheFolderAreAccepted(_ relative: String) throws {
    let url = try OutputPath.file(relative, in: Self.folder)
    #expect(url.path == Self.folder.path + "/" + relative)
  }

  @Test(arguments: [
    "../x", "figures/../../x", "/etc/passwd", "", "figures//a.svg", "./a", "figures/..", "a/\u{0}b", "records/../..",
  ])
  func namesThatWouldLeaveAreRefused(_ relative: String) {
    #expect(throws: OutputPath.Escape.self) { _ = try OutputPath.file(relative, in: Self.folder) }
  }
}
