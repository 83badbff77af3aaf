import Foundation
import Testing
import _TestSupport

@testable import RepAlignClaims

/// A headless Chromium on PATH (Debian package `chromium`), if any.
enum HeadlessBrowser {
  static let path: String? = {
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    for name in names {
      for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
    }
    return nil
  }()

  /// The page's layout, measured in the browser by `script` after load: one entry per
  /// `figure.report-figure` with its SVG's rendered size and the texts that leave it (any text
  /// outside the SVG's box; a point label or marker outside its panel's plot area).
  struct FigureLayout: Decodable {
    let id: String
    let w: Double
    let h: Double
    let overflow: [String]
  }

  static let script = """
    <script>(function(){
      function outside(b, r){ return b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1; }
      var out = [];
      document.querySelectorAll('figure.report-figure').forEach(function(f){
        var svg = f.querySelector('svg');
        var r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        var rec = {id: f.id, w: r.width, h: r.height, overflow: []};
        if (svg) {
          svg.querySelectorAll('text').forEach(function(t){
            if (outside(t.getBoundingClientRect(), r)) rec.overflow.push('figure: ' + t.textContent);
          });
          svg.querySelectorAll('g.panel').forEach(function(g){
            var a = g.querySelector('rect.plot-area').getBoundingClientRect();
            g.querySelectorAll('text.point-label, circle').forEach(function(t){
              if (outside(t.getBoundingClientRect(), a)) rec.overflow.push('panel: ' + (t.textContent || 'marker'));
            });
          });
        }
        out.push(rec);
      });
      var pre = document.createElement('pre');
      pre.id = 'layout-measurements';
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
    })();</script>
    """

  /// Renders `html` (a copy with `script` appended) with `--dump-dom` and returns the
  /// measurements; throws with the browser's output when there are none.
  static func measure(html: String, browser: String) throws -> [FigureLayout] {
    struct NoMeasurements: Error, CustomStringConvertible { let description: String }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("browser-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("page.html")
    try Data(html.replacingOccurrences(of: "</body>", with: script + "</body>").utf8).write(to: page)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900",
      "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--dump-dom", page.absoluteString,
    ]
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let dom = String(decoding: data, as: UTF8.self)
    guard let start = dom.range(of: "<pre id=\"layout-measurements\">"),
      let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
    else {
      throw NoMeasurements(
        description:
          "\(browser) --dump-dom gave no measurements (exit \(process.terminationStatus)): \(String(decoding: errors, as: UTF8.self).suffix(800))"
      )
    }
    let json = dom[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    return try JSONDecoder().decode([FigureLayout].self, from: Data(json.utf8))
  }
}

/// Slow tier: renders `report.html` in headless Chromium and checks that every figure has a
/// non-empty box and that no text leaves its figure (no point label or marker its panel). Runs
/// on a report written from the toy outcome and on the committed `Validation/report/report.html`.
/// Skipped, with the reason, without `REPALIGN_SLOW=1` or without a browser
/// (`sudo apt-get install -y chromium`).
@Suite(
  .enabled(if: TestTier.slow, "slow tier only (REPALIGN_SLOW=1)"),
  .enabled(
    if: HeadlessBrowser.path != nil,
    "skipped: no headless browser on PATH (chromium, chromium-browser, google-chrome); install with `sudo apt-get install -y chromium`"
  )
)
struct ReportHTMLBrowserTests {
  static func check(_ html: String, source: String) throws {
    let layout = try HeadlessBrowser.measure(html: html, browser: HeadlessBrowser.path!)
    let expected = html.components(separatedBy: "<figure class=\"report-figure\"").count - 1
    #expect(layout.count == expected && expected > 0, "\(source): \(layout.count) figures measured of \(expected)")
    for f in layout {
      #expect(f.w > 0 && f.h > 0, "\(source) \(f.id): empty bounding box \(f.w)×\(f.h)")
      #expect(f.overflow.isEmpty, "\(source) \(f.id): text outside its figure or panel: \(f.overflow)")
    }
  }

  /// The measurement itself: a label placed outside its SVG, and a point label outside its
  /// panel, are both reported; an empty figure has an empty box.
  @Test func measurementDetectsOverflow() throws {
    let html = """
      <!DOCTYPE html><html><body>
      <figure class="report-figure" id="fig-bad"><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100"><g class="panel"><rect class="plot-area" x="10" y="10" width="50" height="50"/><text x="20" y="30" class="point-label">far too long a label for this panel</text></g><text x="90" y="50">outside</text></svg></figure>
      <figure class="report-figure" id="fig-empty"></figure>
      </body></html>
      """
    let layout = try HeadlessBrowser.measure(html: html, browser: HeadlessBrowser.path!)
    #expect(layout.count == 2)
    #expect(layout.first?.overflow.contains("figure: outside") == true, "\(layout.first?.overflow ?? [])")
    #expect(layout.first?.overflow.contains { $0.hasPrefix("panel: far too long") } == true)
    #expect(layout.last.map { $0.w == 0 && $0.h == 0 } == true)
  }

  @Test func toyReportRendersWithoutOverflow() throws {
    let dir = try ReportHTMLTests.writeReport()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.check(
      try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8), source: "toy report")
  }

  @Test func committedReportRendersWithoutOverflow() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let url = root.appendingPathComponent("Validation/report/report.html")
    let html = try #require(try? String(contentsOf: url, encoding: .utf8), "no \(url.path)")
    try Self.check(html, source: "Validation/report/report.html")
  }
}
