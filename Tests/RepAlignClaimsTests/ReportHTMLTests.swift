import Foundation
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

/// `report.html` as `ReportWriter` writes it: self-contained, every figure inline and anchored,
/// the verdict table sortable (structure only; `ReportHTMLBrowserTests` renders it).
@Suite struct ReportHTMLTests {
  /// Writes the toy outcome's report (with the toy theory) to a fresh folder.
  static func writeReport() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-html-\(UUID().uuidString)")
    let provenance = Provenance(
      version: "test", gitCommit: nil, tier: "fast", freshSeeds: false, seeds: ["t": 1], startedAt: Date(),
      wallSeconds: 0)
    try ReportWriter.write(
      [try CurveTablesTests.outcome()], provenance: provenance, theory: ReportFiguresTests.toy, to: dir)
    return dir
  }

  @Test func htmlIsSelfContainedWithEveryFigureInline() throws {
    let dir = try Self.writeReport()
    defer { try? FileManager.default.removeItem(at: dir) }
    let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
    let figures = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("figures").path)
    #expect(figures.count == 3, "\(figures)")
    #expect(html.components(separatedBy: "<svg ").count - 1 == figures.count)
    for file in figures {
      #expect(html.contains("id=\"fig-\(file.replacingOccurrences(of: ".svg", with: ""))\""), "\(file) anchored")
    }
    // Nothing is loaded from elsewhere (the SVG namespace URI is a name, not a fetch).
    let loaded = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    for external in ["src=", "<link", "http://", "https://", "@import", "url("] {
      #expect(!loaded.contains(external), "report.html must not load \(external)")
    }
    for anchor in ["id=\"verdicts\"", "id=\"provenance\"", "id=\"exceptions\"", "id=\"exp-t\"", "class=\"sortable\""] {
      #expect(html.contains(anchor), "\(anchor)")
    }
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
    // The CSV with the theory columns sits beside it.
    let csv = try String(contentsOf: dir.appendingPathComponent("curves/t.csv"), encoding: .utf8)
    #expect(csv.hasPrefix((CurveTables.header + CurveTables.theoryColumns).joined(separator: ",")))
  }

  @Test func anchorsAndEscaping() {
    #expect(ReportHTML.anchor("a b/c--d_e") == "a-b-c--d_e")
    #expect(ReportHTML.escape("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;")
  }
}
