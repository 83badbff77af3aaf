import Foundation
import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct ProcrustesSimilarityTests {
  /// An inverse-free, SVD-free oracle: the orthogonal polar factor Q of C = B̃ᵀÃ (zero-padded to
  /// square) by the Newton–Schulz iteration X ← X(3I − XᵀX)/2 from X₀ = C/‖C‖_F, then
  /// max_Q ⟨Ã, B̃Q⟩ = ⟨C, Q⟩_F. Only GEMMs are used, so it shares nothing with the GSL SVD path.
  static func polarReference(_ a: Matrix, _ b: Matrix) -> Double {
    let ac = a.centeredColumns
    let bc = b.centeredColumns
    let n = max(a.columns, b.columns)
    let cross = Matrix.product(bc, ac, transposeA: true)
    var c = Matrix(rows: n, columns: n)
    for i in 0..<cross.rows { for j in 0..<cross.columns { c[i, j] = cross[i, j] } }
    var x = (1 / c.frobeniusNorm) * c
    for _ in 0..<500 {
      let next = 0.5 * (Matrix.product(x, 3 * Matrix.identity(n) - Matrix.product(x, x, transposeA: true)))
      let change = (next - x).frobeniusNorm
      x = next
      if change < 1e-15 { break }
    }
    return Matrix.frobeniusInner(c, x) / (ac.frobeniusNorm * bc.frobeniusNorm)
  }

  /// Relative tolerance 1e-9 on a value in (0, 1]: Newton–Schulz converges quadratically once
  /// started but its error in a direction with singular value σ is ≲ σ·(1 − x)², so the oracle
  /// itself is only accurate to ≈ 1e-10 when C has tiny singular values; the draws use
  /// well-separated widths (p, q ≤ m/2) so that C is well conditioned.
  static let oracleTolerance = 1e-9

  @Test func nuclearNormAgreesWithPolarFactorOracle() throws {
    try forEachDraw(MeanSquaredCCATests.shapes, count: 20, fixedSeed: 81) { draw in
      let (m, p0, q0, relation, seed) = draw.value
      let (p, q) = (min(p0, m / 2), min(q0, m / 2))
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let fast = try ProcrustesSimilarity()(a, b)
      let reference = Self.polarReference(a, b)
      expectClose(fast, reference, tolerance: Self.oracleTolerance, "NBS m=\(m) p=\(p) q=\(q); \(draw.replay)")
      expectClose(try ProcrustesAngle()(a, b), acos(fast), tolerance: 4 * Tolerance.epsilon, "angle")
    }
  }

  /// A wide representation (p > m) goes through the Gram-space compaction; the value must be the
  /// one of the feature-space SVD.
  @Test func wideRepresentationsUseGramSpace() throws {
    let rng = RandomStream(master: 82, "procrustes-wide")
    let a = rng.normalMatrix(rows: 15, columns: 40)
    let b = Matrix.product(a, rng.normalMatrix(rows: 40, columns: 30)) + rng.normalMatrix(rows: 15, columns: 30)
    let direct =
      try Matrix.product(a.centeredColumns, b.centeredColumns, transposeA: true)
      .singularValueDecomposition().singularValues.reduce(0, +)
      / (a.centeredColumns.frobeniusNorm * b.centeredColumns.frobeniusNorm)
    expectClose(try ProcrustesSimilarity()(a, b), direct, tolerance: Tolerance.conditioned(100, 40, 40), "wide NBS")
  }
}
