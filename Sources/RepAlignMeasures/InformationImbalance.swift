import RepAlignNumerics

/// Information Imbalance Δ(A→B) (Glielmo et al. 2022, *PNAS Nexus*; DADApy; THEORY.md §8):
///
///     Δ(A→B) = (2/m²) Σᵢ r^B(i, nn^A(i)),
///
/// nn^A(i) the nearest neighbour of sample i in A and r^B(i, j) ∈ 1...m−1 the rank of j among i's
/// neighbours in B (1 = nearest), Euclidean distances. Δ ≈ 0 when A predicts B's neighbourhoods,
/// ≈ 1 when A and B are independent (then r^B(i, nn^A(i)) is uniform on 1...m−1, mean m/2), and
/// Δ(A→A) = 2/m exactly. **Not symmetric**: Δ(A→B) ≠ Δ(B→A) in general. If A = [B, extra
/// independent coordinates], A's nearest neighbours are also close in B (Δ(A→B) small: A carries
/// B's information) while B's nearest neighbours are random in the extra coordinates (Δ(B→A)
/// near 1). `callAsFunction(a, b)` is Δ(A→B) and Δ(B→A) is `self(b, a)`. Lower is more aligned.
///
/// **Tie rule** (deterministic): neighbours are ordered by (distance, sample index), both for
/// nn^A (the smallest index among the nearest) and for the ranks r^B, so a sample's rank-1
/// neighbour is its nn and Δ(A→A) = 2/m even with duplicate samples. Distances come from the Gram
/// form of the centred features (`RepresentationGeometry.squaredDistances`), so ties are exact only
/// up to that round-off.
///
/// Invariant to translation, isotropic scaling, orthogonal maps and unit permutations; not to
/// general invertible maps. Values lie in [2/m, 2(m−1)/m] ⊂ [0, 2]. Needs m ≥ 3.
public struct InformationImbalance: PreparedAlignmentMeasure {
  public init() {}
  public var name: String { "information_imbalance" }
  public var direction: AlignmentDirection { .lowerIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: false, bounds: 0...2,
      selfValue: .twoOverSampleCount, minimumSamples: 3)
  }

  /// Nearest neighbours (as the source A) and neighbour ranks (as the target B).
  public struct Prepared: Sendable {
    let nearest: [Int]
    let ranks: [Int32]
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try MeasureError.validate(x, argument: argument, measure: "Information Imbalance", minimumSamples: 3)
    let d = RepresentationGeometry.squaredDistances(centered: x.centeredColumns)
    return Prepared(
      nearest: RepresentationGeometry.nearestNeighbours(d), ranks: RepresentationGeometry.neighbourRanks(d))
  }

  /// Δ(a→b).
  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    Self.imbalance(nearest: a.nearest, ranks: b.ranks)
  }

  /// The ensemble's table, all ordered pairs, entry (a, b) = Δ(a → b) (`symmetric` changes
  /// nothing; the table is computed in full).
  ///
  /// Two passes: nearest neighbours of every member, then for each target b its distance matrix
  /// and, row by row, the ranks r^b(i, nn_a(i)) of all M sources at once: the M queries
  /// (d_ij, j) are sorted, and for each sample k ≠ i the number of queries it does not precede in
  /// the (distance, index) order of `InformationImbalance` is counted eight lanes at a time (exact
  /// ties fall back to the index rule), so the values are identical to the pairwise path (tested
  /// against `EnsembleAlignment.preparedPairs`). Cost O(m²·log M) comparisons per target and one
  /// m × m matrix per core, instead of M sorted m × m rank matrices.
  public func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix {
    let count = representations.count
    let nearest = try parallelMap(count) { a in
      try Self.nearestNeighbours(of: representations[a], argument: "representations[\(a)]")
    }
    let columns = try parallelMap(count) { b in
      let distances = RepresentationGeometry.squaredDistances(centered: representations[b].centeredColumns)
      let m = distances.rows
      var totals = [Int](repeating: 0, count: count)
      var order = [Int](repeating: 0, count: count)
      // Sorted thresholds padded with +∞ to whole SIMD8 lanes (+∞ never precedes a distance).
      let lanes = (count + 7) / 8
      var thresholds = [Double](repeating: .infinity, count: 8 * lanes)
      var indices = [Int](repeating: 0, count: count)
      var firstPreceded = [Int](repeating: 0, count: count + 1)
      distances.withUnsafeBufferPointer { d in
        for i in 0..<m {
          let row = i * m
          for a in 0..<count { order[a] = a }
          order.sort { x, y in
            let (jx, jy) = (nearest[x][i], nearest[y][i])
            return (d[row + jx], jx) < (d[row + jy], jy)
          }
          for q in 0..<count {
            indices[q] = nearest[order[q]][i]
            thresholds[q] = d[row + indices[q]]
          }
          for q in 0...count { firstPreceded[q] = 0 }
          thresholds.withUnsafeBufferPointer { t in
            indices.withUnsafeBufferPointer { jq in
              firstPreceded.withUnsafeMutableBufferPointer { first in
                let raw = UnsafeRawPointer(t.baseAddress!)
                for k in 0..<m where k != i {
                  let v = d[row + k]
                  // lo = #{q : (t_q, j_q) ≤ (v, k)}: the first query that sample k precedes.
                  // Counted lane-wise; an exact tie t_q = v falls back to the index rule.
                  let splat = SIMD8<Double>(repeating: v)
                  var below = SIMD8<Int64>()
                  var tied = false
                  for lane in 0..<lanes {
                    let chunk = raw.loadUnaligned(fromByteOffset: lane * 64, as: SIMD8<Double>.self)
                    below &+= SIMD8<Int64>().replacing(with: 1, where: chunk .< splat)
                    tied = tied || any(chunk .== splat)
                  }
                  var lo = Int(below.wrappedSum())
                  if tied {
                    lo = 0
                    for q in 0..<count where t[q] < v || (t[q] == v && jq[q] <= k) { lo += 1 }
                  }
                  first[lo] += 1
                }
              }
            }
          }
          var preceding = 0
          for q in 0..<count {
            preceding += firstPreceded[q]
            totals[order[q]] += preceding + 1
          }
        }
      }
      return totals.map { 2 * Double($0) / (Double(m) * Double(m)) }
    }
    var values = Matrix(rows: count, columns: count)
    for b in 0..<count { for a in 0..<count { values[a, b] = columns[b][a] } }
    return values
  }

  /// (2/m²) Σᵢ ranks[i, nearest[i]].
  static func imbalance(nearest: [Int], ranks: [Int32]) -> Double {
    let m = nearest.count
    var total = 0
    for i in 0..<m { total += Int(ranks[i * m + nearest[i]]) }
    return 2 * Double(total) / (Double(m) * Double(m))
  }

  /// Nearest neighbours only (for the ensemble's two-pass `pairwiseTable`, which holds one rank
  /// matrix at a time instead of M).
  static func nearestNeighbours(of x: Matrix, argument: String) throws -> [Int] {
    try MeasureError.validate(x, argument: argument, measure: "Information Imbalance", minimumSamples: 3)
    return RepresentationGeometry.nearestNeighbours(
      RepresentationGeometry.squaredDistances(centered: x.centeredColumns))
  }

  /// Neighbour ranks only (see `nearestNeighbours(of:argument:)`).
  static func neighbourRanks(of x: Matrix) -> [Int32] {
    RepresentationGeometry.neighbourRanks(RepresentationGeometry.squaredDistances(centered: x.centeredColumns))
  }
}
