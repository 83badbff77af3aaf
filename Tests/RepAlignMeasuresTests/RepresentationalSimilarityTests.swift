import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct RepresentationalSimilarityTests {
  /// Naive oracle: Euclidean RDMs by direct differences, average ranks of the upper triangles,
  /// Pearson correlation of the ranks by a two-pass loop (not GSL).
  @Test func agreesWithNaiveSpearmanOfRDMs() throws {
    try forEachDraw(
      zip(
        Gen.int(in: 3...30), Gen.int(in: 1...8), Gen.int(in: 1...8), Gen.int(in: 0...2),
        Gen.int(in: 0...1_000_000)), count: 20, fixedSeed: 101
    ) { draw in
      let (m, p, q, relation, seed) = draw.value
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      func upper(_ x: Matrix) -> [Double] {
        let d = Naive.squaredDistances(x)
        return (0..<m).flatMap { i in ((i + 1)..<m).map { j in d[i, j].squareRoot() } }
      }
      let reference = Naive.pearson(Naive.averageRanks(upper(a)), Naive.averageRanks(upper(b)))
      // Ranks are exact integers/halves; the Pearson sums carry γ_n with n = m(m−1)/2.
      expectClose(
        try RepresentationalSimilarity()(a, b), reference,
        tolerance: 8 * Tolerance.dotProduct(length: m * m), "RSA m=\(m); \(draw.replay)")
    }
  }

  @Test func equidistantSamplesAreAnError() throws {
    // The unit vectors of R³, an equilateral triangle whose squared distances are exactly 2 in
    // floating point too. (The planar triangle with a vertex at (1, √3) is not: √3² rounds to
    // 2.9999999999999996, and only the old Gram form's round-off made its distances equal.)
    let tri = try Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    let other = try Matrix([[0, 1], [3, 0], [1, 1]])
    #expect { try RepresentationalSimilarity()(tri, other) } throws: { isInvalidParameter($0, "A") }
  }
}
