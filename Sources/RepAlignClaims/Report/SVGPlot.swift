import Foundation

/// A minimal, dependency-free SVG line plot: series with optional error bars, linear or log x
/// axis, vertical markers (e.g. the interpolation threshold), axis labels and a legend. Good enough
/// for the report's figures; opens in any browser.
package struct SVGPlot: Sendable {
  package struct Series: Sendable {
    package var label: String
    package var x: [Double]
    package var y: [Double]
    /// Half-widths of error bars (same length as y), or nil.
    package var error: [Double]?
    /// Draw points only (no connecting line), e.g. for scatter plots.
    package var pointsOnly: Bool
    /// Dashed line (e.g. a theory curve).
    package var dashed: Bool

    package init(
      label: String, x: [Double], y: [Double], error: [Double]? = nil, pointsOnly: Bool = false, dashed: Bool = false
    ) {
      self.label = label
      self.x = x
      self.y = y
      self.error = error
      self.pointsOnly = pointsOnly
      self.dashed = dashed
    }
  }

  package var title: String
  package var xLabel: String
  package var yLabel: String
  package var logX: Bool
  package var series: [Series] = []
  /// Vertical marker lines: (x, label).
  package var markers: [(Double, String)] = []

  package init(title: String, xLabel: String, yLabel: String, logX: Bool = false) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logX = logX
  }

  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

  /// The SVG document.
  package func render(width: Double = 640, height: Double = 420) -> String {
    let (left, right, top, bottom) = (70.0, 170.0, 40.0, 55.0)
    let plotW = width - left - right
    let plotH = height - top - bottom
    func tx(_ x: Double) -> Double { logX ? log10(max(x, 1e-300)) : x }
    let xs = series.flatMap { $0.x.filter(\.isFinite) }.map(tx) + markers.map { tx($0.0) }
    var ys: [Double] = []
    for s in series {
      for (i, y) in s.y.enumerated() where y.isFinite {
        let e = s.error?[i] ?? 0
        ys += [y - (e.isFinite ? e : 0), y + (e.isFinite ? e : 0)]
      }
    }
    var (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1)
    var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
    if x1 <= x0 { (x0, x1) = (x0 - 1, x0 + 1) }
    if y1 <= y0 { (y0, y1) = (y0 - 1, y0 + 1) }
    let pad = 0.05 * (y1 - y0)
    (y0, y1) = (y0 - pad, y1 + pad)
    func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * plotW }
    func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
    func f(_ v: Double) -> String { String(format: "%.2f", v) }

    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(left + plotW / 2))" y="22" text-anchor="middle" font-size="14">\(escape(title))</text>
      <rect x="\(f(left))" y="\(f(top))" width="\(f(plotW))" height="\(f(plotH))" fill="none" stroke="#333"/>

      """
    // Ticks.
    for t in Self.ticks(y0, y1) {
      svg +=
        "<line x1=\"\(f(left - 4))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(t)))\" stroke=\"#ddd\"/>"
      svg += "<text x=\"\(f(left - 7))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
    }
    let xTicks = logX ? Self.ticks(x0, x1).filter { $0 == $0.rounded() } : Self.ticks(x0, x1)
    for t in xTicks {
      let x = logX ? pow(10, t) : t
      svg +=
        "<line x1=\"\(f(px(x)))\" y1=\"\(f(top))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotH + 4))\" stroke=\"#eee\"/>"
      svg += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(Self.label(x))</text>\n"
    }
    svg +=
      "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 12))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
    svg +=
      "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
    for (x, label) in markers {
      svg +=
        "<line x1=\"\(f(px(x)))\" y1=\"\(f(top))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotH))\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>"
      svg += "<text x=\"\(f(px(x) + 3))\" y=\"\(f(top + 12))\" fill=\"#555\">\(escape(label))</text>\n"
    }
    for (k, s) in series.enumerated() {
      let color = Self.palette[k % Self.palette.count]
      let points = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
      if !s.pointsOnly && points.count > 1 {
        let path = points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
        svg +=
          "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(path)\"/>\n"
      }
      for (i, (x, y)) in zip(s.x, s.y).enumerated() where x.isFinite && y.isFinite {
        if let e = s.error?[i], e.isFinite, e > 0 {
          svg +=
            "<line x1=\"\(f(px(x)))\" y1=\"\(f(py(y - e)))\" x2=\"\(f(px(x)))\" y2=\"\(f(py(y + e)))\" stroke=\"\(color)\"/>"
        }
        if !s.dashed { svg += "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"2.8\" fill=\"\(color)\"/>" }
      }
      let ly = top + 14 + Double(k) * 18
      svg +=
        "\n<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + plotW + 32))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
      svg += "<text x=\"\(f(left + plotW + 36))\" y=\"\(f(ly))\">\(escape(s.label))</text>\n"
    }
    svg += "</svg>\n"
    return svg
  }

  /// About five round tick values covering [lo, hi].
  static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
    let raw = (hi - lo) / 5
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    var t = ceil(lo / step) * step
    var out: [Double] = []
    while t <= hi + 1e-9 * step {
      out.append(abs(t) < 1e-12 * step ? 0 : t)
      t += step
    }
    return out
  }

  static func label(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
    return String(format: "%.3g", v)
  }

  private func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
