import RepAlignNumerics

/// Representational similarity analysis (Kriegeskorte et al. 2008; THEORY.md §8): the Spearman
/// correlation between the upper triangles of the two representational dissimilarity matrices
/// (Euclidean distances between samples, m(m−1)/2 entries each), by `Correlation.spearman`
/// (GSL; tied distances get their average rank, `TieRule.averageRanks`). Squared distances are
/// used: they have the same ranks. They are computed from coordinate differences
/// (`RepresentationGeometry`), so distances equal in exact arithmetic (integer or binary inputs)
/// are tied here too, as in rsatoolbox and scipy.
///
/// Invariant to translation, isotropic scaling, orthogonal maps and unit permutations (all keep
/// the distance ranks), not to general invertible maps; symmetric; in [−1, 1]; RSA(A, A) = 1.
/// Needs m ≥ 3 (at least two distances); throws if a dissimilarity matrix is constant.
public struct RepresentationalSimilarity: PreparedAlignmentMeasure {
  public init() {}
  public var name: String { "rsa" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: -1...1,
      selfValue: .constant(1), minimumSamples: 3, tieRule: .averageRanks)
  }

  /// The upper triangle of the squared-distance matrix, row by row.
  public struct Prepared: Sendable {
    let dissimilarities: [Double]
    let argument: String
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try MeasureError.validate(x, argument: argument, measure: "RSA", minimumSamples: 3)
    let m = x.rows
    let d = RepresentationGeometry.squaredDistances(RepresentationGeometry.unitScaled(x))
    var upper: [Double] = []
    upper.reserveCapacity(m * (m - 1) / 2)
    d.withUnsafeBufferPointer { e in
      for i in 0..<m { for j in (i + 1)..<m { upper.append(e[i * m + j]) } }
    }
    if !upper.contains(where: { $0 != upper[0] }) {
      throw MeasureError.invalidParameter(
        ParameterError(
          argument, "RSA needs a dissimilarity matrix that is not constant", got: "all distances equal"))
    }
    return Prepared(dissimilarities: upper, argument: argument)
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    try MeasureError.numerical("RSA") { try Correlation.spearman(a.dissimilarities, b.dissimilarities) }
  }
}
