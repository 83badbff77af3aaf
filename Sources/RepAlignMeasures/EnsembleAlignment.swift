import RepAlignNumerics

/// All pairwise values of a measure among M members' representations of one test set, with the
/// ensemble mean over pairs a < b and its standard error.
///
/// ## Standard error: member-level jackknife
/// Pairs share members and are not independent. The estimator deletes one member at a time:
/// Ā₋ᵢ is the mean over pairs not involving member i, Ā₋ = mean of the Ā₋ᵢ, and
///
///     s.e.² = (M − 1)/M · Σᵢ (Ā₋ᵢ − Ā₋)²
///
/// (Efron & Stein; for a U-statistic of order 2 this is consistent for its variance). It needs
/// M ≥ 3 members; with M = 2 the standard error is reported as `nil`.
public struct PairwiseAlignment: Sendable, Equatable {
  /// The measure's name.
  public let measure: String
  /// The measure's direction.
  public let direction: AlignmentDirection
  /// M × M values; the diagonal holds each member against itself. For asymmetric measures
  /// (Information Imbalance) entry (a, b) is the measure of a → b.
  public let values: Matrix
  /// Mean over ordered pairs a ≠ b for asymmetric measures, over a < b otherwise.
  public let mean: Double
  /// Member-level jackknife standard error of `mean`; nil when M < 3.
  public let standardError: Double?
  /// Jackknife pseudo-values pᵢ = M·Ā − (M − 1)·Ā₋ᵢ, one per member (empty when M < 3). Their
  /// sample standard error sd(p)/√M equals `standardError`, and because they are linear in the
  /// leave-one-out means, the pseudo-values of a *difference* of two ensembles that share members
  /// (same noise draws and inits at two SNRs, say) are the differences of theirs: a paired
  /// jackknife.
  public let jackknifePseudoValues: [Double]

  public init(measure: String, direction: AlignmentDirection, values: Matrix, symmetric: Bool) {
    self.measure = measure
    self.direction = direction
    self.values = values
    let m = values.rows
    func meanExcluding(_ excluded: Int?) -> Double {
      var s = 0.0
      var n = 0
      for a in 0..<m where a != excluded {
        for b in 0..<m where b != excluded && b != a && (!symmetric || a < b) {
          s += values[a, b]
          n += 1
        }
      }
      return n > 0 ? s / Double(n) : .nan
    }
    self.mean = meanExcluding(nil)
    if m >= 3 {
      let leaveOut = (0..<m).map { meanExcluding($0) }
      let center = leaveOut.reduce(0, +) / Double(m)
      let ss = leaveOut.reduce(0) { $0 + ($1 - center) * ($1 - center) }
      self.standardError = (Double(m - 1) / Double(m) * ss).squareRoot()
      let mean = self.mean
      self.jackknifePseudoValues = leaveOut.map { Double(m) * mean - Double(m - 1) * $0 }
    } else {
      self.standardError = nil
      self.jackknifePseudoValues = []
    }
  }
}

/// Ensemble (pairwise) alignment over M members' representations of one test set.
///
/// ## Work plan
/// Every route validates each member once (errors name `representations[i]`) and does the
/// per-member work once:
/// - `LinearCKA`, `DebiasedLinearCKA`: centred features once, then the whole table of
///   ‖X̃_aᵀX̃_b‖²_F = ⟨K_a, K_b⟩_F from blocked GEMMs of the stacked features or of the stacked Gram
///   rows, whichever costs fewer multiply-adds (`LinearHSICTable`); OpenBLAS spreads each GEMM
///   over the cores.
/// - `InformationImbalance`: two passes over members (nearest neighbours, then each target's
///   neighbour ranks), so only one m × m rank matrix per core is alive at a time.
/// - any other `PreparedAlignmentMeasure`: `prepare` each member once, then compare the pairs.
/// - any other measure: call it on each pair.
/// Members and pairs are spread over the cores with `DispatchQueue.concurrentPerform`; each pair
/// writes its own slot, so the values do not depend on scheduling.
public enum EnsembleAlignment {
  /// Pairwise values of `measure` among `representations` (all with the same number of rows).
  /// `symmetric` defaults to the measure's declaration; symmetric measures compute each unordered
  /// pair once, asymmetric ones (Information Imbalance) both orders, entry (a, b) = f(a → b).
  /// Throws the first `MeasureError` (lowest member or pair), or a `ParameterError` for fewer than
  /// 2 members.
  public static func compute(
    _ representations: [Matrix], measure: some AlignmentMeasure, symmetric: Bool? = nil
  ) throws -> PairwiseAlignment {
    let count = representations.count
    try require(count >= 2, "representations", "must hold at least 2 members", got: count)
    let symmetric = symmetric ?? measure.isSymmetric
    let m = representations[0].rows
    for x in representations where x.rows != m {
      throw MeasureError.sampleCountMismatch(a: m, b: x.rows)
    }
    let values: Matrix
    if measure is LinearCKA {
      values = try linearCKA(representations, debiased: false)
    } else if measure is DebiasedLinearCKA {
      values = try linearCKA(representations, debiased: true)
    } else if measure is InformationImbalance {
      values = try informationImbalance(representations)
    } else if let prepared = measure as? any PreparedAlignmentMeasure {
      values = try preparedValues(representations, prepared, symmetric: symmetric)
    } else {
      values = try pairValues(count, symmetric: symmetric) { a, b in
        try measure(representations[a], representations[b])
      }
    }
    return PairwiseAlignment(
      measure: measure.name, direction: measure.direction, values: values, symmetric: symmetric)
  }

  /// The index pairs to evaluate (diagonal included).
  static func pairs(_ count: Int, symmetric: Bool) -> [(Int, Int)] {
    var list: [(Int, Int)] = []
    for a in 0..<count {
      for b in 0..<count where !symmetric || a <= b { list.append((a, b)) }
    }
    return list
  }

  static func pairValues(
    _ count: Int, symmetric: Bool, _ value: @Sendable (Int, Int) throws -> Double
  ) throws -> Matrix {
    let list = pairs(count, symmetric: symmetric)
    let results = try parallelMap(list.count) { t in try value(list[t].0, list[t].1) }
    var values = Matrix(rows: count, columns: count)
    for (t, (a, b)) in list.enumerated() {
      values[a, b] = results[t]
      if symmetric { values[b, a] = results[t] }
    }
    return values
  }

  static func preparedValues<P: PreparedAlignmentMeasure>(
    _ representations: [Matrix], _ measure: P, symmetric: Bool
  ) throws -> Matrix {
    let prepared = try parallelMap(representations.count) { a in
      try measure.prepare(representations[a], argument: "representations[\(a)]")
    }
    return try pairValues(representations.count, symmetric: symmetric) { a, b in
      try measure.compare(prepared[a], prepared[b])
    }
  }

  static func linearCKA(_ representations: [Matrix], debiased: Bool) throws -> Matrix {
    let name = debiased ? "debiased CKA" : "linear CKA"
    let centered = try parallelMap(representations.count) { a in
      let x = representations[a]
      try MeasureError.validate(
        x, argument: "representations[\(a)]", measure: name, minimumSamples: debiased ? 4 : 2)
      return x.centeredColumns
    }
    let count = centered.count
    let m = centered[0].rows
    var cross = LinearHSICTable.crossNormsSquared(centered)
    if debiased {
      let norms = centered.map { x in
        (0..<m).map { i in x.withUnsafeBufferPointer { e in
          (0..<x.columns).reduce(0.0) { $0 + e[i * x.columns + $1] * e[i * x.columns + $1] } } }
      }
      let traces = norms.map { $0.reduce(0, +) }
      for a in 0..<count {
        for b in a..<count {
          let h = DebiasedLinearCKA.scaledHSIC(
            crossNormSquared: cross[a, b], rowNormDot: dot(norms[a], norms[b]),
            traceProduct: traces[a] * traces[b], m: m)
          cross[a, b] = h
          cross[b, a] = h
        }
      }
      for a in 0..<count where !(cross[a, a] > 0) {
        throw MeasureError.invalidParameter(ParameterError(
          "representations[\(a)]", "debiased CKA needs a positive unbiased HSIC with itself (more samples)",
          got: cross[a, a]))
      }
    }
    var values = Matrix(rows: count, columns: count)
    for a in 0..<count {
      for b in 0..<count {
        values[a, b] = debiased
          ? DebiasedLinearCKA.normalize(cross[a, b], cross[a, a], cross[b, b])
          : Swift.min(1, (cross[a, b] / cross[a, a].squareRoot()) / cross[b, b].squareRoot())
      }
    }
    return values
  }

  /// Two passes: nearest neighbours of every member, then for each target b its distance matrix
  /// and, row by row, the ranks r^b(i, nn_a(i)) of all M sources at once: the M queries
  /// (d_ij, j) are sorted, and for each sample k ≠ i the number of queries it does not precede in
  /// the (distance, index) order of `InformationImbalance` is counted eight lanes at a time (exact
  /// ties fall back to the index rule), so the values are identical to the pairwise path. Cost O(m²·log M) comparisons per target and one m × m
  /// matrix per core, instead of M sorted m × m rank matrices.
  static func informationImbalance(_ representations: [Matrix]) throws -> Matrix {
    let count = representations.count
    let nearest = try parallelMap(count) { a in
      try InformationImbalance.nearestNeighbours(of: representations[a], argument: "representations[\(a)]")
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
}
