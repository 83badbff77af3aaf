import RepAlignNumerics

/// Information Imbalance Δ_k(A→B) (Glielmo et al. 2022, *PNAS Nexus*; DADApy; THEORY.md §8),
/// with k ≥ 1 neighbours in DADApy's convention (`return_inf_imb_two_selected_coords`, the mean
/// rank of the first k neighbours):
///
///     Δ_k(A→B) = (2/(m²k)) Σᵢ Σ_{j ∈ N_k^A(i)} r^B(i, j),
///
/// N_k^A(i) the k nearest neighbours of sample i in A and r^B(i, j) ∈ 1...m−1 the rank of j among
/// i's neighbours in B (1 = nearest), Euclidean distances; k = 1 (the default) is THEORY.md §8's
/// Δ = (2/m²) Σᵢ r^B(i, nn^A(i)). Δ ≈ 0 when A predicts B's neighbourhoods, ≈ 1 when A and B are
/// independent (then each rank is uniform on 1...m−1, mean m/2), and Δ_k(A→A) = (k + 1)/m exactly
/// (2/m for k = 1). **Not symmetric**: Δ(A→B) ≠ Δ(B→A) in general. If A = [B, extra independent
/// coordinates], A's nearest neighbours are also close in B (Δ(A→B) small: A carries B's
/// information) while B's nearest neighbours are random in the extra coordinates (Δ(B→A) near 1).
/// `callAsFunction(a, b)` is Δ(A→B) and Δ(B→A) is `self(b, a)`. Lower is more aligned.
///
/// **Tie rule** (deterministic, `TieRule.neighbourIndexOrder`): neighbours are ordered by (exact
/// squared distance, sample index), both for N_k^A and for the ranks r^B, so a sample's rank-t
/// neighbour is its t-th neighbour and Δ_k(A→A) = (k + 1)/m even with duplicate samples.
/// Distances are computed from coordinate differences (`RepresentationGeometry`), so distances
/// that are equal in exact arithmetic (integer or binary inputs) are equal here and the rule
/// applies. On such inputs DADApy breaks ties by its sort order instead, so the two can differ.
///
/// Invariant to translation, isotropic scaling, orthogonal maps and unit permutations; not to
/// general invertible maps. Values lie in [(k + 1)/m, 2(m−1)/m] ⊂ [0, 2]. Needs m ≥ k + 2.
/// `standardError(_:_:subsets:)` estimates its sampling error from disjoint subsets.
public struct InformationImbalance: PreparedAlignmentMeasure {
  /// Neighbours per sample (≥ 1; DADApy's `k`).
  public let k: Int

  /// Default k = 1 (THEORY.md §8).
  public init(k: Int = 1) { self.k = k }

  public var name: String { "information_imbalance" }
  public var direction: AlignmentDirection { .lowerIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: false, bounds: 0...2,
      selfValue: .neighbourImbalance(k: k), minimumSamples: Swift.max(3, k + 2), tieRule: .neighbourIndexOrder)
  }

  /// The k nearest neighbours (as the source A, row-major m × k) and neighbour ranks (as the
  /// target B).
  public struct Prepared: Sendable {
    let nearest: [Int]
    let ranks: [Int32]
  }

  func validated(_ x: Matrix, argument: String) throws {
    guard k >= 1 else {
      throw MeasureError.invalidParameter(ParameterError("k", "must be ≥ 1", got: k))
    }
    try MeasureError.validate(
      x, argument: argument, measure: "Information Imbalance", minimumSamples: Swift.max(3, k + 2))
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try validated(x, argument: argument)
    let d = RepresentationGeometry.squaredDistances(RepresentationGeometry.unitScaled(x))
    return Prepared(
      nearest: RepresentationGeometry.nearestNeighbours(d, k: k), ranks: RepresentationGeometry.neighbourRanks(d))
  }

  /// Δ_k(a→b).
  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    Self.imbalance(nearest: a.nearest, ranks: b.ranks, k: k)
  }

  /// The standard error of Δ_k(A→B) from `subsets` disjoint subsets (batch means): the m samples
  /// are split in order into S = `subsets` contiguous blocks of ⌊m/S⌋ (the remainder is left out),
  /// Δ_k is computed on each block, and
  ///
  ///     s.e. = sd(Δ_k^(1), …, Δ_k^(S)) / √S,
  ///
  /// the standard error of the mean of S independent estimates, each with the variance of a
  /// sample of m/S, which is the variance of Δ_k on all m samples when that variance scales as 1/m
  /// (it does for the sum of m weakly dependent ranks normalised by m², up to the O(1/m) shift of
  /// the self level (k + 1)/m). Shuffle the rows first if their order is not random. Needs
  /// S ≥ 2 and blocks of at least k + 2 samples.
  public func standardError(_ a: Matrix, _ b: Matrix, subsets: Int = 10) throws -> Double {
    if a.rows != b.rows { throw MeasureError.sampleCountMismatch(a: a.rows, b: b.rows) }
    let size = subsets >= 1 ? a.rows / subsets : 0
    guard subsets >= 2, size >= Swift.max(3, k + 2) else {
      throw MeasureError.invalidParameter(
        ParameterError(
          "subsets", "must be ≥ 2 with at least \(Swift.max(3, k + 2)) samples per subset (m = \(a.rows))",
          got: subsets))
    }
    let values = try (0..<subsets).map { s in
      let rows = (s * size)..<((s + 1) * size)
      return try self(a.selectingRows(rows), b.selectingRows(rows))
    }
    let mean = values.reduce(0, +) / Double(subsets)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(subsets - 1)
    return (variance / Double(subsets)).squareRoot()
  }

  /// The ensemble's table, all ordered pairs, entry (a, b) = Δ_k(a → b) (`symmetric` changes
  /// nothing; the table is computed in full).
  ///
  /// Two passes: the k nearest neighbours of every member, then for each target b its Gram-form
  /// distance matrix and, row by row, the ranks r^b(i, j) of all M·k queries (the neighbours of i
  /// in every source) at once: the queries are sorted, and for each sample l ≠ i the number of
  /// queries it does not precede in the (distance, index) order is counted eight lanes at a time.
  /// The Gram form is fast but breaks exact ties by round-off, so every comparison closer than
  /// twice its round-off bound (`RepresentationGeometry.gramDistanceBound`) is re-decided on the
  /// exact coordinate differences, and the values are identical to the pairwise path (tested
  /// against `EnsembleAlignment.preparedPairs`). Cost O(m²·log(Mk)) comparisons per target and one
  /// m × m matrix per core, instead of M sorted m × m rank matrices.
  public func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix {
    let count = representations.count
    let k = self.k
    let nearest = try parallelMap(count) { a in
      try validated(representations[a], argument: "representations[\(a)]")
      return RepresentationGeometry.nearestNeighboursFast(representations[a], k: k)
    }
    let columns = try parallelMap(count) { b in
      let scaled = RepresentationGeometry.unitScaled(representations[b])
      let (distances, norms) = RepresentationGeometry.gramDistances(centered: scaled.centeredColumns)
      let bounds = RepresentationGeometry.gramDistanceBound(rowNorms: norms, columns: scaled.columns)
      let m = distances.rows
      let p = scaled.columns
      let queries = count * k
      var totals = [Int](repeating: 0, count: count)
      var order = [Int](repeating: 0, count: queries)
      // Sorted thresholds padded with +∞ to whole SIMD8 lanes (+∞ never precedes a distance).
      let lanes = (queries + 7) / 8
      var thresholds = [Double](repeating: .infinity, count: 8 * lanes)
      var indices = [Int](repeating: 0, count: queries)
      var exact = [Double](repeating: 0, count: queries)
      var queryIndex = [Int](repeating: 0, count: queries)
      // Exact distances of the queries, computed only when a comparison needs them (NaN = not yet).
      var queryExact = [Double](repeating: .nan, count: queries)
      var firstPreceded = [Int](repeating: 0, count: queries + 1)
      // The thresholds in plain ascending order, +∞ last: the closeness test of each sample.
      var ascending = [Double](repeating: .infinity, count: queries + 1)
      distances.withUnsafeBufferPointer { d in
        scaled.withUnsafeBufferPointer { raw in
          for i in 0..<m {
            let row = i * m
            let tolerance = 2 * bounds[i]
            for q in 0..<queries {
              queryIndex[q] = nearest[q / k][i * k + q % k]
              queryExact[q] = .nan
              order[q] = q
            }
            func exactDistance(_ q: Int) -> Double {
              if queryExact[q].isNaN {
                queryExact[q] = RepresentationGeometry.squaredDistance(raw, columns: p, i, queryIndex[q])
              }
              return queryExact[q]
            }
            order.sort { x, y in
              let (jx, jy) = (queryIndex[x], queryIndex[y])
              if jx == jy { return false } // the same neighbour: equal keys
              let (tx, ty) = (d[row + jx], d[row + jy])
              if Swift.abs(tx - ty) <= tolerance { return (exactDistance(x), jx) < (exactDistance(y), jy) }
              return tx < ty
            }
            for q in 0..<queries {
              indices[q] = queryIndex[order[q]]
              exact[q] = queryExact[order[q]] // NaN unless computed; filled below when needed
              thresholds[q] = d[row + indices[q]]
              ascending[q] = thresholds[q]
            }
            ascending[0..<queries].sort()
            for q in 0...queries { firstPreceded[q] = 0 }
            thresholds.withUnsafeBufferPointer { t in
              firstPreceded.withUnsafeMutableBufferPointer { first in
                let base = UnsafeRawPointer(t.baseAddress!)
                for l in 0..<m where l != i {
                  let v = d[row + l]
                  // lo = #{q : query q does not follow sample l}: the first query l precedes.
                  // Counted lane-wise on the Gram form as c = #{t_q < v − tol}. The (c+1)-th
                  // smallest threshold is the least one ≥ v − tol: if it is above v + tol, no
                  // threshold is within the tolerance and lo = c; otherwise the close
                  // comparisons fall back to exact distances and the index rule.
                  let low = SIMD8<Double>(repeating: v - tolerance)
                  var below = SIMD8<Int64>()
                  for lane in 0..<lanes {
                    let chunk = base.loadUnaligned(fromByteOffset: lane * 64, as: SIMD8<Double>.self)
                    below &+= SIMD8<Int64>().replacing(with: 1, where: chunk .< low)
                  }
                  var lo = Int(below.wrappedSum())
                  if ascending[lo] <= v + tolerance {
                    // Usually the close thresholds are l itself (the nearest neighbour of i in
                    // some source): equal keys, no exact distance needed.
                    var e = Double.nan
                    lo = 0
                    for q in 0..<queries {
                      if Swift.abs(t[q] - v) <= tolerance {
                        if indices[q] == l {
                          lo += 1
                          continue
                        }
                        if e.isNaN { e = RepresentationGeometry.squaredDistance(raw, columns: p, i, l) }
                        if exact[q].isNaN {
                          exact[q] = RepresentationGeometry.squaredDistance(raw, columns: p, i, indices[q])
                        }
                        if (exact[q], indices[q]) <= (e, l) { lo += 1 }
                      } else if t[q] < v {
                        lo += 1
                      }
                    }
                  }
                  first[lo] += 1
                }
              }
            }
            var preceding = 0
            for q in 0..<queries {
              preceding += firstPreceded[q]
              totals[order[q] / k] += preceding + 1
            }
          }
        }
      }
      return totals.map { 2 * Double($0) / (Double(m) * Double(m) * Double(k)) }
    }
    var values = Matrix(rows: count, columns: count)
    for b in 0..<count { for a in 0..<count { values[a, b] = columns[b][a] } }
    return values
  }

  /// (2/(m²k)) Σᵢ Σₜ ranks[i, nearest[i·k + t]].
  static func imbalance(nearest: [Int], ranks: [Int32], k: Int) -> Double {
    let m = nearest.count / k
    var total = 0
    for i in 0..<m {
      for t in 0..<k { total += Int(ranks[i * m + nearest[i * k + t]]) }
    }
    return 2 * Double(total) / (Double(m) * Double(m) * Double(k))
  }
}
