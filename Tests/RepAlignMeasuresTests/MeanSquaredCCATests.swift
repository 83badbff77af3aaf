import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct MeanSquaredCCATests {
  /// m ∈ 20...60 with widths up to m + 10 (the saturated regime included).
  static let shapes = zip(
    Gen.int(in: 20...60), Gen.int(in: 1...70), Gen.int(in: 1...70), Gen.int(in: 0...2),
    Gen.int(in: 0...1_000_000))

  /// The SVD form: U_A from GSL's SVD of the centred A (rank by `defaultRankCutoff`), canonical
  /// correlations = singular values of U_AᵀU_B (GSL SVD again), mean of their squares over
  /// min(r_A, r_B). Independent of the fast path's Gram-eigendecomposition whitening.
  static func svdReference(_ a: Matrix, _ b: Matrix) throws -> (value: Double, correlations: [Double]) {
    func basis(_ x: Matrix) throws -> Matrix {
      let svd = try x.centeredColumns.singularValueDecomposition()
      return svd.u.selectingColumns(Array(0..<svd.rank()))
    }
    let ua = try basis(a)
    let ub = try basis(b)
    let rho = try Matrix.product(ua, ub, transposeA: true).singularValueDecomposition().singularValues
    let r = min(ua.columns, ub.columns)
    return (rho.prefix(r).reduce(0) { $0 + $1 * $1 } / Double(r), Array(rho.prefix(r)))
  }

  /// Relative tolerance: the whitening squares the condition number of the centred data, so the
  /// fast path carries ≈ κ²·max(m, p)·ε relative error where the SVD form carries max(m, p)·ε;
  /// κ² ≲ 50 for Gaussian data with p ≤ m/√2…, and at most 1e4 for the near-square draws here
  /// (smallest singular value of an m × p Gaussian ≈ √m − √p). The bound used is
  /// `Tolerance.conditioned(κ², m, p)` with κ measured per draw.
  @Test func agreesWithSVDForm() throws {
    var largest = 0.0
    try forEachDraw(Self.shapes, count: 30, fixedSeed: 61) { draw in
      let (m, p, q, relation, seed) = draw.value
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let fast = try MeanSquaredCCA()(a, b)
      let reference = try Self.svdReference(a, b).value
      let kappa = { (x: Matrix) throws -> Double in
        let s = try x.centeredColumns.singularValueDecomposition().singularValues.filter {
          $0 > 1e-8 * (x.frobeniusNorm)
        }
        return s.first! / s.last!
      }
      let k = max(try kappa(a), try kappa(b))
      let relative = abs(fast - reference) / reference
      largest = max(largest, relative)
      #expect(
        relative <= Tolerance.conditioned(k * k, m, max(p, q)),
        "CCA m=\(m) p=\(p) q=\(q) κ=\(k): fast \(format17(fast)) SVD \(format17(reference)); \(draw.replay)")
    }
    print("REPORT cca vs GSL SVD-form reference: max relative difference \(largest)")
  }

  /// THEORY.md §8: uninformative when the width reaches m — centred data have rank m − 1, so an
  /// (m − 1)-dimensional basis spans everything and any B gives exactly 1 (up to round-off).
  @Test func saturatesWhenWidthReachesSampleCount() throws {
    let rng = RandomStream(master: 62, "cca-saturation")
    let a = rng.normalMatrix(rows: 20, columns: 25)
    let b = rng.normalMatrix(rows: 20, columns: 3)
    expectClose(try MeanSquaredCCA()(a, b), 1, tolerance: Tolerance.factorization(20, 25), "CCA, width ≥ m")
    #expect(try MeanSquaredCCA()(a.selectingColumns(Array(0..<5)), b) < 0.9)
  }
}
