import PropertyBased
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct SingularValueDecompositionTests {
  static func checkFactors(_ a: Matrix, _ svd: SingularValueDecomposition, _ context: String) {
    let k = min(a.rows, a.columns)
    #expect(svd.u.rows == a.rows && svd.u.columns == k && svd.v.rows == a.columns && svd.v.columns == k)
    let tol = Tolerance.factorization(a.rows, a.columns)
    let scale = svd.singularValues.first ?? 1
    let residual = Oracle.maxAbsDifference(svd.reconstructed(), a)
    #expect(residual <= tol * scale, "\(context): ‖A − USVᵀ‖max = \(format17(residual)) > \(format17(tol * scale))")
    for (name, q) in [("U", svd.u), ("V", svd.v)] {
      let loss = Oracle.maxAbsDifference(q.gramian(), .identity(k))
      #expect(
        loss <= Tolerance.orthogonality(max(a.rows, a.columns)), "\(context): \(name)ᵀ\(name) − I = \(format17(loss))")
    }
    #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(svd.singularValues.allSatisfy { $0 >= 0 })
  }

  @Test func reconstructsWithOrthonormalFactors() throws {
    try forEachDraw(zip(Gen.int(in: 1...60), Gen.int(in: 1...60)), count: 25, fixedSeed: 21) { draw in
      let (m, n) = draw.value
      let a = RandomStream(master: 9, "svd", "\(m)x\(n)").normalMatrix(rows: m, columns: n)
      Self.checkFactors(a, try a.singularValueDecomposition(), "\(m)×\(n) \(draw.replay)")
    }
  }

  /// n ≥ 100: where GSL 2.7.1's one-sided Jacobi SVD returns wrong factors with success.
  @Test(arguments: [(120, 110), (100, 100), (90, 130)])
  func largeMatricesAreCorrect(m: Int, n: Int) throws {
    let a = RandomStream(master: 10, "svd-large").normalMatrix(rows: m, columns: n)
    let svd = try a.singularValueDecomposition()
    Self.checkFactors(a, svd, "\(m)×\(n)")
    // Independent oracle: σ² are the eigenvalues of AᵀA (or AAᵀ), by symmetric QR.
    let gram = m >= n ? a.gramian() : a.transposed.gramian()
    let eig = try gram.symmetricEigendecomposition().eigenvalues.reversed().map { $0 }
    for (i, s) in svd.singularValues.enumerated() {
      // Eigenvalues of the Gram matrix are accurate to ε·‖A‖², i.e. absolutely.
      expectClose(s * s, eig[i], relativeTo: eig[0], tolerance: Tolerance.factorization(m, n), "σ\(i)²")
    }
  }

  @Test func rankOfRankDeficientMatrix() throws {
    let rng = RandomStream(master: 11, "rank")
    let a = Matrix.product(rng.normalMatrix(rows: 30, columns: 4), rng.normalMatrix(rows: 4, columns: 20))
    #expect(try a.singularValueDecomposition().rank() == 4)
  }

  @Test func invalidInputsThrow() {
    expectParameterError("A") { try Matrix(rows: 0, columns: 3).singularValueDecomposition() }
    expectParameterError("A") { try (try Matrix([[1, .infinity]])).singularValueDecomposition() }
  }
}
