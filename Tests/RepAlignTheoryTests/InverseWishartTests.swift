import Foundation
import PropertyBased
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// Inverse-Wishart moments against inverse-χ² closed forms and against Monte Carlo.
@Suite struct InverseWishartTests {
  /// p = 1: W ~ χ²_N, E[1/W] = 1/(N − 2), E[1/W²] = 1/((N − 2)(N − 4)) (inverse-χ² moments).
  @Test(arguments: [5, 6, 10, 40])
  func reducesToInverseChiSquare(n: Int) throws {
    let w = try InverseWishartMoments(p: 1, degreesOfFreedom: n)
    let nd = Double(n)
    expectClose(w.meanTrace, 1 / (nd - 2), tolerance: 4 * Tolerance.epsilon, "E 1/χ² N=\(n)")
    expectClose(
      try w.meanTraceOfSquare(), 1 / ((nd - 2) * (nd - 4)), tolerance: 4 * Tolerance.epsilon,
      "E 1/χ⁴ N=\(n)")
    expectClose(
      try w.meanSquaredTrace(), 1 / ((nd - 2) * (nd - 4)), tolerance: 4 * Tolerance.epsilon,
      "(tr)² = tr(²) for p=1")
  }

  @Test func domainsAreErrors() throws {
    expectParameterError("N − p") { try InverseWishartMoments(p: 10, degreesOfFreedom: 11) }
    let w = try InverseWishartMoments(p: 10, degreesOfFreedom: 13) // m = 3: mean yes, second no
    #expect(w.meanTrace == 10.0 / 2.0)
    expectParameterError("N − p") { try w.meanTraceOfSquare() }
    expectParameterError("N − p") { try w.meanSquaredTrace() }
  }

  /// Monte Carlo over 4000 Wishart draws (p = 4, N = 16, m = 12 — m large enough that tr W⁻²
  /// has finite fourth moments and the CLT applies); z = 4.4 for each of 3 checks, overall
  /// false-failure rate ≈ 3·1e-5.
  @Test func monteCarloAgreement() throws {
    let p = 4
    let n = 16
    let draws = 4000
    let stream = RandomStream(StreamSeed(master: TestSeeds.seed(502)).child("wishart"))
    var tr: [Double] = []
    var tr2: [Double] = []
    var trsq: [Double] = []
    for _ in 0..<draws {
      let x = stream.normalMatrix(rows: n, columns: p)
      let e = try x.gramian().symmetricEigendecomposition()
      let inv = e.eigenvalues.map { 1 / $0 }
      let t = inv.reduce(0, +)
      tr.append(t)
      tr2.append(inv.reduce(0) { $0 + $1 * $1 })
      trsq.append(t * t)
    }
    let w = try InverseWishartMoments(p: p, degreesOfFreedom: n)
    let z = 4.4
    for (name, sample, expected) in [
      ("E tr W⁻¹", tr, w.meanTrace), ("E tr W⁻²", tr2, try w.meanTraceOfSquare()),
      ("E (tr W⁻¹)²", trsq, try w.meanSquaredTrace()),
    ] {
      let mean = sample.reduce(0, +) / Double(draws)
      let sd = (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws - 1))
        .squareRoot()
      let se = sd / Double(draws).squareRoot()
      #expect(
        abs(mean - expected) <= z * se,
        "\(name): MC \(format17(mean)) ± \(format17(se)) vs \(format17(expected))")
    }
  }
}
