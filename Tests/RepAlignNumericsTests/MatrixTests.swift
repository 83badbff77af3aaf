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
            "gemm \(m)×\(k)×\(n) tA=\(ta) tB=\(tb) entry \(i): \(format17(fast.elements[i])) vs \(format17(slow.elements[i])), bound \(format17(bound * scale.elements[i])); \(draw.replay)"
          )
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

  /// Block GEMM (package API): op(A), op(B) are sub-blocks of larger buffers (offset, leading
  /// dimension > columns), C a sub-block of a third. Against a naive triple loop on the same
  /// blocks: both sides compute α·Σₗ aᵢₗbₗⱼ + β·cᵢⱼ, a dot product of length k plus two more
  /// roundings, so each carries at most γ_{k+2}·(|α|·|A||B| + |β|·|C|) error (Higham §3.5) and their
  /// difference is within twice that. Every buffer element outside C's block is unchanged, bit
  /// for bit; with β = 0 the block's old contents (NaN here) are not read.
  @Test func blockGemmAgreesWithNaiveLoopOnSubBlocks() {
    let draws = zip(
      Gen.int(in: 1...12), Gen.int(in: 1...12), Gen.int(in: 1...12), Gen.bool, Gen.bool,
      Gen.int(in: 0...5), Gen.int(in: 0...4), Gen.int(in: 0...2), Gen.int(in: 0...1_000_000))
    forEachDraw(draws, count: 60, fixedSeed: 14) { draw in
      let (m, k, n, ta, tb, offset, pad, coefficients, s) = draw.value
      let rng = RandomStream(master: UInt64(s), "block-gemm")
      let (alpha, beta) = [(1.0, 0.0), (-0.5, 1.0), (2.0, 0.75)][coefficients]
      // A stored as m × k (or k × m), B as k × n (or n × k), inside buffers with `pad` spare
      // columns, `offset` leading and a few trailing elements.
      func block(_ rows: Int, _ columns: Int) -> MatrixBlock {
        MatrixBlock(offset: offset, rows: rows, columns: columns, leadingDimension: columns + pad)
      }
      let blockA = ta ? block(k, m) : block(m, k)
      let blockB = tb ? block(n, k) : block(k, n)
      let blockC = block(m, n)
      let a = rng.normals(blockA.end + 3)
      let b = rng.normals(blockB.end + 3)
      var c = rng.normals(blockC.end + 3)
      if beta == 0 {
        for i in 0..<m { for j in 0..<n { c[offset + i * blockC.leadingDimension + j] = .nan } }
      }
      let before = c
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          c.withUnsafeMutableBufferPointer { pc in
            Matrix.gemm(
              pa, blockA, transposeA: ta, pb, blockB, transposeB: tb, into: pc, blockC, alpha: alpha, beta: beta)
          }
        }
      }
      func entryA(_ i: Int, _ l: Int) -> Double {
        ta ? a[offset + l * blockA.leadingDimension + i] : a[offset + i * blockA.leadingDimension + l]
      }
      func entryB(_ l: Int, _ j: Int) -> Double {
        tb ? b[offset + j * blockB.leadingDimension + l] : b[offset + l * blockB.leadingDimension + j]
      }
      let bound = 2 * Tolerance.dotProduct(length: k + 2)
      var inside = Set<Int>()
      for i in 0..<m {
        for j in 0..<n {
          let index = offset + i * blockC.leadingDimension + j
          inside.insert(index)
          var sum = 0.0
          var scale = 0.0
          for l in 0..<k {
            sum += entryA(i, l) * entryB(l, j)
            scale += abs(entryA(i, l) * entryB(l, j))
          }
          let old = beta == 0 ? 0 : before[index]
          let expected = alpha * sum + beta * old
          let allowed = bound * (abs(alpha) * scale + abs(beta) * abs(old))
          if !(abs(c[index] - expected) <= allowed) {
            Issue.record(
              "block gemm \(m)×\(k)×\(n) tA=\(ta) tB=\(tb) α=\(alpha) β=\(beta) (\(i), \(j)): \(format17(c[index])) vs \(format17(expected)), bound \(format17(allowed)); \(draw.replay)"
            )
            return
          }
        }
      }
      for index in c.indices where !inside.contains(index) && c[index].bitPattern != before[index].bitPattern {
        Issue.record("block gemm wrote outside its block at \(index); \(draw.replay)")
        return
      }
    }
  }

  /// Inner dimension 0: C ← β·C on the block only (β = 0 writes zeros without reading).
  @Test func blockGemmWithEmptyInnerDimensionScalesTheBlock() {
    let empty: [Double] = []
    var c = [1.0, 2, 3, 4, 5, 6]
    for (beta, expected) in [(0.5, [1.0, 1, 1.5, 4, 2.5, 3]), (0, [1.0, 0, 0, 4, 0, 0])] {
      if beta == 0 { c[2] = .nan }
      empty.withUnsafeBufferPointer { e in
        c.withUnsafeMutableBufferPointer { pc in
          Matrix.gemm(
            e, MatrixBlock(rows: 2, columns: 0), e, MatrixBlock(rows: 0, columns: 2),
            into: pc, MatrixBlock(offset: 1, rows: 2, columns: 2, leadingDimension: 3), beta: beta)
        }
      }
      #expect(c == expected, "β = \(beta)")
      c = [1.0, 2, 3, 4, 5, 6]
    }
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
    forEachDraw(zip(Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.bool), count: 30, fixedSeed: 13) { draw in
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
    expectParameterError("elements") { try Matrix(rows: 2, columns: 2, elements: [1, 2, 3]) }
    expectParameterError("rows") { try Matrix([[1, 2], [3]]) }
    expectParameterError("rows") { try Matrix(rows: -1, columns: 2, elements: []) }
    let error = ParameterError("d", "must be ≥ 1", got: 0)
    #expect(error.description == "invalid d = 0: must be ≥ 1")
  }

  @Test func nonFiniteEntriesAreNamed() {
    let a = try! Matrix([[1, .nan]])
    expectParameterError("A") { try a.requireFinite("A") }
    #expect(!a.isFinite)
  }
}
