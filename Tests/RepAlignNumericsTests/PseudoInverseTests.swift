import PropertyBased
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct PseudoInverseTests {
  /// A random m × n matrix of rank r (product of Gaussian m × r and r × n factors).
  static func lowRank(_ m: Int, _ n: Int, _ r: Int, _ seed: Int) -> Matrix {
    let rng = RandomStream(master: UInt64(seed), "low-rank")
    return Matrix.product(rng.normalMatrix(rows: m, columns: r), rng.normalMatrix(rows: r, columns: n))
  }

  /// The four Penrose conditions: AXA = A, XAX = X, (AX)ᵀ = AX, (XA)ᵀ = XA.
  @Test func penroseConditionsHoldForRankDeficientInputs() throws {
    let gen = zip(Gen.int(in: 2...40), Gen.int(in: 2...40), Gen.int(in: 1...40), Gen.int(in: 0...99_999))
    try forEachDraw(gen, count: 25, fixedSeed: 31) { draw in
      let (m, n, r0, seed) = draw.value
      let r = min(r0, m - 1, n - 1) > 0 ? min(r0, m - 1, n - 1) : 1 // strictly rank-deficient
      let a = Self.lowRank(m, n, r, seed)
      let svd = try a.singularValueDecomposition()
      let x = try a.pseudoInverse()
      #expect(svd.rank() == r, "rank \(svd.rank()) ≠ \(r); \(draw.replay)")
      // Residuals scale with κ = σ_max/σ_r of the retained part and with ‖A‖, ‖X‖.
      let kappa = svd.singularValues[0] / svd.singularValues[r - 1]
      let tol = Tolerance.conditioned(kappa, m, n)
      let ax = a * x
      let xa = x * a
      let nA = a.maxAbs
      let nX = x.maxAbs
      let checks: [(String, Double, Double)] = [
        ("AXA = A", Oracle.maxAbsDifference(ax * a, a), nA),
        ("XAX = X", Oracle.maxAbsDifference(xa * x, x), nX),
        ("(AX)ᵀ = AX", Oracle.maxAbsDifference(ax.transposed, ax), 1),
        ("(XA)ᵀ = XA", Oracle.maxAbsDifference(xa.transposed, xa), 1),
      ]
      for (name, residual, scale) in checks {
        #expect(
          residual <= tol * scale,
          "\(name) for \(m)×\(n) rank \(r): \(format17(residual)) > \(format17(tol * scale)); \(draw.replay)")
      }
    }
  }

  /// Full column rank: least squares equals the normal-equations solution (Cholesky of AᵀA).
  @Test func leastSquaresMatchesNormalEquations() throws {
    let rng = RandomStream(master: 32, "lstsq")
    let a = rng.normalMatrix(rows: 80, columns: 12)
    let y = rng.normals(80)
    let ls = try Matrix.leastSquares(a, Matrix(column: y))
    let normal = try a.gramian().choleskyFactorization().solve(a.times(y, transposed: true))
    #expect(ls.rank == 12)
    let kappa = ls.singularValues[0] / ls.singularValues[11]
    for i in 0..<12 {
      // The normal equations square κ; allow κ² times the factorisation tolerance.
      expectClose(ls.solution.elements[i], normal[i], tolerance: Tolerance.conditioned(kappa * kappa, 80, 12), "β\(i)")
    }
  }

  /// Under-determined: the minimum-norm solution interpolates and lies in the row space of A.
  @Test func leastSquaresIsMinimumNorm() throws {
    let rng = RandomStream(master: 33, "min-norm")
    let a = rng.normalMatrix(rows: 10, columns: 30)
    let y = rng.normals(10)
    let beta = try Matrix.leastSquares(a, Matrix(column: y)).solution
    let fitted = (a * beta).elements
    for i in 0..<10 { expectClose(fitted[i], y[i], tolerance: Tolerance.conditioned(10, 10, 30), "fit \(i)") }
    // Row-space membership: β = Aᵀ(AAᵀ)⁻¹y exactly when β = Aᵀw for some w.
    let w = try (a * a.transposed).choleskyFactorization().solve(y)
    let rowSpace = a.times(w, transposed: true)
    for i in 0..<30 {
      expectClose(beta.elements[i], rowSpace[i], tolerance: Tolerance.conditioned(100, 10, 30), "β\(i)")
    }
  }

  @Test func shapeMismatchIsAnError() {
    expectParameterError("B") {
      try Matrix.leastSquares(Matrix(rows: 3, columns: 2, repeating: 1), Matrix(rows: 4, columns: 1))
    }
  }
}
