import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct LinearCKATests {
  /// THEORY.md §8 exact fixture: CKA² = 16129/64240 in rational arithmetic, so
  /// CKA = √(16129/64240) = 127/√64240 = 0.50107294592278774… .
  @Test func exactRationalFixture() throws {
    let x = try Matrix([[1, 2, 0], [0, 1, 3], [2, 0, 1], [1, 1, 1], [3, 2, 2]])
    let y = try Matrix([[1, 0], [2, 1], [0, 3], [1, 2], [2, 2]])
    let cka = try LinearCKA()(x, y)
    // A few ulps: centring, two 3×3/2×2 Gram norms and a product of 5-term sums.
    expectClose(cka, 0.501_072_945_922_787_74, tolerance: 8 * Tolerance.epsilon, "linear CKA fixture")
  }

  @Test func selfSimilarityIsOne() throws {
    let a = RandomStream(master: 1, "cka-self").normalMatrix(rows: 50, columns: 7)
    expectClose(try LinearCKA()(a, a), 1, tolerance: 16 * Tolerance.epsilon, "CKA(A, A)")
  }

  @Test func ensembleJackknifeNeedsThreeMembers() throws {
    let rng = RandomStream(master: 2, "ens")
    let reps = (0..<4).map { _ in rng.normalMatrix(rows: 30, columns: 3) }
    let result = try EnsembleAlignment.compute(reps, measure: LinearCKA())
    #expect(result.standardError != nil)
    #expect(result.values.rows == 4)
    let two = try EnsembleAlignment.compute(Array(reps.prefix(2)), measure: LinearCKA())
    #expect(two.standardError == nil)
    #expect(two.mean == two.values[0, 1])
  }

  @Test func degenerateInputsAreErrors() throws {
    let a = RandomStream(master: 3, "cka-bad").normalMatrix(rows: 10, columns: 2)
    #expect(throws: MeasureError.constantRepresentation(argument: "B", measure: "linear CKA")) {
      try LinearCKA()(a, Matrix(rows: 10, columns: 2, repeating: 3))
    }
    #expect(throws: MeasureError.sampleCountMismatch(a: 10, b: 9)) {
      try LinearCKA()(a, Matrix(rows: 9, columns: 2, repeating: 3))
    }
  }
}
