import RepAlignNumerics

/// Linear centred kernel alignment with the biased HSIC estimator (Kornblith et al. 2019;
/// THEORY.md §8):
///
///     CKA(A, B) = ‖ÃᵀB̃‖²_F / (‖ÃᵀÃ‖_F · ‖B̃ᵀB̃‖_F),   Ã = H·A, B̃ = H·B column-centred.
///
/// Invariant to translation, isotropic scaling and orthogonal transforms of either side;
/// symmetric; in [0, 1], with CKA(A, A) = 1. Not invariant to general invertible linear maps.
/// Its null level between unrelated Gaussian representations of widths p, q on m samples is about
/// √(pq / ((m + p)(m + q))), not 0. Needs m ≥ 2 and a non-constant representation on each side.
///
/// Computed in feature space (p × q cross-product, cost O(m·p·q)) when both widths are ≤ m, in Gram
/// space (m × m Gram matrices, O(m²·(p + q))) otherwise; its `pairwiseTable` picks the route for
/// a whole ensemble by cost and computes it with a few large GEMMs (`LinearHSICTable`).
public struct LinearCKA: AlignmentMeasure {
  public init() {}
  public var name: String { "linear_cka" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: 0...1,
      selfValue: .constant(1))
  }

  public func callAsFunction(_ a: Matrix, _ b: Matrix) throws -> Double {
    try MeasureError.validate(a, b, measure: "linear CKA")
    try MeasureError.requireNonConstant(a, argument: "A", measure: "linear CKA")
    try MeasureError.requireNonConstant(b, argument: "B", measure: "linear CKA")
    let ac = RepresentationGeometry.centred(a)
    let bc = RepresentationGeometry.centred(b)
    if Swift.max(a.columns, b.columns) > a.rows {
      // Gram space: ‖ÃᵀB̃‖²_F = ⟨ÃÃᵀ, B̃B̃ᵀ⟩_F with m × m Gram matrices instead of p × p ones.
      let k = ac.transposed.gramian()
      let l = bc.transposed.gramian()
      let nk = k.frobeniusNorm
      let nl = l.frobeniusNorm
      if nk == 0 { throw MeasureError.constantRepresentation(argument: "A", measure: "linear CKA") }
      if nl == 0 { throw MeasureError.constantRepresentation(argument: "B", measure: "linear CKA") }
      return Swift.min(1, Swift.max(0, (Matrix.frobeniusInner(k, l) / nk) / nl))
    }
    let saa = ac.gramian().frobeniusNorm
    let sbb = bc.gramian().frobeniusNorm
    if saa == 0 { throw MeasureError.constantRepresentation(argument: "A", measure: "linear CKA") }
    if sbb == 0 { throw MeasureError.constantRepresentation(argument: "B", measure: "linear CKA") }
    let cross = Matrix.product(ac, bc, transposeA: true).frobeniusNorm
    return min(1, (cross / saa) * (cross / sbb))
  }

  /// The ensemble's table in one pass: every member validated and centred once, the table
  /// F_ab = ‖X̃_aᵀX̃_b‖²_F from `LinearHSICTable`, then CKA_ab = min(1, (F_ab/√F_aa)/√F_bb).
  /// The table is symmetric, so `symmetric` changes nothing. Equals the pairwise call up to the
  /// summation order of F (tested against `EnsembleAlignment.pairwiseCalls`).
  public func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix {
    let centred = try LinearHSICTable.centredMembers(representations, measure: "linear CKA", minimumSamples: 2)
    let cross = LinearHSICTable.crossNormsSquared(centred)
    let count = centred.count
    var values = Matrix(rows: count, columns: count)
    for a in 0..<count {
      for b in 0..<count {
        values[a, b] = Swift.min(1, (cross[a, b] / cross[a, a].squareRoot()) / cross[b, b].squareRoot())
      }
    }
    return values
  }
}
