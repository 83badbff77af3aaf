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
/// Computed in feature space (p × q cross-product, cost O(m·p·q)); `EnsembleAlignment` picks the
/// Gram-space form when that is cheaper (m small against the widths) and computes the whole
/// pairwise table from one blocked GEMM of the stacked centred features (`LinearHSICTable`).
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
    let ac = a.centeredColumns
    let bc = b.centeredColumns
    let saa = ac.gramian().frobeniusNorm
    let sbb = bc.gramian().frobeniusNorm
    if saa == 0 { throw MeasureError.constantRepresentation(argument: "A", measure: "linear CKA") }
    if sbb == 0 { throw MeasureError.constantRepresentation(argument: "B", measure: "linear CKA") }
    let cross = Matrix.product(ac, bc, transposeA: true).frobeniusNorm
    return min(1, (cross / saa) * (cross / sbb))
  }
}
