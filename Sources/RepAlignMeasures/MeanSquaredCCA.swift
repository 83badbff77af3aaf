import RepAlignNumerics

/// Mean squared canonical correlation (Yanai's R²_CCA; Kornblith et al. 2019 §2; THEORY.md §8):
///
///     R²_CCA(A, B) = Σᵢ ρᵢ² / min(r_A, r_B) = ‖Q_AᵀQ_B‖²_F / min(r_A, r_B),
///
/// where Q_A (m × r_A) is an orthonormal basis of the column space of the centred Ã and ρᵢ are the
/// canonical correlations (the singular values of Q_AᵀQ_B). The bases come from a Householder QR
/// with column pivoting of the centred, column-equilibrated data
/// (`RepresentationGeometry.orthonormalBasis`), not from a Gram matrix: a direction of any scale
/// relative to the others is kept unless it lies within the data's own round-off
/// (τ = 8·max(m, p)·ε·max(1, ‖xⱼ‖/‖x̃ⱼ‖), about 1e-13 for well-scaled data) of the span of the
/// rest, so invertible maps with condition numbers of 1e12 leave the value unchanged.
///
/// Invariant to every invertible linear map of either side (so also to translation, scaling,
/// orthogonal maps and permutations); symmetric; in [0, 1]; R²(A, A) = 1.
///
/// **Uninformative when the width reaches m:** the centred data have rank ≤ m − 1, so once
/// r_A = m − 1 the basis spans all centred vectors and R² = 1 for *any* B. Keep m ≫ width.
public struct MeanSquaredCCA: PreparedAlignmentMeasure {
  public init() {}
  public var name: String { "cca" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: Set(Invariance.allCases), symmetric: true, bounds: 0...1, selfValue: .constant(1))
  }

  /// The orthonormal basis of the centred column space.
  public struct Prepared: Sendable {
    let basis: Matrix
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try MeasureError.validate(x, argument: argument, measure: "CCA")
    return Prepared(basis: RepresentationGeometry.orthonormalBasis(x))
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    let c = Matrix.product(a.basis, b.basis, transposeA: true).frobeniusNorm
    let r = Double(Swift.min(a.basis.columns, b.basis.columns))
    return Swift.min(1, Swift.max(0, c * c / r))
  }
}
