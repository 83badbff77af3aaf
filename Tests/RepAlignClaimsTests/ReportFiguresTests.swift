import Foundation
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct ReportFiguresTests {
  struct Undefined: Error {}

  /// The theory hook is evaluated on every integer n of the grid's range, skips sizes where the
  /// tier throws, is drawn dashed, and its values are written to the theory CSV.
  @Test func theoryOverlayIsDrawnDashedAndTabulated() throws {
    let outcome = try CurveTablesTests.outcome() // d = 4, n ∈ {3, 6}, SNR ∈ {1, 4}
    let overlay = TheoryOverlay(label: "toy theory") { d, n, snr, _, _ in
      if n == d { throw Undefined() }
      return Double(n) / 100 + snr / 1000
    }
    let (figures, csv) = ReportFigures.figures(outcome, theory: overlay)
    let vsN = try #require(figures.first { $0.name == "t-alignment-vs-n-linear_cka" })
    let dashed = vsN.plot.series.filter(\.dashed)
    #expect(dashed.count == 2, "one theory curve per SNR level")
    #expect(dashed.first?.x == [3, 5, 6], "n = d = 4 skipped where the tier throws")
    #expect(dashed.first?.y == [3.0, 5, 6].map { $0 / 100 + 1.0 / 1000 }, "the hook's values at SNR 1, unchanged")
    #expect(vsN.plot.markers.map(\.0) == [4], "threshold n* = d")
    let table = try #require(csv["curves/t-theory.csv"]).split(separator: "\n")
    #expect(table.first == "experiment,n,snr,measure,theory")
    #expect(table.count == 1 + 2 * 3)
    #expect(table.contains { $0 == "t,5,4.0,linear_cka,\(5.0 / 100 + 4.0 / 1000)" })
  }

  @Test func withoutTheoryTheCaptionSaysSo() throws {
    let (figures, csv) = ReportFigures.figures(try CurveTablesTests.outcome(), theory: nil)
    #expect(csv.isEmpty)
    #expect(
      figures.map(\.name).sorted() == [
        "t-alignment-vs-n-linear_cka", "t-alignment-vs-snr-linear_cka", "t-alignment-vs-test-error-linear_cka",
        "t-test-error-vs-n",
      ])
    #expect(figures.first { $0.name == "t-alignment-vs-n-linear_cka" }?.caption.contains("No theory overlay") == true)
  }

  static let toy = TheoryOverlay(
    label: "toy theory", predict: { _, n, snr, _, _ in Double(n) / 100 + snr / 1000 },
    risk: { _, n, snr, _, _ in Double(n) * snr })

  /// Alignment vs SNR carries the theory at every grid n, densely in SNR, in its n's colour, and
  /// tabulated in `-theory-vs-snr.csv`.
  @Test func snrFigureCarriesDenseTheory() throws {
    let (figures, csv) = ReportFigures.figures(try CurveTablesTests.outcome(), theory: Self.toy)
    let vsSNR = try #require(figures.first { $0.name == "t-alignment-vs-snr-linear_cka" })
    let dashed = vsSNR.plot.series.filter(\.dashed)
    #expect(dashed.count == 2, "one per n")
    #expect(dashed.map(\.colorIndex) == [0, 1])
    #expect(dashed[0].x.count == ReportFigures.densePoints && dashed[0].x.first == 1 && dashed[0].x.last == 4)
    let expectedLast: Double = 3.0 / 100 + 4.0 / 1000
    #expect(dashed[0].y.last == expectedLast)
    let table = try #require(csv["curves/t-theory-vs-snr.csv"]).split(separator: "\n")
    #expect(table.count == 1 + 2 * ReportFigures.densePoints)
    let risk = try #require(csv["curves/t-theory-test-error.csv"]).split(separator: "\n")
    #expect(risk.contains("t,5,4.0,test_error,20.0"))
  }

  /// One figure per kind, one panel per measure, the test error as the last panel of the vs-n
  /// figure; the scatter's points are labelled by n with horizontal error bars.
  @Test func panelFiguresGroupByKind() throws {
    let outcome = try CurveTablesTests.outcome()
    let (figures, _) = ReportFigures.panelFigures(outcome, theory: Self.toy)
    #expect(figures.map(\.name) == ["t-alignment-vs-n", "t-alignment-vs-snr", "t-alignment-vs-test-error"])
    #expect(figures[0].figure.panels.map(\.yLabel) == ["linear_cka", "test error"])
    #expect(figures[0].caption.hasPrefix("One panel per measure (linear_cka), then the test error"))
    let scatter = try #require(figures[2].figure.panels.first?.series.first)
    #expect(scatter.pointLabels == ["n = 3", "n = 6"] && scatter.xError != nil)
    let svg = figures[0].figure.render()
    #expect((try? XMLDocument(xmlString: svg)) != nil)
  }

  /// The ringed pair is the one `Decoupling` decides on: alignment and error both higher.
  @Test func decisivePairHasHigherAlignmentAndHigherError() throws {
    let outcome = try CurveTablesTests.outcome()
    let level = outcome.levels[0]
    var points = outcome.results.filter { $0.point.noiseIndex == level }.sorted { $0.point.n < $1.point.n }
    // Toy values: n = 3 alignment 3.1, n = 6 alignment 6.1 (± 0.5); give errors with s.e.
    points = points.map { p in
      PointResult(
        experiment: p.experiment, point: p.point, snr: p.snr, alignment: p.alignment,
        testError: Estimate(p.point.n == 6 ? 2 : 1, standardError: 0.01), trainLoss: p.trainLoss,
        interpolatedFraction: p.interpolatedFraction, parameterCount: p.parameterCount, seed: p.seed)
    }
    #expect(ReportFigures.decisivePair(points, measure: "linear_cka", higherIsMoreAligned: true) == [1, 0])
    #expect(ReportFigures.decisivePair(points, measure: "linear_cka", higherIsMoreAligned: false) == [])
  }

  /// The grid theory (CSV residual columns) is the overlay's value at each point.
  @Test func gridTheoryIsTheOverlayAtTheGrid() throws {
    let outcome = try CurveTablesTests.outcome()
    let g = try #require(ReportFigures.gridTheory(outcome, theory: Self.toy))
    for r in outcome.results {
      #expect(g.alignment[r.point.index] == Double(r.point.n) / 100 + r.snr / 1000)
      #expect(g.testError[r.point.index] == Double(r.point.n) * r.snr)
    }
    #expect(ReportFigures.gridTheory(outcome, theory: nil) == nil)
  }
}
