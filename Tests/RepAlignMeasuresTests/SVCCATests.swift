import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct SVCCATests {
  /// With `dimensions` ≥ both ranks SVCCA is the mean canonical correlation, checked against the
  /// GSL SVD form of `MeanSquaredCCATests.svdReference` (same tolerance argument).
  @Test func fullDimensionIsMeanCanonicalCorrelation() throws {
    try forEachDraw(MeanSquaredCCATests.shapes, count: 20, fixedSeed: 71) { draw in
      let (m, p0, q0, relation, seed) = draw.value
      let (p, q) = (min(p0, m / 2), min(q0, m / 2))
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let rho = try MeanSquaredCCATests.svdReference(a, b).correlations
      let reference = rho.reduce(0, +) / Double(rho.count)
      let fast = try SVCCA(dimensions: 1000)(a, b)
      expectClose(
        fast, reference, tolerance: Tolerance.conditioned(100, m, max(p, q)),
        "SVCCA m=\(m) p=\(p) q=\(q); \(draw.replay)")
    }
  }

  /// The SVD step: SVCCA with k directions equals the mean canonical correlation between the
  /// explicit rank-k truncations U_kΣ_k of the two representations.
  @Test func truncationMatchesExplicitTopDirections() throws {
    let rng = RandomStream(master: 72, "svcca-k")
    let a = rng.normalMatrix(rows: 50, columns: 12)
    let b = Matrix.product(a, rng.normalMatrix(rows: 12, columns: 9)) + rng.normalMatrix(rows: 50, columns: 9)
    func truncated(_ x: Matrix, _ k: Int) throws -> Matrix {
      let svd = try x.centeredColumns.singularValueDecomposition()
      return Matrix(rows: x.rows, columns: k) { i, j in svd.u[i, j] * svd.singularValues[j] }
    }
    for k in [1, 3, 5] {
      let rho = try MeanSquaredCCATests.svdReference(try truncated(a, k), try truncated(b, k)).correlations
      expectClose(
        try SVCCA(dimensions: k)(a, b), rho.reduce(0, +) / Double(k),
        tolerance: Tolerance.conditioned(100, 50, 12), "SVCCA k=\(k)")
    }
    #expect { try SVCCA(dimensions: 0)(a, b) } throws: { isInvalidParameter($0, "dimensions") }
  }

  /// Small but well-resolved directions are kept (the old cut-off, 1e-5 in singular values,
  /// dropped them): A = [Z₁, s·Z₂] with s = 1e-6 spans B = Z₂ exactly, so every canonical
  /// correlation between them is 1 and SVCCA = CCA = 1. The SVD resolves a direction of relative
  /// size s to ≈ ε/s, so the tolerance is `Tolerance.conditioned(1/s, m, p)`. CCA (column-pivoted
  /// QR of the equilibrated data) keeps directions at any scale, checked down to s = 2⁻⁴⁰.
  @Test func smallWellResolvedDirectionsAreKept() throws {
    let rng = RandomStream(master: 73, "svcca-small")
    let m = 40
    let z1 = rng.normalMatrix(rows: m, columns: 2)
    let z2 = rng.normalMatrix(rows: m, columns: 2)
    func stacked(_ s: Double) -> Matrix {
      Matrix(rows: m, columns: 4) { i, j in j < 2 ? z1[i, j] : s * z2[i, j - 2] }
    }
    expectClose(
      try SVCCA()(stacked(1e-6), z2), 1, tolerance: Tolerance.conditioned(1e6, m, 4), "SVCCA with a 1e-6 direction")
    for s in [1e-6, 0x1p-40] {
      expectClose(
        try MeanSquaredCCA()(stacked(s), z2), 1, tolerance: Tolerance.conditioned(100, m, 4), "CCA with scale \(s)")
    }
  }
}
