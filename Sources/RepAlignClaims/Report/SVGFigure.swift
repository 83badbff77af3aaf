import Foundation

/// Several `SVGPlot`s stacked as panels of one figure, sharing one x-axis (its range is the union
/// of the panels' ranges, padded; tick labels and the x label are drawn under the bottom panel
/// only, marker labels above the top one) and one legend to the right (the union of the panels'
/// legend entries, by label). Each panel keeps its own y-axis; its `title` is drawn as the
/// panel's heading and its `note` inside it. The report draws one figure per claim and kind, one
/// panel per measure.
package struct SVGFigure: Sendable {
  package var title: String
  package var xLabel: String
  package var logX: Bool
  package var panels: [SVGPlot]

  package init(title: String, xLabel: String, logX: Bool = false, panels: [SVGPlot] = []) {
    self.title = title
    self.xLabel = xLabel
    self.logX = logX
    self.panels = panels
  }

  /// Panel height and the vertical gap between panels (room for the next panel's heading), px.
  static let panelHeight = 200.0
  static let panelGap = 34.0

  /// The SVG document, `width` px wide at least (wider if the legend needs it).
  package func render(width: Double = 760) -> String {
    var entries: [(label: String, color: String, dashed: Bool, points: Bool)] = []
    for p in panels {
      for e in p.legendEntries() where !entries.contains(where: { $0.label == e.label }) { entries.append(e) }
    }
    let left = 78.0
    let top = 62.0
    let bottom = 50.0
    let right = SVGPlot.legendWidth(entries)
    let plotW = max(160, width - left - right)
    let totalWidth = (left + plotW + right).rounded(.up)
    let n = Double(max(panels.count, 1))
    let height = (top + n * Self.panelHeight + (n - 1) * Self.panelGap + bottom).rounded(.up)
    var extent: (Double, Double)?
    for p in panels {
      var q = p
      q.logX = logX
      guard let e = q.xExtent() else { continue }
      extent = extent.map { (min($0.0, e.0), max($0.1, e.1)) } ?? e
    }
    let xRange = SVGPlot.padded(extent)
    let f = SVGPlot.f
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(totalWidth))" height="\(Int(height))" viewBox="0 0 \(Int(totalWidth)) \(Int(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(left + plotW / 2))" y="20" text-anchor="middle" font-size="14">\(SVGPlot.escape(title))</text>

      """
    for (k, p) in panels.enumerated() {
      var q = p
      q.logX = logX
      let y = top + Double(k) * (Self.panelHeight + Self.panelGap)
      if !p.title.isEmpty {
        svg +=
          "<text x=\"\(f(left))\" y=\"\(f(y - (k == 0 ? 22 : 8)))\" font-size=\"12\" font-weight=\"bold\">\(SVGPlot.escape(p.title))</text>\n"
      }
      svg += q.panel(
        frame: (left, y, plotW, Self.panelHeight), xRange: xRange, xTickLabels: k == panels.count - 1,
        markerLabels: k == 0, yLabelText: p.yLabel)
    }
    svg +=
      "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(SVGPlot.escape(xLabel))</text>\n"
    svg += SVGPlot.legend(entries, x: left + plotW, y: top)
    svg += "</svg>\n"
    return svg
  }
}
