import RepAlignNumerics

/// Orthogonal Procrustes alignment as the normalized Bures similarity (Williams et al. 2021;
/// Harvey et al. 2024; THEORY.md §8):
///
///     NBS(A, B) = max_Q ⟨Ã, B̃Q⟩_F / (‖Ã‖_F ‖B̃‖_F) = ‖ÃᵀB̃‖_* / (‖Ã‖_F ‖B̃‖_F),
///
/// Q over orthogonal maps (zero-padded when p ≠ q), ‖·‖_* the nuclear norm (sum of singular
/// values, by GSL's SVD of the p × q cross-product; wide representations are first compacted to
/// ≤ m columns with the same Gram matrix). It equals the fidelity tr((K^{1/2} L K^{1/2})^{1/2}) of
/// the normalized Gram matrices. Invariant to translation, isotropic scaling, orthogonal maps and
/// unit permutations, not to general invertible maps; symmetric; in [0, 1]; NBS(A, A) = 1.
public struct ProcrustesSimilarity: PreparedAlignmentMeasure {
  public init() {}
  public var name: String { "procrustes" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: 0...1,
      selfValue: .constant(1))
  }

  /// Centred (compacted) features and their Frobenius norm.
  public struct Prepared: Sendable {
    let features: Matrix
    let norm: Double
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try MeasureError.validate(x, argument: argument, measure: "Procrustes")
    let f = try RepresentationGeometry.compactFeatures(x, measure: "Procrustes")
    return Prepared(features: f, norm: f.frobeniusNorm)
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    let cross = Matrix.product(a.features, b.features, transposeA: true)
    let nuclear = try MeasureError.numerical("Procrustes") {
      try cross.singularValueDecomposition(name: "cross-covariance").singularValues.reduce(0, +)
    }
    return Swift.min(1, Swift.max(0, (nuclear / a.norm) / b.norm))
  }
}
