import Foundation
import RepAlignNumerics

/// CKNNA, centered kernel nearest-neighbour alignment (Huh et al. 2024, "The platonic
/// representation hypothesis", §A; their `metrics.py`, `cknna(…, unbiased=True)`): CKA restricted
/// to the pairs that are k-nearest neighbours in both representations.
///
/// With linear kernels K = AAᵀ and L = BBᵀ, N_k^K(i) the k samples j ≠ i of largest K_ij (ties:
/// smaller index first, `TieRule.neighbourIndexOrder`), and the mask
/// M_ij = 1[j ∈ N_k^K(i) ∧ j ∈ N_k^L(i)],
///
///     CKNNA(A, B) = HSIC₁(M∘K, M∘L) / √(HSIC₁(M_K∘K, M_K∘K) · HSIC₁(M_L∘L, M_L∘L)),
///
/// HSIC₁ the unbiased estimator of Song et al. (2012) (the diagonals are zero: i ∉ N(i)) and M_K
/// the mask of K alone. The masked kernels have m·k non-zeros, so every term is a sparse sum:
/// O(m·k log k) per pair after the m×m Gram matrix of each input.
///
/// Differences from the reference code, all deliberate: no `+1e-6` in the denominator (it breaks
/// scale invariance; a non-positive self-HSIC is reported as an error instead), and the inputs are
/// used as given — Huh et al. L2-normalise each row first, so do that for parity with their
/// numbers. Invariant to isotropic scaling, orthogonal maps and unit permutations (K and L are);
/// not to translation (the kernels are not centred before the neighbours are found) nor to
/// general invertible maps; not symmetric (HSIC₁ of the masked, non-symmetric kernels sums
/// 1ᵀK̃L̃1). CKNNA(A, A) = 1. Needs m ≥ 4 (HSIC₁ divides by m − 3) and 1 ≤ k ≤ m − 1.
public struct CKNNA: PreparedAlignmentMeasure {
  /// Neighbourhood size; Huh et al. use k = 10.
  public let k: Int

  public init(k: Int = 10) { self.k = k }

  public var name: String { "cknna" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: [.isotropicScaling, .orthogonalTransform, .unitPermutation], symmetric: false,
      bounds: -Double.infinity...Double.infinity, selfValue: .constant(1), minimumSamples: 4,
      tieRule: .neighbourIndexOrder)
  }

  /// Per sample i: its k neighbours sorted by index, with the kernel values K_ij; and the
  /// self-HSIC of the masked kernel.
  public struct Prepared: Sendable {
    let m: Int
    let neighbours: [Int]
    let kernel: [Double]
    let selfHSIC: Double
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try MeasureError.validate(x, argument: argument, measure: "CKNNA", minimumSamples: 4)
    let m = x.rows
    guard k >= 1 && k < m else {
      throw MeasureError.invalidParameter(
        ParameterError("k", "must be in 1...\(m - 1) (fewer than the \(m) samples)", got: k))
    }
    // The Gram matrix by dsyrk (exactly symmetric); a power-of-two scale keeps it exact for
    // integer inputs, so tied similarities tie exactly.
    let gram = RepresentationGeometry.unitScaled(x).transposed.gramian()
    var neighbours: [Int] = []
    var kernel: [Double] = []
    neighbours.reserveCapacity(m * k)
    kernel.reserveCapacity(m * k)
    gram.withUnsafeBufferPointer { g in
      var order = [Int](repeating: 0, count: m - 1)
      for i in 0..<m {
        var t = 0
        for j in 0..<m where j != i {
          order[t] = j
          t += 1
        }
        // Largest similarity first, smaller index among equals.
        order.sort { g[i * m + $0] > g[i * m + $1] || (g[i * m + $0] == g[i * m + $1] && $0 < $1) }
        let chosen = order.prefix(k).sorted()
        neighbours.append(contentsOf: chosen)
        kernel.append(contentsOf: chosen.map { g[i * m + $0] })
      }
    }
    var prepared = Prepared(m: m, neighbours: neighbours, kernel: kernel, selfHSIC: 0)
    let own = Self.maskedHSIC(prepared, prepared, k: k)
    guard own > 0 && own.isFinite else {
      throw MeasureError.numericalFailure(
        measure: "CKNNA", detail: "the masked self-HSIC of \(argument) is \(own), not > 0 (k = \(k) too small?)")
    }
    prepared = Prepared(m: m, neighbours: neighbours, kernel: kernel, selfHSIC: own)
    return prepared
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    guard a.m == b.m else { throw MeasureError.sampleCountMismatch(a: a.m, b: b.m) }
    return Self.maskedHSIC(a, b, k: k) / (a.selfHSIC * b.selfHSIC).squareRoot()
  }

  /// HSIC₁(M∘K, M∘L) with M the intersection of both neighbour masks:
  /// [Σᵢⱼ K̃ᵢⱼL̃ⱼᵢ + (1ᵀK̃1)(1ᵀL̃1)/((m−1)(m−2)) − 2·1ᵀK̃L̃1/(m−2)] / (m(m−3)).
  static func maskedHSIC(_ a: Prepared, _ b: Prepared, k: Int) -> Double {
    let m = a.m
    // The mask's entries (i, j, K_ij, L_ij), row by row, by merging the sorted neighbour lists.
    var rowStart = [Int](repeating: 0, count: m + 1)
    var columns: [Int] = []
    var kValues: [Double] = []
    var lValues: [Double] = []
    for i in 0..<m {
      var s = i * k
      var t = i * k
      while s < (i + 1) * k && t < (i + 1) * k {
        let ja = a.neighbours[s]
        let jb = b.neighbours[t]
        if ja == jb {
          columns.append(ja)
          kValues.append(a.kernel[s])
          lValues.append(b.kernel[t])
          s += 1
          t += 1
        } else if ja < jb {
          s += 1
        } else {
          t += 1
        }
      }
      rowStart[i + 1] = columns.count
    }
    var sumK = 0.0
    var sumL = 0.0
    var trace = 0.0 // Σ K̃ᵢⱼ L̃ⱼᵢ
    var columnSumK = [Double](repeating: 0, count: m)
    var rowSumL = [Double](repeating: 0, count: m)
    for i in 0..<m {
      for e in rowStart[i]..<rowStart[i + 1] {
        let j = columns[e]
        sumK += kValues[e]
        sumL += lValues[e]
        columnSumK[j] += kValues[e]
        rowSumL[i] += lValues[e]
        // (j, i) in the mask: binary search of row j's sorted columns.
        var lo = rowStart[j]
        var hi = rowStart[j + 1]
        while lo < hi {
          let mid = (lo + hi) / 2
          if columns[mid] < i { lo = mid + 1 } else { hi = mid }
        }
        if lo < rowStart[j + 1] && columns[lo] == i { trace += kValues[e] * lValues[lo] }
      }
    }
    var cross = 0.0 // 1ᵀK̃L̃1 = Σⱼ (K̃ column sum)ⱼ (L̃ row sum)ⱼ
    for j in 0..<m { cross += columnSumK[j] * rowSumL[j] }
    let md = Double(m)
    return (trace + sumK * sumL / ((md - 1) * (md - 2)) - 2 * cross / (md - 2)) / (md * (md - 3))
  }
}
