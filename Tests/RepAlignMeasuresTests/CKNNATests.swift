import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct CKNNATests {
  /// Dense oracle in Double: a line-by-line transliteration of Huh et al.'s `cknna(…,
  /// unbiased=True)` and `hsic_unbiased` (platonic-rep `metrics.py`: full m×m masks, K̃ with zero
  /// diagonal, `sum(K̃ ∘ L̃ᵀ) + sum(K̃)·sum(L̃)/((m−1)(m−2)) − 2·sum(K̃L̃)/(m−2)`, over m(m−3)),
  /// without their +1e-6 in the denominator.
  static func reference(_ a: Matrix, _ b: Matrix, k: Int) -> Double {
    let m = a.rows
    func gram(_ x: Matrix) -> [[Double]] {
      (0..<m).map { i in (0..<m).map { j in (0..<x.columns).reduce(0.0) { $0 + x[i, $1] * x[j, $1] } } }
    }
    func mask(_ g: [[Double]]) -> [[Double]] {
      (0..<m).map { i in
        let top = Set(
          (0..<m).filter { $0 != i }.sorted { g[i][$0] > g[i][$1] || (g[i][$0] == g[i][$1] && $0 < $1) }
            .prefix(k))
        return (0..<m).map { top.contains($0) ? 1 : 0 }
      }
    }
    func hsic(_ kt: [[Double]], _ lt: [[Double]]) -> Double {
      var t1 = 0.0
      var sk = 0.0
      var sl = 0.0
      var cross = 0.0
      for i in 0..<m {
        for j in 0..<m {
          t1 += kt[i][j] * lt[j][i]
          sk += kt[i][j]
          sl += lt[i][j]
          for l in 0..<m { cross += kt[i][j] * lt[j][l] }
        }
      }
      let md = Double(m)
      return (t1 + sk * sl / ((md - 1) * (md - 2)) - 2 * cross / (md - 2)) / (md * (md - 3))
    }
    func similarity(_ g: [[Double]], _ h: [[Double]]) -> Double {
      let (mg, mh) = (mask(g), mask(h))
      let both = (0..<m).map { i in (0..<m).map { j in mg[i][j] * mh[i][j] } }
      return hsic(
        (0..<m).map { i in (0..<m).map { j in both[i][j] * g[i][j] } },
        (0..<m).map { i in (0..<m).map { j in both[i][j] * h[i][j] } })
    }
    let (g, h) = (gram(a), gram(b))
    return similarity(g, h) / (similarity(g, g) * similarity(h, h)).squareRoot()
  }

  /// Relative agreement with the dense oracle: the two sum the same O(m·k) non-zero terms in
  /// different orders (and the Gram matrices by dsyrk vs. naive loops), γ_{m²} of the magnitudes.
  @Test func agreesWithTheDenseReference() throws {
    try forEachDraw(
      zip(Gen.int(in: 8...40), Gen.int(in: 1...6), Gen.int(in: 1...6), Gen.int(in: 0...2), Gen.int(in: 0...1_000_000)),
      count: 20, fixedSeed: 211
    ) { draw in
      let (m, p, q, relation, seed) = draw.value
      let k = min(10, m - 1)
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let value: Double
      do { value = try CKNNA(k: k)(a, b) } catch {
        // A non-positive masked self-HSIC is an error, never a NaN; the oracle must agree.
        let r = Self.reference(a, b, k: k)
        #expect(!r.isFinite || error is MeasureError, "m=\(m): \(error); oracle \(r); \(draw.replay)")
        return
      }
      let r = Self.reference(a, b, k: k)
      expectClose(value, r, tolerance: Tolerance.dotProduct(length: m * m) * 64, "m=\(m) k=\(k); \(draw.replay)")
    }
  }

  @Test func identicalInputsGiveOneAndIndependentOnesLittle() throws {
    let rng = RandomStream(master: 212, "cknna-basic")
    let a = rng.normalMatrix(rows: 200, columns: 8)
    #expect(try CKNNA()(a, a) == 1)
    let independent = try CKNNA()(a, rng.normalMatrix(rows: 200, columns: 8))
    #expect(abs(independent) < 0.2, "independent: \(independent)")
  }

  @Test func kAndSampleCountAreChecked() throws {
    let rng = RandomStream(master: 213, "cknna-k")
    let a = rng.normalMatrix(rows: 6, columns: 2)
    #expect { try CKNNA(k: 6)(a, a) } throws: { isInvalidParameter($0, "k") }
    #expect { try CKNNA(k: 0)(a, a) } throws: { isInvalidParameter($0, "k") }
    #expect(throws: MeasureError.tooFewSamples(measure: "CKNNA", required: 4, got: 3)) {
      try CKNNA(k: 1)(rng.normalMatrix(rows: 3, columns: 2), rng.normalMatrix(rows: 3, columns: 2))
    }
  }
}
