import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct DebiasedLinearCKATests {
  static let fixtureX: [[Double]] = [[1, 2, 0], [0, 1, 3], [2, 0, 1], [1, 1, 1], [3, 2, 2]]
  static let fixtureY: [[Double]] = [[1, 0], [2, 1], [0, 3], [1, 2], [2, 2]]

  /// THEORY.md §8 exact fixture, debiased linear CKA = −0.20100756305184241… (rational
  /// arithmetic). 8 ulps of the value: the U-centred Gram form rounds each of the 25 Gram entries
  /// and their sums once.
  @Test func exactRationalFixture() throws {
    let value = try DebiasedLinearCKA()(try Matrix(Self.fixtureX), try Matrix(Self.fixtureY))
    let expected = -0.201_007_563_051_842_41
    expectClose(value, expected, tolerance: 8 * expected.ulp, "debiased CKA fixture")
  }

  /// The estimator as Song et al. (2012) write it, on the uncentred Gram matrices K = AAᵀ with
  /// zeroed diagonals: [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((m−1)(m−2)) − 2/(m−2)·1ᵀK̃L̃1] / (m(m−3)).
  static func songHSIC(_ a: Matrix, _ b: Matrix) -> Double {
    let m = a.rows
    var k = Matrix.product(a, a, transposeB: true)
    var l = Matrix.product(b, b, transposeB: true)
    for i in 0..<m {
      k[i, i] = 0
      l[i, i] = 0
    }
    let ones = [Double](repeating: 1, count: m)
    let k1 = k.times(ones)
    let l1 = l.times(ones)
    let n = Double(m)
    let sum = { (v: [Double]) in v.reduce(0, +) }
    return (Matrix.frobeniusInner(k, l) + sum(k1) * sum(l1) / ((n - 1) * (n - 2)) - 2 / (n - 2) * dot(k1, l1))
      / (n * (n - 3))
  }

  static func songReference(_ a: Matrix, _ b: Matrix) -> Double {
    songHSIC(a, b) / (songHSIC(a, a) * songHSIC(b, b)).squareRoot()
  }

  /// Absolute tolerance (the value can be ≈ 0, so relative error is meaningless): both forms sum
  /// terms of size ≲ tr K·tr L / (m(m−3)) that cancel to a result of size ≤ √(HSIC_AA·HSIC_BB);
  /// round-off is γ_k (k ≈ m + p) per term times that cancellation ratio c, computed per draw.
  @Test func agreesWithSongEstimatorOnGramMatrices() throws {
    var largest = 0.0
    try forEachDraw(LinearCKAReferenceTests.shapes, count: 30, fixedSeed: 51) { draw in
      let (m0, p, q, relation, seed) = draw.value
      let m = max(m0, 6)
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let fast = try DebiasedLinearCKA()(a, b)
      let reference = Self.songReference(a, b)
      let ka = Matrix.product(a, a, transposeB: true)
      let kb = Matrix.product(b, b, transposeB: true)
      let n = Double(m)
      let cancellation =
        (ka.trace * kb.trace / (n * (n - 3)))
        / (Self.songHSIC(a, a) * Self.songHSIC(b, b)).squareRoot()
      let tolerance = 16 * Tolerance.dotProduct(length: m + max(p, q)) * max(1, cancellation)
      largest = max(largest, abs(fast - reference))
      expectClose(fast, reference, tolerance: tolerance, "debiased CKA m=\(m) p=\(p) q=\(q); \(draw.replay)")
    }
    print("REPORT debiased_cka vs Song Gram-form reference: max absolute difference \(largest)")
  }

  /// THEORY.md §8: the debiased estimator is ≈ 0 between unrelated representations even when
  /// the widths are comparable to m (here m = 100, p = q = 50, where the biased level is ≈ 0.33).
  /// R = 40 pairs; |mean| ≤ 4 standard errors (two-sided false-failure rate 6e-5).
  @Test func nullLevelIsZero() throws {
    let (m, p, replicates) = (100, 50, 40)
    let rng = RandomStream(master: TestSeeds.seed(53), "debiased-null")
    let values = try (0..<replicates).map { _ in
      try DebiasedLinearCKA()(rng.normalMatrix(rows: m, columns: p), rng.normalMatrix(rows: m, columns: p))
    }
    let mean = values.reduce(0, +) / Double(replicates)
    let se = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(replicates - 1) / Double(replicates))
      .squareRoot()
    print("REPORT debiased_cka null: mean \(mean) ± \(se)")
    #expect(abs(mean) <= 4 * se, "mean \(mean) ± \(se)")
  }

  @Test func needsFourSamples() throws {
    let rng = RandomStream(master: 54, "debiased-small")
    #expect(throws: MeasureError.tooFewSamples(measure: "debiased CKA", required: 4, got: 3)) {
      try DebiasedLinearCKA()(rng.normalMatrix(rows: 3, columns: 2), rng.normalMatrix(rows: 3, columns: 2))
    }
  }
}
