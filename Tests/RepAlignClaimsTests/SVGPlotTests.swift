import Foundation
import Testing

@testable import RepAlignClaims

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct SVGPlotTests {
  static func plot() -> SVGPlot {
    var p = SVGPlot(title: "alignment vs n <d = 50>", xLabel: "n", yLabel: "CKA", logX: true)
    p.series.append(
      .init(label: "simulation", x: [5, 20, 50, 200], y: [0.6, 0.5, 0.1, 0.86], error: [0.01, 0.02, 0.03, 0.005]))
    p.series.append(.init(label: "theory", x: [5, 20, 50, 200], y: [0.64, 0.5, 0.42, 0.85], dashed: true))
    p.markers.append((50, "n = d"))
    return p
  }

  @Test func rendersWellFormedXML() {
    let svg = Self.plot().render()
    let parser = XMLParser(data: Data(svg.utf8))
    #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
    #expect(svg.contains("&lt;d = 50&gt;"))
  }

  @Test func drawsEverySeriesAndMarker() {
    let svg = Self.plot().render()
    #expect(svg.contains(">simulation</text>") && svg.contains(">theory</text>") && svg.contains(">n = d</text>"))
    #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
    // Four points with error bars plus four circles for the solid series only.
    #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
  }

  @Test func ticksCoverTheRange() {
    let t = SVGPlot.ticks(0.03, 0.97)
    #expect(t.first! >= 0.03 && t.last! <= 0.97 && t.count >= 4)
  }
}
