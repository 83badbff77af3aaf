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

  /// Degenerate ranges (issue 15: a tiny spec's constant curve looped forever in the tick code)
  /// return at most a few ticks instead of looping: empty, reversed, non-finite, and ranges
  /// narrower than the spacing of doubles at their ends.
  @Test(arguments: [
    (0.5, 0.5), (1, 0), (.nan, 1), (0, .infinity), (-.infinity, .infinity), (1e17, 1e17 + 32), (1e300, 1.7e308),
    (-1.7e308, 1.7e308), (5e-324, 1e-323),
  ])
  func degenerateRangesTerminate(_ lo: Double, _ hi: Double) {
    let t = SVGPlot.ticks(lo, hi)
    #expect(t.count <= SVGPlot.maximumTicks && t.allSatisfy(\.isFinite), "\(lo)…\(hi): \(t)")
  }

  /// A whole plot of constant, single-point and non-finite series renders (well-formed XML).
  @Test func degeneratePlotsRender() {
    var p = SVGPlot(title: "degenerate", xLabel: "n", yLabel: "CKA", logX: true)
    p.series.append(.init(label: "constant", x: [4, 4, 4], y: [0.5, 0.5, 0.5]))
    p.series.append(.init(label: "single", x: [7], y: [.nan]))
    p.series.append(.init(label: "infinite", x: [0, -1], y: [.infinity, 1]))
    let svg = p.render()
    #expect(XMLParser(data: Data(svg.utf8)).parse())
  }
}

/// Layout rules of `SVGPlot` and `SVGFigure` (padding, log ticks, palette, legend placement,
/// error bars, broken lines), read back from the SVG text.
@Suite struct SVGLayoutTests {
  /// Numbers of attribute `name` in every element starting with `tag`.
  static func attribute(_ name: String, of tag: String, in svg: String) -> [Double] {
    svg.components(separatedBy: "<\(tag) ").dropFirst().compactMap { element in
      guard let range = element.range(of: "\(name)=\"") else { return nil }
      return Double(element[range.upperBound...].prefix { $0 != "\"" })
    }
  }

  /// The plot-area rectangles: (x, y, width, height).
  static func plotAreas(_ svg: String) -> [(Double, Double, Double, Double)] {
    svg.components(separatedBy: "<rect class=\"plot-area\" ").dropFirst().map { element in
      func value(_ name: String) -> Double {
        let r = element.range(of: "\(name)=\"")!
        return Double(element[r.upperBound...].prefix { $0 != "\"" })!
      }
      return (value("x"), value("y"), value("width"), value("height"))
    }
  }

  /// Every marker lies strictly inside the plot area, at least 3 px from the frame (the axes are
  /// padded), including the extreme points of the data.
  @Test func markersAreInsideThePaddedFrame() throws {
    let svg = SVGPlotTests.plot().render()
    let area = try #require(Self.plotAreas(svg).first)
    let cx = Self.attribute("cx", of: "circle", in: svg)
    let cy = Self.attribute("cy", of: "circle", in: svg)
    #expect(cx.count == 4)
    for (x, y) in zip(cx, cy) {
      #expect(x > area.0 + 3 && x < area.0 + area.2 - 3, "cx \(x) in \(area)")
      #expect(y > area.1 + 3 && y < area.1 + area.3 - 3, "cy \(y) in \(area)")
    }
  }

  /// A log axis over 5…200 labels its decades (10, 100) and, with fewer than three of them,
  /// 2× and 5× too; minor ticks are unlabelled.
  @Test func logAxisIsLabelledWithValues() {
    let (major, minor) = SVGPlot.logTicks(log10(5), log10(200))
    #expect(major.map(\.0) == [5, 10, 20, 50, 100, 200])
    #expect(major.allSatisfy { $0.1 })
    #expect(minor.contains(30) && !minor.contains(20))
    let wide = SVGPlot.logTicks(-2, 3).major.map(\.0)
    #expect(wide == [0.01, 0.1, 1, 10, 100, 1000], "five decades: decades only")
    let svg = SVGPlotTests.plot().render()
    for label in ["10", "100"] { #expect(svg.contains(">\(label)</text>"), "tick label \(label)") }
  }

  /// Okabe–Ito colours; a theory curve can take its simulation's colour; the legend is right of
  /// the plot area and inside the document.
  @Test func paletteAndLegendPlacement() throws {
    #expect(SVGPlot.palette.prefix(3) == ["#0072B2", "#D55E00", "#009E73"])
    var p = SVGPlot(title: "t", xLabel: "x", yLabel: "y")
    p.series.append(.init(label: "simulation with a rather long legend label", x: [1, 2], y: [1, 2]))
    p.series.append(.init(label: "theory", x: [1, 2], y: [1, 2], dashed: true, colorIndex: 0))
    let svg = p.render(width: 500)
    #expect(svg.components(separatedBy: "stroke=\"#0072B2\"").count - 1 >= 3, "both series and legend lines blue")
    #expect(!svg.contains("#D55E00"))
    let area = try #require(Self.plotAreas(svg).first)
    let width = try #require(Self.attribute("width", of: "svg", in: svg).first)
    let legendX = Self.attribute("x", of: "text", in: svg).filter { $0 > area.0 + area.2 }
    #expect(legendX.count == 2, "both legend labels right of the plot area")
    let longest = SVGPlot.textWidth("simulation with a rather long legend label")
    #expect(legendX.allSatisfy { $0 + longest <= width }, "legend text inside the document")
  }

  /// Error bars are capped paths, in both directions when given; a NaN breaks a line in two.
  @Test func errorBarsAndBrokenLines() {
    var p = SVGPlot(title: "t", xLabel: "x", yLabel: "y")
    p.series.append(.init(label: "a", x: [1, 2, 3], y: [1, 2, 1], error: [0.1, 0.1, 0.1], xError: [0.05, 0, 0]))
    p.series.append(.init(label: "b", x: [1, 2, 3, 4, 5], y: [1, .nan, 2, 3, 4], dashed: true))
    let svg = p.render()
    #expect(svg.components(separatedBy: "class=\"error-bar\"").count - 1 == 4, "3 vertical + 1 horizontal")
    // One polyline for "a", two for "b" (points 3…5 and nothing for the single point 1).
    #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
  }

  /// Panels share the x range: the same x maps to the same pixel in every panel; x tick labels
  /// only under the bottom panel.
  @Test func figurePanelsShareTheXAxis() throws {
    var a = SVGPlot(title: "linear_cka", xLabel: "n", yLabel: "linear_cka")
    a.series.append(.init(label: "SNR 1", x: [2, 10], y: [0.5, 0.7]))
    var b = SVGPlot(title: "debiased_cka", xLabel: "n", yLabel: "debiased_cka")
    b.series.append(.init(label: "SNR 1", x: [4, 40], y: [5, 7]))
    let svg = SVGFigure(title: "f", xLabel: "n", panels: [a, b]).render()
    let areas = Self.plotAreas(svg)
    #expect(areas.count == 2 && areas[0].0 == areas[1].0 && areas[0].2 == areas[1].2)
    #expect(svg.components(separatedBy: ">SNR 1</text>").count - 1 == 1, "one legend entry for both panels")
    let parser = XMLParser(data: Data(svg.utf8))
    #expect(parser.parse())
    let cx = Self.attribute("cx", of: "circle", in: svg)
    // Panel a's x = 2 is left of panel b's x = 4 (shared range [2, 40]).
    #expect(cx.count == 4 && cx[0] < cx[2] && cx[3] > cx[1])
  }
}
