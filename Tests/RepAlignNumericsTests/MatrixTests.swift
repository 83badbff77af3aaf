import PropertyBased
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct MatrixTests {
  /// Shapes m, k, n in 1...40 (covering 1×1 and non-square), both transpose flags, a data seed.
  static let shapes = zip(
    Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.bool, Gen.bool,
    Gen.int(in: 0...1_000_000))

  @Test func gemmAgreesWithNaiveLoop() {
    forEachDraw(Self.shapes, count: 40, fixedSeed: 11) { draw in
      let (m, k, n, ta, tb, s) = draw.value
      let rng = RandomStream(master: UInt64(s), "gemm")
      let a = ta ? rng.normalMatrix(rows: k, columns: m) : rng.normalMatrix(rows: m, columns: k)
      let b = tb ? rng.normalMatrix(rows: n, columns: k) : rng.normalMatrix(rows: k, columns: n)
      let fast = Matrix.product(a, b, transposeA: ta, transposeB: tb)
      let slow = Oracle.naiveProduct(a, b, transposeA: ta, transposeB: tb)
      let scale = Oracle.absoluteProduct(a, b, transposeA: ta, transposeB: tb)
      // Both sides carry at most γ_k·|A||B| error, so their difference is within 2γ_k·|A||B|.
      let bound = 2 * Tolerance.dotProduct(length: k)
      #expect(fast.rows == m && fast.columns == n)
      for i in 0..<(m * n) {
        let diff = abs(fast.elements[i] - slow.elements[i])
        if diff > bound * scale.elements[i] {
          Issue.record(
            "gemm \(m)×\(k)×\(n) tA=\(ta) tB=\(tb) entry \(i): \(format17(fast.elements[i])) vs \(format17(slow.elements[i])), bound \(format17(bound * scale.elements[i])); \(draw.replay)")
          break
        }
      }
    }
  }

  @Test func gemmAccumulatesWithBeta() {
    let rng = RandomStream(master: 3, "beta")
    let a = rng.normalMatrix(rows: 5, columns: 4)
    let b = rng.normalMatrix(rows: 4, columns: 6)
    let c0 = rng.normalMatrix(rows: 5, columns: 6)
    var c = c0
    Matrix.gemm(a, b, into: &c, alpha: 2, beta: -0.5)
    let expected = 2 * Oracle.naiveProduct(a, b, transposeA: false, transposeB: false) - 0.5 * c0
    #expect(Oracle.maxAbsDifference(c, expected) <= 8 * Tolerance.dotProduct(length: 4) * 10)
  }

  @Test func gramianAgreesWithNaiveAndIsSymmetric() {
    forEachDraw(zip(Gen.int(in: 1...50), Gen.int(in: 1...30)), count: 20, fixedSeed: 12) { draw in
      let (m, p) = draw.value
      let a = RandomStream(master: UInt64(m * 100 + p), "gram").normalMatrix(rows: m, columns: p)
      let g = a.gramian()
      let slow = Oracle.naiveProduct(a, a, transposeA: true, transposeB: false)
      let scale = Oracle.absoluteProduct(a, a, transposeA: true, transposeB: false)
      for i in 0..<p {
        for j in 0..<p {
          #expect(g[i, j] == g[j, i], "gramian not symmetric at (\(i), \(j)); \(draw.replay)")
          #expect(
            abs(g[i, j] - slow[i, j]) <= 2 * Tolerance.dotProduct(length: m) * scale[i, j],
            "gramian \(m)×\(p) at (\(i), \(j)); \(draw.replay)")
        }
      }
    }
  }

  @Test func gemvAgreesWithNaiveLoop() {
    forEachDraw(zip(Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.bool), count: 30, fixedSeed: 13)
    { draw in
      let (m, n, t) = draw.value
      let rng = RandomStream(master: 5, "gemv", "\(m)x\(n)")
      let a = rng.normalMatrix(rows: m, columns: n)
      let x = rng.normals(t ? m : n)
      let y = a.times(x, transposed: t)
      let slow = Oracle.naiveProduct(a, Matrix(column: x), transposeA: t, transposeB: false)
      let scale = Oracle.absoluteProduct(a, Matrix(column: x.map(abs)), transposeA: t, transposeB: false)
      for i in y.indices {
        #expect(
          abs(y[i] - slow.elements[i]) <= 2 * Tolerance.dotProduct(length: x.count) * scale.elements[i],
          "gemv \(m)×\(n) t=\(t) entry \(i); \(draw.replay)")
      }
    }
  }

  @Test func centringRemovesColumnMeans() {
    let rng = RandomStream(master: 7, "centre")
    var a = rng.normalMatrix(rows: 200, columns: 7)
    a.add(Matrix(rows: 200, columns: 7, repeating: 1000))
    let c = a.centeredColumns
    for (j, mean) in c.columnMeans.enumerated() {
      // Residual mean after subtracting a computed mean: O(m·ε·max|a|).
      expectClose(mean, 0, tolerance: 200 * Tolerance.epsilon * a.maxAbs, "column \(j) mean")
    }
  }

  @Test func frobeniusGeometry() {
    let a = try! Matrix([[3, 4], [0, 0]])
    #expect(a.frobeniusNorm == 5)
    let b = try! Matrix([[1, 2], [3, 4]])
    #expect(Matrix.frobeniusInner(a, b) == 11)
    #expect(b.trace == 5)
    #expect(b.transposed == (try! Matrix([[1, 3], [2, 4]])))
    #expect(b.transposed.transposed == b)
  }

  @Test func badShapesAreErrorsNotTraps() {
    #expect(throws: ParameterError.self) { try Matrix(rows: 2, columns: 2, elements: [1, 2, 3]) }
    #expect(throws: ParameterError.self) { try Matrix([[1, 2], [3]]) }
    #expect(throws: ParameterError.self) { try Matrix(rows: -1, columns: 2, elements: []) }
    let error = ParameterError("d", "must be ≥ 1", got: 0)
    #expect(error.description == "invalid d = 0: must be ≥ 1")
  }

  @Test func nonFiniteEntriesAreNamed() {
    let a = try! Matrix([[1, .nan]])
    #expect(throws: ParameterError.self) { try a.requireFinite("A") }
    #expect(!a.isFinite)
  }
}
