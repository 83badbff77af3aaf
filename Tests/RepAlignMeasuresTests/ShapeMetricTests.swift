import Foundation
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct ShapeMetricTests {
  /// The fixture of the reference script: A (30 × 4) and B (30 × 3) from a sin/cos lattice, B
  /// partly a copy of A so that the distances are well inside (0, π/2).
  static let m = 30
  static let a = Matrix(rows: m, columns: 4) { i, j -> Double in
    let angle: Double = 0.4 + 0.7 * Double(i) + 1.3 * Double(j)
    return sin(angle) + 0.1 * Double(i % 3)
  }
  static let b = Matrix(rows: m, columns: 3) { i, j -> Double in
    let angle: Double = 0.9 + 0.5 * Double(i) + 0.8 * Double(j)
    return cos(angle) + 0.05 * Double(i) / Double(m) + 0.5 * a[i, j]
  }

  /// Reference: netrep's `utils.whiten` (Z = V·diag(α + (1 − α)λ^{−1/2})·Vᵀ, λ = eig(XᵀX) clipped
  /// at 1e-7) and `LinearMetric(score_method="angular")` (arccos of the nuclear norm of XwᵀYw over
  /// the norms), transcribed in numpy 2.4.6 (netrep itself is not on PyPI), on the centred data
  /// scaled to unit Frobenius norm. NumPy's LAPACK eigh/svd against GSL's SVD and the two libms'
  /// sin/cos: agreement to the SVD's backward error amplified by the whitening (κ(Ã) ≲ 10 here),
  /// `Tolerance.conditioned(100, m, p)`.
  @Test(arguments: [
    (0.0, 0.9839228143685977), (0.25, 0.9855684398572837), (0.5, 1.0019020440834996), (1.0, 1.1026328851959304),
  ])
  func matchesNetrepFormula(_ alpha: Double, _ reference: Double) throws {
    expectClose(
      try ShapeMetric(alpha: alpha)(Self.a, Self.b), reference, tolerance: Tolerance.conditioned(100, Self.m, 4),
      "shape metric α = \(alpha)")
  }

  /// α = 1 is the Procrustes angle; α = 0 is invariant to invertible maps (here κ = 2⁴⁰), as CCA.
  @Test func endpointsAreProcrustesAndCCA() throws {
    expectClose(
      try ShapeMetric(alpha: 1)(Self.a, Self.b), try ProcrustesAngle()(Self.a, Self.b),
      tolerance: Tolerance.factorization(Self.m, 4), "α = 1")
    let rng = RandomStream(master: 91, "shape-alpha0")
    var w = try Transforms.orthogonal(4, rng)
    w.withUnsafeMutableBufferPointer { e in
      for i in 0..<4 { for j in 0..<4 { e[i * 4 + j] *= pow(2, -40 * Double(j) / 3) } }
    }
    expectClose(
      try ShapeMetric(alpha: 0)(Matrix.product(Self.a, w), Self.b), try ShapeMetric(alpha: 0)(Self.a, Self.b),
      tolerance: Tolerance.conditioned(100, Self.m, 4), "α = 0 under κ = 2^40")
    #expect(ShapeMetric(alpha: 0).declaration.invariances.contains(.invertibleLinearMap))
    #expect(!ShapeMetric(alpha: 0.5).declaration.invariances.contains(.invertibleLinearMap))
    for bad in [-0.1, 1.5, Double.nan] {
      #expect {
        try ShapeMetric(alpha: bad)(Self.a, Self.b)
      } throws: { error in
        guard case .invalidParameter(let p)? = error as? MeasureError else { return false }
        return p.parameter == "alpha"
      }
    }
  }

  /// Reference: the Bures–Wasserstein distance between K = ÃÃᵀ and L = B̃B̃ᵀ of unit trace,
  /// √(tr K + tr L − 2 tr (K^{1/2} L K^{1/2})^{1/2}), with both square roots from numpy's eigh
  /// (eigenvalues below 1e-12 of the largest set to 0): 1.0476181505784203. (scipy.linalg.sqrtm
  /// gives 1.0476181258570352: its square root of these rank-4, 30 × 30 matrices is only
  /// √ε-accurate.) The clipped eigh route is accurate to ≈ ε/(2·√1e-12) ≈ 1e-10; tolerance 1e-9.
  @Test func buresDistanceMatchesMatrixSquareRoots() throws {
    let value = try BuresDistance()(Self.a, Self.b)
    expectClose(value, 1.0476181505784203, tolerance: Self.buresTolerance, "Bures distance")
    let nbs = try ProcrustesSimilarity()(Self.a, Self.b)
    expectClose(value, (2 - 2 * nbs).squareRoot(), tolerance: Tolerance.factorization(Self.m, 4), "√(2 − 2 NBS)")
  }

  static let buresTolerance = 1e-9
}
