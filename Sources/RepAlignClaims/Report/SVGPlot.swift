import Foundation

/// A minimal, dependency-free SVG line plot: series with optional error bars, linear or log x
/// axis, vertical markers (e.g. the interpolation threshold), axis labels and a legend. Good enough
/// for the report's figures; opens in any browser. `SVGFigure` stacks several plots as panels
/// sharing one x-axis.
///
/// Layout rules (what the report's browser check, `ReportHTMLBrowserTests`, measures):
/// - both axes are padded (`axisPadding` of the data range on each side, in the axis's own scale,
///   log for a log axis) so no marker or error-bar cap touches the frame;
/// - log axes carry labelled ticks at the decades, and at 2 and 5 times them when fewer than three
///   decades fall inside the range, with unlabelled minor ticks at 2…9 times each decade;
/// - the legend sits outside the plot area, to its right, and its width is computed from its
///   longest label (`textWidth`), so it never covers data and never leaves the figure;
/// - colours are the Okabe–Ito palette (distinguishable under the common colour-vision
///   deficiencies); a theory curve takes the colour of the simulated series it belongs to
///   (`Series.colorIndex`).
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
    /// Text drawn beside each point (same length as y), e.g. "n = 30"; nil for none.
    package var pointLabels: [String]?
    /// Indices of points drawn with a ring around them (e.g. the decisive pair of a claim check).
    package var highlighted: [Int]
    /// Palette index; nil means the series' position in the plot.
    package var colorIndex: Int?
    /// Leave the series out of the legend (e.g. a second theory curve of the same colour).
    package var hiddenFromLegend: Bool
    /// Half-widths of horizontal error bars (same length as x), or nil.
    package var xError: [Double]?

    package init(
      label: String, x: [Double], y: [Double], error: [Double]? = nil, pointsOnly: Bool = false, dashed: Bool = false,
      pointLabels: [String]? = nil, highlighted: [Int] = [], colorIndex: Int? = nil, hiddenFromLegend: Bool = false,
      xError: [Double]? = nil
    ) {
      self.label = label
      self.x = x
      self.y = y
      self.error = error
      self.pointsOnly = pointsOnly
      self.dashed = dashed
      self.pointLabels = pointLabels
      self.highlighted = highlighted
      self.colorIndex = colorIndex
      self.hiddenFromLegend = hiddenFromLegend
      self.xError = xError
    }
  }

  package var title: String
  package var xLabel: String
  package var yLabel: String
  package var logX: Bool
  package var series: [Series] = []
  /// Vertical marker lines: (x, label).
  package var markers: [(Double, String)] = []
  /// A note drawn in the plot's top-left corner inside a panel of an `SVGFigure` (e.g. which way
  /// is "more aligned"); empty for none.
  package var note: String = ""

  package init(title: String, xLabel: String, yLabel: String, logX: Bool = false) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logX = logX
  }

  /// Okabe & Ito (2008), "Color Universal Design": blue, vermillion, bluish green, orange,
  /// reddish purple, sky blue, yellow-ish dark (black last). Safe under protanopia, deuteranopia
  /// and tritanopia.
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

  /// Fraction of the data range added on each side of both axes.
  static let axisPadding = 0.06

  /// Estimated rendered width of `text` at `fontSize` px in a sans-serif font: 0.6 em per
  /// character, a slight over-estimate for Latin text (DejaVu Sans averages about 0.55 em), so
  /// layouts computed from it leave room rather than overflow.
  static func textWidth(_ text: String, fontSize: Double = 12) -> Double {
    Double(text.count) * 0.6 * fontSize
  }

  /// The x transform (log10 for a log axis).
  func tx(_ x: Double) -> Double { logX ? log10(max(x, 1e-300)) : x }

  /// The transformed x range of the data and markers, unpadded; nil when there is none.
  func xExtent() -> (Double, Double)? {
    var xs: [Double] = markers.map { tx($0.0) }
    for s in series {
      for (i, x) in s.x.enumerated() where x.isFinite && (!logX || x > 0) {
        let e = s.xError.flatMap { i < $0.count && $0[i].isFinite ? $0[i] : nil } ?? 0
        xs += [tx(x), tx(x + e)] + (x - e > 0 || !logX ? [tx(x - e)] : [])
      }
    }
    guard let lo = xs.min(), let hi = xs.max() else { return nil }
    return (lo, hi)
  }

  /// The y range of the data including error bars, unpadded; nil when there is none.
  func yExtent() -> (Double, Double)? {
    var ys: [Double] = []
    for s in series {
      for (i, y) in s.y.enumerated() where y.isFinite {
        let e = s.error.flatMap { i < $0.count ? $0[i] : nil } ?? 0
        ys += [y - (e.isFinite ? e : 0), y + (e.isFinite ? e : 0)]
      }
    }
    guard let lo = ys.min(), let hi = ys.max() else { return nil }
    return (lo, hi)
  }

  /// Pads a range by `axisPadding` on each side (a unit either side of a degenerate one).
  static func padded(_ range: (Double, Double)?) -> (Double, Double) {
    var (lo, hi) = range ?? (0, 1)
    if hi <= lo { (lo, hi) = (lo - 1, lo + 1) }
    let pad = axisPadding * (hi - lo)
    return (lo - pad, hi + pad)
  }

  /// The legend entries: (label, colour, dashed, points), in series order, without duplicates.
  func legendEntries() -> [(label: String, color: String, dashed: Bool, points: Bool)] {
    var seen = Set<String>()
    var out: [(label: String, color: String, dashed: Bool, points: Bool)] = []
    for (k, s) in series.enumerated() where !s.hiddenFromLegend && !seen.contains(s.label) {
      seen.insert(s.label)
      out.append((s.label, Self.color(s.colorIndex ?? k), s.dashed, s.pointsOnly))
    }
    return out
  }

  static func color(_ index: Int) -> String { palette[((index % palette.count) + palette.count) % palette.count] }

  /// Width of the legend column for these entries.
  static func legendWidth(_ entries: [(label: String, color: String, dashed: Bool, points: Bool)]) -> Double {
    guard !entries.isEmpty else { return 10 }
    return 44 + (entries.map { textWidth($0.label) }.max() ?? 0) + 10
  }

  /// Legend at (x, y) (top-left of the first entry's line).
  static func legend(_ entries: [(label: String, color: String, dashed: Bool, points: Bool)], x: Double, y: Double)
    -> String
  {
    var svg = ""
    for (k, e) in entries.enumerated() {
      let ly = y + 14 + Double(k) * 18
      if e.points {
        svg +=
          "<circle cx=\"\(f(x + 22))\" cy=\"\(f(ly - 4))\" r=\"3.5\" fill=\"\(e.color)\" stroke=\"white\" stroke-width=\"0.8\" class=\"legend-mark\"/>"
      } else {
        svg +=
          "<line x1=\"\(f(x + 12))\" y1=\"\(f(ly - 4))\" x2=\"\(f(x + 36))\" y2=\"\(f(ly - 4))\" stroke=\"\(e.color)\" stroke-width=\"2\"\(e.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
      }
      svg += "<text x=\"\(f(x + 42))\" y=\"\(f(ly))\">\(escape(e.label))</text>\n"
    }
    return svg
  }

  /// The SVG document.
  package func render(width: Double = 640, height: Double = 420) -> String {
    let entries = legendEntries()
    let (left, top, bottom) = (70.0, 44.0, 55.0)
    let right = Self.legendWidth(entries)
    let frame = (x: left, y: top, width: max(120, width - left - right), height: height - top - bottom)
    let totalWidth = frame.x + frame.width + right
    var svg = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(totalWidth.rounded(.up)))" height="\(Int(height))" viewBox="0 0 \(Int(totalWidth.rounded(.up))) \(Int(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(Self.f(frame.x + frame.width / 2))" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>

      """
    svg += panel(
      frame: frame, xRange: Self.padded(xExtent()), xTickLabels: true, markerLabels: true, yLabelText: yLabel)
    svg +=
      "<text x=\"\(Self.f(frame.x + frame.width / 2))\" y=\"\(Self.f(height - 12))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
    svg += Self.legend(entries, x: frame.x + frame.width, y: frame.y)
    svg += "</svg>\n"
    return svg
  }

  /// The plot area, its ticks, markers and series, drawn in `frame` with the (transformed,
  /// padded) x range `xRange`. Tick labels on the x-axis and marker labels (above the frame) are
  /// optional so that stacked panels label them once.
  func panel(
    frame: (x: Double, y: Double, width: Double, height: Double), xRange: (Double, Double), xTickLabels: Bool,
    markerLabels: Bool, yLabelText: String
  ) -> String {
    let (left, top, plotW, plotH) = frame
    let (x0, x1) = xRange
    let (y0, y1) = Self.padded(yExtent())
    func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * plotW }
    func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
    let f = Self.f
    var svg =
      "<g class=\"panel\"><rect class=\"plot-area\" x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
    for t in Self.ticks(y0, y1) {
      svg +=
        "<line x1=\"\(f(left - 4))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(py(t)))\" stroke=\"#e4e4e4\"/>"
      svg += "<text x=\"\(f(left - 7))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
    }
    let (major, minor) = logX ? Self.logTicks(x0, x1) : (Self.ticks(x0, x1).map { ($0, true) }, [])
    for x in minor {
      svg +=
        "<line x1=\"\(f(px(x)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotH + 3))\" stroke=\"#999\"/>"
    }
    for (x, labelled) in major {
      svg +=
        "<line x1=\"\(f(px(x)))\" y1=\"\(f(top))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#e4e4e4\"/>"
      if xTickLabels && labelled {
        svg += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(Self.label(x))</text>\n"
      }
    }
    svg +=
      "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabelText))</text>\n"
    if !note.isEmpty {
      svg += "<text x=\"\(f(left + 6))\" y=\"\(f(top + 14))\" fill=\"#444\" font-size=\"11\">\(escape(note))</text>\n"
    }
    for (x, label) in markers {
      svg +=
        "<line x1=\"\(f(px(x)))\" y1=\"\(f(top))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + plotH))\" stroke=\"#666\" stroke-dasharray=\"2 3\"/>"
      if markerLabels {
        svg +=
          "<text x=\"\(f(px(x)))\" y=\"\(f(top - 5))\" text-anchor=\"middle\" fill=\"#444\" font-size=\"11\">\(escape(label))</text>\n"
      }
    }
    // Lines first (theory underneath), then error bars and points on top.
    let order = series.indices.sorted { (series[$0].dashed ? 0 : 1, $0) < (series[$1].dashed ? 0 : 1, $1) }
    for k in order {
      let s = series[k]
      let color = Self.color(s.colorIndex ?? k)
      guard !s.pointsOnly || s.pointLabels != nil else { continue }
      // A non-finite value breaks the line: one polyline per finite run.
      var runs: [[(Double, Double)]] = [[]]
      for (x, y) in zip(s.x, s.y) {
        if x.isFinite && y.isFinite && (!logX || x > 0) { runs[runs.count - 1].append((x, y)) } else { runs.append([]) }
      }
      for run in runs where run.count > 1 {
        let path = run.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
        let style =
          s.dashed
          ? " stroke-width=\"1.6\" stroke-dasharray=\"6 4\""
          : (s.pointsOnly ? " stroke-width=\"1\" stroke-opacity=\"0.5\"" : " stroke-width=\"1.5\"")
        svg += "<polyline fill=\"none\" stroke=\"\(color)\"\(style) points=\"\(path)\"/>\n"
      }
    }
    // Labels along a dashed (theory) curve: text only, in the curve's colour, no marker.
    for k in order where series[k].dashed {
      let s = series[k]
      guard let labels = s.pointLabels else { continue }
      let color = Self.color(s.colorIndex ?? k)
      for (i, (x, y)) in zip(s.x, s.y).enumerated()
      where i < labels.count && !labels[i].isEmpty && x.isFinite && y.isFinite && (!logX || x > 0) {
        let rightHalf = px(x) > left + plotW / 2
        let ly = min(max(py(y) + 13, top + 11), top + plotH - 4)
        svg +=
          "<text x=\"\(f(px(x) + (rightHalf ? -4 : 4)))\" y=\"\(f(ly))\" text-anchor=\"\(rightHalf ? "end" : "start")\" font-size=\"9\" fill=\"\(color)\" fill-opacity=\"0.85\" class=\"point-label\">\(escape(labels[i]))</text>"
      }
      svg += "\n"
    }
    var placed: [(x0: Double, x1: Double, y0: Double, y1: Double)] = []
    for k in order where !series[k].dashed {
      let s = series[k]
      let color = Self.color(s.colorIndex ?? k)
      let indices =
        Array(s.x.indices.filter { s.highlighted.contains($0) })
        + s.x.indices.filter { !s.highlighted.contains($0) }
      for i in indices where i < s.y.count {
        let (x, y) = (s.x[i], s.y[i])
        guard x.isFinite && y.isFinite && (!logX || x > 0) else { continue }
        if let e = s.error.flatMap({ i < $0.count ? $0[i] : nil }), e.isFinite, e > 0 {
          let (xa, ya, yb) = (px(x), py(y - e), py(y + e))
          svg +=
            "<path d=\"M\(f(xa)),\(f(ya))V\(f(yb))M\(f(xa - 3.5)),\(f(ya))h7M\(f(xa - 3.5)),\(f(yb))h7\" stroke=\"\(color)\" stroke-width=\"1.3\" fill=\"none\" class=\"error-bar\"/>"
        }
        if let e = s.xError.flatMap({ i < $0.count ? $0[i] : nil }), e.isFinite, e > 0, !logX || x - e > 0 {
          let (xa, xb, ya) = (px(x - e), px(x + e), py(y))
          svg +=
            "<path d=\"M\(f(xa)),\(f(ya))H\(f(xb))M\(f(xa)),\(f(ya - 3.5))v7M\(f(xb)),\(f(ya - 3.5))v7\" stroke=\"\(color)\" stroke-width=\"1.3\" fill=\"none\" class=\"error-bar\"/>"
        }
        svg +=
          "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"3.5\" fill=\"\(color)\" stroke=\"white\" stroke-width=\"0.8\"/>"
        if s.highlighted.contains(i) {
          svg +=
            "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"8\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" class=\"decisive\"/>"
        }
        if let labels = s.pointLabels, i < labels.count, !labels[i].isEmpty {
          // Right of the point in the left half of the panel, left of it in the right half, so
          // the text stays inside the panel; a label that would overlap one already drawn is left
          // out (the decisive points are labelled first, so theirs always stay).
          let rightHalf = px(x) > left + plotW / 2
          let lx = px(x) + (rightHalf ? -10 : 10)
          let ly = min(max(py(y) - 6, top + 11), top + plotH - 4)
          let w = Self.textWidth(labels[i], fontSize: 10)
          let box = (x0: rightHalf ? lx - w : lx, x1: rightHalf ? lx : lx + w, y0: ly - 10, y1: ly)
          let clashes = placed.contains { $0.x0 < box.x1 && box.x0 < $0.x1 && $0.y0 < box.y1 && box.y0 < $0.y1 }
          if clashes && !s.highlighted.contains(i) { continue }
          placed.append(box)
          svg +=
            "<text x=\"\(f(lx))\" y=\"\(f(ly))\" text-anchor=\"\(rightHalf ? "end" : "start")\" font-size=\"10\" fill=\"\(color)\" class=\"point-label\">\(escape(labels[i]))</text>"
        }
      }
      svg += "\n"
    }
    svg += "</g>\n"
    return svg
  }

  /// About five round tick values covering [lo, hi]. Always terminates: a degenerate range (empty,
  /// non-finite, or narrower than the spacing of doubles at its ends) gets its end points at most,
  /// and the loop stops after `maximumTicks` or when a step no longer moves t.
  static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
    guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
    let raw = (hi - lo) / 5
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    guard step.isFinite, step > 0 else { return [lo, hi] }
    var t = ceil(lo / step) * step
    var out: [Double] = []
    while t <= hi + 1e-9 * step && out.count < maximumTicks {
      out.append(abs(t) < 1e-12 * step ? 0 : t)
      let next = t + step
      if !(next > t) { break }
      t = next
    }
    return out
  }

  /// Guard on the tick loop: round steps give at most 11 ticks over a range.
  static let maximumTicks = 50

  /// Ticks of a log axis whose transformed (log10) range is [lo, hi], as values (not logs):
  /// `major` = (value, labelled) at the decades, plus 2× and 5× when fewer than three decades
  /// fall inside; `minor` = the other multiples 2…9 of each decade inside the range.
  static func logTicks(_ lo: Double, _ hi: Double) -> (major: [(Double, Bool)], minor: [Double]) {
    guard lo.isFinite, hi.isFinite, hi > lo else { return ([], []) }
    let first = Int(floor(lo)) - 1
    let last = Int(ceil(hi)) + 1
    func inside(_ v: Double) -> Bool { log10(v) >= lo - 1e-12 && log10(v) <= hi + 1e-12 }
    let decades = (first...last).map { pow(10, Double($0)) }.filter(inside)
    let dense = decades.count < 3
    var major = decades.map { ($0, true) }
    var minor: [Double] = []
    for e in first...last {
      let decade = pow(10, Double(e))
      for m in 2...9 {
        let v = Double(m) * decade
        guard inside(v) else { continue }
        if dense && (m == 2 || m == 5) { major.append((v, true)) } else { minor.append(v) }
      }
    }
    major.sort { $0.0 < $1.0 }
    return (major, minor)
  }

  static func label(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
    return String(format: "%.3g", v)
  }

  static func f(_ v: Double) -> String { String(format: "%.2f", v) }

  func escape(_ s: String) -> String { Self.escape(s) }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
