import RepAlignNumerics

/// The table F_ab = ‖X̃_aᵀX̃_b‖²_F = ⟨K_a, K_b⟩_F (K_a = X̃_aX̃_aᵀ) for M centred representations
/// of the same m samples: the common kernel of the ensemble tables of linear CKA and debiased
/// linear CKA (`LinearCKA.pairwiseTable`, `DebiasedLinearCKA.pairwiseTable`).
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
/// Each block is one `Matrix.gemm` on sub-blocks of the stacked buffers (no copies); OpenBLAS
/// threads it over the cores unless the caller pins BLAS (`BLASPinning`).
enum LinearHSICTable {
  /// Validates every member (errors name `representations[i]`; `measure` names the measure,
  /// `minimumSamples` its least m), rescales it exactly by a power of two and centres its columns
  /// (`RepresentationGeometry.centred`), members spread over the cores.
  static func centredMembers(_ representations: [Matrix], measure: String, minimumSamples: Int) throws -> [Matrix] {
    try parallelMap(representations.count) { a in
      let x = representations[a]
      try MeasureError.validate(x, argument: "representations[\(a)]", measure: measure, minimumSamples: minimumSamples)
      return RepresentationGeometry.centred(x)
    }
  }

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
            // K_a[start..<start+rows, start..<m] = X̃_a[R] · X̃_a[start..<m]ᵀ, into V_R's row a.
            Matrix.gemm(
              e, MatrixBlock(offset: start * p, rows: rows, columns: p),
              e, MatrixBlock(offset: start * p, rows: width, columns: p), transposeB: true,
              into: v, MatrixBlock(offset: a * stride, rows: rows, columns: width))
          }
          for i in 0..<rows {
            for j in rows..<width { out[i * width + j] *= root2 }
          }
        }
        // F += V_R·V_Rᵀ, V_R the first members × stride entries, row stride `stride`.
        let vr = MatrixBlock(rows: members, columns: stride)
        table.withUnsafeMutableBufferPointer { f in
          Matrix.gemm(
            UnsafeBufferPointer(v), vr, UnsafeBufferPointer(v), vr, transposeB: true,
            into: f, MatrixBlock(rows: members, columns: members), beta: 1)
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
          // C = S[:, first members]ᵀ · S[:, members from first on]: the block rows a ≥ first of SᵀS.
          Matrix.gemm(
            s, MatrixBlock(offset: offsets[first], rows: m, columns: rowsC, leadingDimension: total),
            transposeA: true,
            s, MatrixBlock(offset: offsets[first], rows: m, columns: colsC, leadingDimension: total),
            into: c, MatrixBlock(rows: rowsC, columns: colsC))
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
