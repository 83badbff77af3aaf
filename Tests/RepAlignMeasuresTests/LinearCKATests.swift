import PropertyBased
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

@Suite struct LinearCKAReferenceTests {
  /// Shapes including wide representations (p, q > m) and a data seed.
  static let shapes = zip(
    Gen.int(in: 5...60), Gen.int(in: 1...80), Gen.int(in: 1...80), Gen.int(in: 0...2),
    Gen.int(in: 0...1_000_000))

  /// Kornblith et al.'s Gram form through BLAS products on the *uncentred* data:
  /// HSIC(K, L) ∝ ⟨HKH, HLH⟩_F with K = AAᵀ, L = BBᵀ, H = I − 11ᵀ/m explicit.
  static func gramReference(_ a: Matrix, _ b: Matrix) -> Double {
    let h = Naive.centering(a.rows)
    let k = Matrix.product(h, Matrix.product(Matrix.product(a, a, transposeB: true), h))
    let l = Matrix.product(h, Matrix.product(Matrix.product(b, b, transposeB: true), h))
    return Matrix.frobeniusInner(k, l) / (k.frobeniusNorm * l.frobeniusNorm)
  }

  /// Relative tolerance: every quantity is a sum of squares of centred products (positive), so the
  /// feature and Gram forms each carry ≲ γ_k relative error per product with k ≤ m + max(p, q)
  /// inner terms, amplified by |A|ᵀ|B| / |AᵀB| ≲ √m for unrelated data; 16·γ_k·√m covers the
  /// four products and the explicit centring of the reference.
  static func tolerance(m: Int, p: Int, q: Int) -> Double {
    16 * Tolerance.dotProduct(length: m + max(p, q)) * Double(m).squareRoot()
  }

  @Test func featureFormAgreesWithGramFormReference() throws {
    var largest = 0.0
    try forEachDraw(Self.shapes, count: 30, fixedSeed: 41) { draw in
      let (m, p, q, relation, seed) = draw.value
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let shifted = a.map { $0 + 3 } // the reference centres explicitly; the fast path by columns
      let fast = try LinearCKA()(shifted, b)
      let reference = Self.gramReference(shifted, b)
      let relative = abs(fast - reference) / abs(reference)
      largest = max(largest, relative)
      #expect(
        relative <= Self.tolerance(m: m, p: p, q: q),
        "linear CKA m=\(m) p=\(p) q=\(q): fast \(format17(fast)) Gram \(format17(reference)); \(draw.replay)")
    }
    print("REPORT linear_cka vs Gram-form reference: max relative difference \(largest)")
  }

  /// THEORY.md §8: between unrelated Gaussian representations the biased estimator sits near
  /// √(pq/((m + p)(m + q))) (ratio of expectations of ‖AᵀB‖², ‖AᵀA‖², ‖BᵀB‖²), not 0.
  /// R = 40 independent pairs at m = 200, p = q = 20: level ≈ 0.0909. The assertion allows
  /// z = 4 standard errors of the mean (two-sided false-failure rate 6e-5 under normality) plus
  /// 5 % of the level for the ratio-of-expectations approximation, whose relative bias is
  /// O(1/m + 1/(pq)) here.
  @Test func biasedNullLevel() throws {
    let (m, p, q, replicates) = (200, 20, 20, 40)
    let rng = RandomStream(master: TestSeeds.seed(43), "cka-null")
    let values = try (0..<replicates).map { _ in
      try LinearCKA()(rng.normalMatrix(rows: m, columns: p), rng.normalMatrix(rows: m, columns: q))
    }
    let mean = values.reduce(0, +) / Double(replicates)
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(replicates - 1)).squareRoot()
    let se = sd / Double(replicates).squareRoot()
    let level = (Double(p * q) / (Double(m + p) * Double(m + q))).squareRoot()
    print("REPORT linear_cka null: mean \(mean) ± \(se), predicted \(level)")
    #expect(abs(mean - level) <= 4 * se + 0.05 * level, "mean \(mean) ± \(se), predicted \(level)")
  }
}
