import Foundation
import Testing

@testable import RepAlignClaims

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
}
