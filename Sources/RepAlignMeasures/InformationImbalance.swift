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
    return Prepared(nearest: RepresentationGeometry.nearestNeighbours(d), ranks: RepresentationGeometry.neighbourRanks(d))
  }

  /// Δ(a→b).
  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    Self.imbalance(nearest: a.nearest, ranks: b.ranks)
  }

  /// (2/m²) Σᵢ ranks[i, nearest[i]].
  static func imbalance(nearest: [Int], ranks: [Int32]) -> Double {
    let m = nearest.count
    var total = 0
    for i in 0..<m { total += Int(ranks[i * m + nearest[i]]) }
    return 2 * Double(total) / (Double(m) * Double(m))
  }

  /// Nearest neighbours only (for the ensemble's two-pass path, which holds one rank matrix at a
  /// time instead of M).
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
