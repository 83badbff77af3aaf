import RepAlignNumerics

/// Mutual k-nearest-neighbour alignment (Huh et al. 2024, "platonic representation"; THEORY.md §8):
///
///     MkNN(A, B) = (1/m) Σᵢ |N_k^A(i) ∩ N_k^B(i)| / k,
///
/// N_k^A(i) the k nearest samples to i in A (Euclidean, i excluded), with the (distance, index)
/// tie rule of `RepresentationGeometry.neighbourOrder` on exact coordinate-difference distances
/// (`TieRule.neighbourIndexOrder`; integer and binary inputs tie exactly). Invariant to translation, isotropic
/// scaling, orthogonal maps and unit permutations; not to general invertible maps; symmetric; in
/// [0, 1]; MkNN(A, A) = 1. Independent representations give ≈ k/(m − 1). Needs 1 ≤ k ≤ m − 1
/// (k ≥ m is an error; k = m − 1 is always 1, uninformative).
public struct MutualKNN: PreparedAlignmentMeasure {
  /// Neighbourhood size.
  public let k: Int

  /// Default k = 10.
  public init(k: Int = 10) { self.k = k }

  public var name: String { "mutual_knn" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: 0...1,
      selfValue: .constant(1), tieRule: .neighbourIndexOrder)
  }

  /// The k nearest neighbours of every sample, row-major m × k.
  public struct Prepared: Sendable {
    let neighbours: [Int]
    let m: Int
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try MeasureError.validate(x, argument: argument, measure: "mutual k-NN")
    let m = x.rows
    guard k >= 1 && k < m else {
      throw MeasureError.invalidParameter(
        ParameterError("k", "must be in 1...\(m - 1) (fewer than the \(m) samples)", got: k))
    }
    let d = RepresentationGeometry.squaredDistances(RepresentationGeometry.unitScaled(x))
    var neighbours: [Int] = []
    neighbours.reserveCapacity(m * k)
    d.withUnsafeBufferPointer { e in
      for i in 0..<m { neighbours.append(contentsOf: RepresentationGeometry.neighbourOrder(e, row: i, m: m).prefix(k)) }
    }
    return Prepared(neighbours: neighbours, m: m)
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    let m = a.m
    var mark = [Int](repeating: -1, count: m)
    var shared = 0
    for i in 0..<m {
      for t in 0..<k { mark[a.neighbours[i * k + t]] = i }
      for t in 0..<k where mark[b.neighbours[i * k + t]] == i { shared += 1 }
    }
    return Double(shared) / Double(m * k)
  }
}
