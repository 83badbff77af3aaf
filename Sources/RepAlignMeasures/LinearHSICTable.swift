import Dispatch
import RepAlignNumerics
import _CGSL

/// The table F_ab = ‖X̃_aᵀX̃_b‖²_F = ⟨K_a, K_b⟩_F (K_a = X̃_aX̃_aᵀ) for M centred representations
/// of the same m samples: the common kernel of linear CKA (biased and debiased) over an ensemble.
/// Internal to `EnsembleAlignment`.
///
/// Two routes, chosen by estimated flop count (and memory):
/// - **feature space** (m large against the widths): stack S = [X̃₁ … X̃_M] (m × P, P = Σp_a).
///   SᵀS holds every cross-product X̃_aᵀX̃_b as a block, so the whole table is one GEMM, done in
///   block rows (members a ≤ b only: the upper triangle, ≈ m·P² flops) of at most ~64 MB each
///   and reduced block by block to squared Frobenius norms. OpenBLAS threads the GEMM.
/// - **Gram space** (m small against the widths): K_a by `dsyrk` (m × m each), stacked as the rows
///   of V (M × m²), then F = VVᵀ in one GEMM. Used only while V fits in 1 GiB.
enum LinearHSICTable {
  /// Which route `crossNormsSquared` takes for these shapes.
  static func usesGramSpace(samples m: Int, widths: [Int]) -> Bool {
    let mm = Double(m)
    let total = Double(widths.reduce(0, +))
    let members = Double(widths.count)
    let featureFlops = mm * total * total
    let gramFlops = mm * mm * (total + members * members)
    let gramBytes = members * mm * mm * 8
    return gramFlops < featureFlops && gramBytes <= 1_073_741_824
  }

  static func crossNormsSquared(_ centered: [Matrix]) -> Matrix {
    let m = centered[0].rows
    return usesGramSpace(samples: m, widths: centered.map(\.columns))
      ? gramSpace(centered) : featureSpace(centered)
  }

  static func gramSpace(_ centered: [Matrix]) -> Matrix {
    let members = centered.count
    let m = centered[0].rows
    var stacked = Matrix(rows: members, columns: m * m)
    stacked.withUnsafeMutableBufferPointer { v in
      for (a, x) in centered.enumerated() {
        x.transposed.gramian().withUnsafeBufferPointer { k in
          for t in 0..<(m * m) { v[a * m * m + t] = k[t] }
        }
      }
    }
    return Matrix.product(stacked, stacked, transposeB: true)
  }

  static func featureSpace(_ centered: [Matrix]) -> Matrix {
    let members = centered.count
    let m = centered[0].rows
    let widths = centered.map(\.columns)
    var offsets = [0]
    for w in widths { offsets.append(offsets.last! + w) }
    let total = offsets.last!
    var stacked = Matrix(rows: m, columns: total)
    stacked.withUnsafeMutableBufferPointer { s in
      for (a, x) in centered.enumerated() {
        x.withUnsafeBufferPointer { e in
          for i in 0..<m {
            for j in 0..<widths[a] { s[i * total + offsets[a] + j] = e[i * widths[a] + j] }
          }
        }
      }
    }
    var table = Matrix(rows: members, columns: members)
    let blockBudget = 8 << 20  // doubles per block row (64 MiB)
    var first = 0
    while first < members {
      var last = first + 1
      while last < members && (offsets[last + 1] - offsets[first]) * (total - offsets[first]) <= blockBudget {
        last += 1
      }
      let rowsC = offsets[last] - offsets[first]
      let colsC = total - offsets[first]
      var block = [Double](repeating: 0, count: rowsC * colsC)
      stacked.withUnsafeBufferPointer { s in
        block.withUnsafeMutableBufferPointer { c in
          let origin = s.baseAddress! + offsets[first]
          cblas_dgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, Int32(rowsC), Int32(colsC), Int32(m), 1,
            origin, Int32(total), origin, Int32(total), 0, c.baseAddress, Int32(colsC))
        }
      }
      block.withUnsafeBufferPointer { c in
        for a in first..<last {
          for b in a..<members {
            var sum = 0.0
            let r0 = offsets[a] - offsets[first]
            let c0 = offsets[b] - offsets[first]
            for i in 0..<widths[a] {
              let row = (r0 + i) * colsC + c0
              for j in 0..<widths[b] { sum += c[row + j] * c[row + j] }
            }
            table[a, b] = sum
            table[b, a] = sum
          }
        }
      }
      first = last
    }
    return table
  }
}

/// Runs `body(0..<n)` across the cores (`DispatchQueue.concurrentPerform`); each index writes its
/// own slot, so the result does not depend on scheduling. Throws the error of the lowest failing
/// index.
func parallelMap<T: Sendable>(_ n: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
  if n == 0 { return [] }
  var results = [Result<T, any Error>?](repeating: nil, count: n)
  results.withUnsafeMutableBufferPointer { buffer in
    let slots = Slots(base: buffer.baseAddress!)
    DispatchQueue.concurrentPerform(iterations: n) { i in
      slots.base[i] = Result { try body(i) }
    }
  }
  return try results.map { try $0!.get() }
}

/// The result buffer of `parallelMap`: shared across threads, each thread writing only its own
/// indices, which is why the unchecked conformance is sound.
private struct Slots<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Result<T, any Error>?>
}
