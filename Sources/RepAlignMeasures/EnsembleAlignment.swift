import RepAlignNumerics

/// Ensemble (pairwise) alignment over M members' representations of one test set (THEORY.md §2:
/// the mean over pairs a < b, with a member-level jackknife standard error, `PairwiseAlignment`).
///
/// ## Work plan
/// `compute` checks the ensemble (≥ 2 members, equal sample counts) and asks the measure for its
/// whole table (`AlignmentMeasure.pairwiseTable`), so each measure does its per-member work once:
/// - `LinearCKA`, `DebiasedLinearCKA`: centred features once, then the whole table of
///   ‖X̃_aᵀX̃_b‖²_F = ⟨K_a, K_b⟩_F from a few blocked GEMMs (`LinearHSICTable`).
/// - `InformationImbalance`: two passes over members (nearest neighbours, then each target's
///   neighbour ranks), so only one m × m rank matrix per core is alive at a time.
/// - any other `PreparedAlignmentMeasure`: `prepare` each member once, then compare the pairs
///   (`preparedPairs`).
/// - any other measure: call it on each pair (`pairwiseCalls`).
/// Members and pairs are spread over the cores with `parallelMap`; each pair writes its own slot,
/// so the values do not depend on scheduling.
public enum EnsembleAlignment {
  /// Pairwise values of `measure` among `representations` (all with the same number of rows).
  /// `symmetric` defaults to the measure's declaration; symmetric measures compute each unordered
  /// pair once, asymmetric ones (Information Imbalance) both orders, entry (a, b) = f(a → b).
  /// Throws the first `MeasureError` (lowest member or pair), or a `ParameterError` for fewer than
  /// 2 members.
  ///
  /// BLAS runs with whatever thread count the process has; use `compute(_:measures:)` for values
  /// that are bitwise independent of it.
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
    let values = try measure.pairwiseTable(representations, symmetric: symmetric)
    return PairwiseAlignment(
      measure: measure.name, direction: measure.direction, values: values, symmetric: symmetric)
  }

  /// The ensemble alignment under each of `measures`, in order, with OpenBLAS pinned to one thread
  /// (`BLASPinning`): the values are bitwise identical for any BLAS thread count and across runs,
  /// like the training of the ensemble they measure (`NoiseEnsemble.train`). This is how the
  /// experiment runner and `repalign simulate` measure a trained ensemble's
  /// `testRepresentations`. Throws the first measure's error.
  public static func compute(
    _ representations: [Matrix], measures: [any AlignmentMeasure]
  ) throws -> [PairwiseAlignment] {
    try BLASPinning.withSingleThreadedBLAS {
      try measures.map { measure in try compute(representations, measure: measure) }
    }
  }

  /// The index pairs to evaluate (diagonal included).
  static func pairs(_ count: Int, symmetric: Bool) -> [(Int, Int)] {
    var list: [(Int, Int)] = []
    for a in 0..<count {
      for b in 0..<count where !symmetric || a <= b { list.append((a, b)) }
    }
    return list
  }

  /// The table from `value(a, b)` on every pair (a ≤ b, mirrored, when `symmetric`), pairs spread
  /// over the cores; throws the error of the first pair in row-major order.
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

  /// The generic table of any measure: `measure(representations[a], representations[b])` on each
  /// pair. The default `AlignmentMeasure.pairwiseTable`, and the reference the fast routes are
  /// tested against.
  static func pairwiseCalls(
    _ representations: [Matrix], measure: some AlignmentMeasure, symmetric: Bool
  ) throws -> Matrix {
    try pairValues(representations.count, symmetric: symmetric) { a, b in
      try measure(representations[a], representations[b])
    }
  }

  /// The generic table of a prepared measure: `prepare` each member once (errors name
  /// `representations[i]`), then `compare` each pair. The default
  /// `PreparedAlignmentMeasure.pairwiseTable`.
  static func preparedPairs<P: PreparedAlignmentMeasure>(
    _ representations: [Matrix], measure: P, symmetric: Bool
  ) throws -> Matrix {
    let prepared = try parallelMap(representations.count) { a in
      try measure.prepare(representations[a], argument: "representations[\(a)]")
    }
    return try pairValues(representations.count, symmetric: symmetric) { a, b in
      try measure.compare(prepared[a], prepared[b])
    }
  }
}
