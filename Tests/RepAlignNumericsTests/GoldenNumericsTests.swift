import Foundation
import RepAlignNumerics
import Testing
import _TestSupport

/// Golden regression data for the numerics layer: seeded random streams (bit-exact), an SVD and a
/// quadrature. The streams must not move at all — every other golden file depends on them.
@Suite struct GoldenNumericsTests {
  @Test func numericsFixtures() throws {
    let stream = RandomStream(StreamSeed(master: 20_261_122).child("golden").child(.noise))
    let normals = stream.normals(4)
    let uniforms = (0..<2).map { _ in stream.uniform() }
    let a = RandomStream(master: 7, "golden-svd").normalMatrix(rows: 12, columns: 8)
    let s = try a.singularValueDecomposition().singularValues
    let mp = try Quadrature.integrate(
      { 1 / $0 / (2 * Double.pi * 0.25 * $0) }, from: 0.25, to: 2.25,
      rule: .algebraicLogarithmic(alpha: 0.5, beta: 0.5)
    ).value
    var fields: [GoldenField] = []
    // Random streams: exact (0 ulp) — a change means every seeded result in the project moved.
    for (i, x) in normals.enumerated() { fields.append(GoldenField("stream.normal.\(i)", x, .ulps(0))) }
    for (i, x) in uniforms.enumerated() { fields.append(GoldenField("stream.uniform.\(i)", x, .ulps(0))) }
    // SVD: backward-stable, so singular values may move by O(max(m,n)·ε·σ_max) across BLAS builds.
    for (i, x) in s.enumerated() {
      fields.append(GoldenField("svd.12x8.sigma.\(i)", x, .ulps(16 * 12 * (s[0] / max(x, 1e-300)))))
    }
    // E[1/s] under Marchenko–Pastur with γ = 0.25: closed form 1/(1 − γ) = 4/3; the golden value
    // pins the quadrature's own round-off (10⁻¹⁰ requested; 10⁴ ulp ≈ 2·10⁻¹² allowed).
    fields.append(GoldenField("quadrature.mp.gamma0.25.inverse_moment", mp, .ulps(1e4)))
    checkGolden(
      "numerics-fixtures", note: "seeded streams (exact), SVD of a seeded 12x8 Gaussian, MP inverse moment", fields)
  }

  @Test func goldenFolderHoldsExactlyTheRegisteredFiles() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: GoldenFiles.directory.path)
      .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
    let present = Set(names)
    #expect(
      present.subtracting(GoldenFiles.expected).isEmpty,
      "orphaned golden files: \(present.subtracting(GoldenFiles.expected).sorted())")
    #expect(
      GoldenFiles.expected.subtracting(present).isEmpty,
      "missing golden files: \(GoldenFiles.expected.subtracting(present).sorted())")
  }
}
