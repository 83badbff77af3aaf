import RepAlignNumerics

/// Singular-vector CCA (Raghu et al. 2017; THEORY.md §8): keep the top `dimensions` left
/// singular directions of each centred representation (the SVD step), then take the **mean
/// canonical correlation** between the two reduced representations:
///
///     SVCCA(A, B) = (1/k) Σᵢ ρᵢ,   ρᵢ = singular values of U_{A,k}ᵀ U_{B,k},  k = min(k_A, k_B),
///
/// k_A = min(`dimensions`, rank Ã). The singular directions come from GSL's SVD of the centred
/// data itself (`RepresentationGeometry.singularBasis`), with the rank cut-off
/// σᵢ > 8·max(m, p)·ε·σ₁ (the data's own round-off), so a direction 1e-6 as large as the leading
/// one is kept rather than dropped. (Raghu et al. report the mean ρ, not ρ²; `MeanSquaredCCA` is
/// the squared version without the SVD step.)
///
/// Invariant to translation, isotropic scaling, orthogonal maps and unit permutations (the top-k
/// singular subspace is equivariant under them); *not* to general invertible linear maps, which
/// change which directions are top-k (it becomes invariant when `dimensions` ≥ rank, where it is
/// plain CCA). Symmetric, in [0, 1], SVCCA(A, A) = 1. **Uninformative when the kept dimension
/// reaches m − 1** (the rank of centred data): then every B gives 1. Keep m ≫ `dimensions`.
public struct SVCCA: PreparedAlignmentMeasure {
  /// How many singular directions to keep (≥ 1).
  public let dimensions: Int

  /// Default 10 directions.
  public init(dimensions: Int = 10) { self.dimensions = dimensions }

  public var name: String { "svcca" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: 0...1,
      selfValue: .constant(1))
  }

  /// Orthonormal basis of the top singular directions.
  public struct Prepared: Sendable {
    let basis: Matrix
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    guard dimensions >= 1 else {
      throw MeasureError.invalidParameter(ParameterError("dimensions", "must be ≥ 1", got: dimensions))
    }
    try MeasureError.validate(x, argument: argument, measure: "SVCCA")
    let q = try RepresentationGeometry.singularBasis(x, measure: "SVCCA").basis
    let k = Swift.min(dimensions, q.columns)
    return Prepared(basis: k == q.columns ? q : q.selectingColumns(Array(0..<k)))
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    let c = Matrix.product(a.basis, b.basis, transposeA: true)
    let rho = try MeasureError.numerical("SVCCA") {
      try c.singularValueDecomposition(name: "canonical cross-product").singularValues
    }
    let k = Swift.min(a.basis.columns, b.basis.columns)
    let mean = rho.prefix(k).reduce(0, +) / Double(k)
    return Swift.min(1, Swift.max(0, mean))
  }
}
