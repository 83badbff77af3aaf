import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct SymmetricEigendecompositionTests {
  @Test(arguments: [1, 5, 40, 120])
  func diagonalisesSymmetricMatrices(n: Int) throws {
    let g = RandomStream(master: 41, "eig").normalMatrix(rows: n + 3, columns: n).gramian()
    let e = try g.symmetricEigendecomposition()
    let q = e.eigenvectors
    let lambda = Matrix(rows: n, columns: n) { i, j in i == j ? e.eigenvalues[i] : 0 }
    let residual = Oracle.maxAbsDifference(q * lambda * q.transposed, g)
    #expect(residual <= Tolerance.factorization(n, n) * g.maxAbs, "QΛQᵀ − A = \(format17(residual))")
    #expect(Oracle.maxAbsDifference(q.gramian(), .identity(n)) <= Tolerance.orthogonality(n))
    #expect(zip(e.eigenvalues, e.eigenvalues.dropFirst()).allSatisfy { $0 <= $1 })
  }

  @Test func knownSpectrum() throws {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3 (exact).
    let e = try Matrix([[2, 1], [1, 2]]).symmetricEigendecomposition()
    expectClose(e.eigenvalues[0], 1, tolerance: 4 * Tolerance.epsilon, "λ₀")
    expectClose(e.eigenvalues[1], 3, tolerance: 4 * Tolerance.epsilon, "λ₁")
  }

  @Test func nonSquareIsAnError() {
    expectParameterError("A") { try Matrix(rows: 2, columns: 3).symmetricEigendecomposition() }
  }
}
