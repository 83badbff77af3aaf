import Dispatch
import RepAlignNumerics
import _CGSL

/// The table F_ab = ‖X̃_aᵀX̃_b‖²_F = ⟨K_a, K_b⟩_F (K_a = X̃_aX̃_aᵀ) for M centred representations
/// of the same m samples: the common kernel of linear CKA (biased and debiased) over an ensemble.
/// Internal to `EnsembleAlignment`.
///
/// Two routes, chosen by estimated multiply-add count (both stream through blocks of ≤ 64 MiB):
/// - **feature space**: stack S = [X̃₁ … X̃_M] (m × P, P = Σp_a). SᵀS holds every cross-product
///   X̃_aᵀX̃_b as a block, so the whole table is one GEMM, done in block rows (members a ≤ b only:
///   the upper triangle, ≈ m·P²/2 multiply-adds) and reduced block by block to squared Frobenius
///   norms.
/// - **Gram space**: for a block R of samples, the rows K_a[R, :] = X̃_a[R]·X̃_aᵀ of every member
///   are stacked as the rows of V_R (M × |R|·m), and F += V_R·V_Rᵀ, using the symmetry of K_a to
///   form only its upper block triangle. Cost (m²·P + M²·m²)/2 multiply-adds; cheaper when m is
///   small against M·p̄ (few samples, wide or many members).
/// OpenBLAS threads every GEMM over the cores.
enum LinearHSICTable {
  /// Doubles per streamed block (64 MiB).
  static let blockBudget = 8 << 20

  /// Whether `crossNormsSquared` takes the Gram-space route for these shapes.
  static func usesGramSpace(samples m: Int, widths: [Int]) -> Bool {
    let mm = Double(m)
    let total = Double(widths.reduce(0, +))
    let members = Double(widths.count)
    let featureCost = mm * total * total / 2
    let gramCost = mm * mm * (total + members * members) / 2
    return gramCost < featureCost
  }

  static func crossNormsSquared(_ centered: [Matrix]) -> Matrix {
    let m = centered[0].rows
    return usesGramSpace(samples: m, widths: centered.map(\.columns))
      ? gramSpace(centered) : featureSpace(centered)
  }

  /// Gram route. K_a is symmetric, so each row block R = [s, s + r) only forms K_a[R, s..<m]:
  /// its diagonal part R × R enters ⟨K_a, K_b⟩ once and the part right of it stands for itself
  /// and its transpose, so it is scaled by √2 before F += V_R·V_Rᵀ. Half the flops of the full
  /// K_a, with one extra rounding (the √2) per entry.
  static func gramSpace(_ centered: [Matrix], blockBudget: Int = blockBudget) -> Matrix {
    let members = centered.count
    let m = centered[0].rows
    let blockRows = Swift.max(1, Swift.min(m, blockBudget / Swift.max(1, members * m)))
    let root2 = 2.0.squareRoot()
    var table = Matrix(rows: members, columns: members)
    // One buffer for every block (the first block is the largest): a fresh 64 MiB allocation per
    // block cost more in page faults and zero-filling than the products themselves.
    var stacked = [Double](repeating: 0, count: members * blockRows * m)
    var start = 0
    while start < m {
      let rows = Swift.min(blockRows, m - start)
      let width = m - start
      let stride = rows * width
      stacked.withUnsafeMutableBufferPointer { v in
        for (a, x) in centered.enumerated() {
          let p = x.columns
          let out = v.baseAddress! + a * stride
          x.withUnsafeBufferPointer { e in
            // K_a[start..<start+rows, start..<m] = X̃_a[R] · X̃_a[start..<m]ᵀ.
            cblas_dgemm(
              CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(width), Int32(p), 1,
              e.baseAddress! + start * p, Int32(p), e.baseAddress! + start * p, Int32(p),
              0, out, Int32(width))
          }
          for i in 0..<rows {
            for j in rows..<width { out[i * width + j] *= root2 }
          }
        }
        // F += V_R·V_Rᵀ, V_R the first members × stride entries, row stride `stride`.
        table.withUnsafeMutableBufferPointer { f in
          cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(members), Int32(members), Int32(stride), 1,
            v.baseAddress, Int32(stride), v.baseAddress, Int32(stride), 1, f.baseAddress, Int32(members))
        }
      }
      start += rows
    }
    return table
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
