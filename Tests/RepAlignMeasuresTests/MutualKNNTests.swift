import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct MutualKNNTests {
  /// Naive oracle: direct-difference distances, neighbours sorted by (distance, index), set
  /// intersection counted by `Set`. Exact equality: both are ratios of the same integer counts.
  @Test func agreesWithNaiveNeighbourSets() throws {
    try forEachDraw(
      zip(
        Gen.int(in: 4...40), Gen.int(in: 1...6), Gen.int(in: 1...6), Gen.int(in: 0...2),
        Gen.int(in: 0...1_000_000), Gen.int(in: 1...10)), count: 25, fixedSeed: 111
    ) { draw in
      let (m, p, q, relation, seed, k0) = draw.value
      let k = min(k0, m - 1)
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let da = Naive.squaredDistances(a)
      let db = Naive.squaredDistances(b)
      var shared = 0
      for i in 0..<m {
        shared += Set(Naive.order(da, i).prefix(k)).intersection(Naive.order(db, i).prefix(k)).count
      }
      let value = try MutualKNN(k: k)(a, b)
      #expect(value == Double(shared) / Double(m * k), "m=\(m) k=\(k); \(draw.replay)")
    }
  }

  @Test func kMustBeBelowSampleCount() throws {
    let rng = RandomStream(master: 112, "knn-k")
    let a = rng.normalMatrix(rows: 5, columns: 2)
    #expect(
      throws: MeasureError.invalidParameter(
        ParameterError("k", "must be in 1...4 (fewer than the 5 samples)", got: 5))
    ) { try MutualKNN(k: 5)(a, a) }
    #expect { try MutualKNN(k: 0)(a, a) } throws: { isInvalidParameter($0, "k") }
    #expect(try MutualKNN(k: 4)(a, rng.normalMatrix(rows: 5, columns: 2)) == 1)
  }

  /// Independent representations: each of the k neighbours in B is in A's k-set with probability
  /// k/(m − 1), so E[MkNN] = k/(m − 1) = 0.0501 for m = 400, k = 20. The m·k indicators are weakly
  /// dependent; treating them as independent Bernoulli gives s.d. ≈ √(k/(m−1)/(m·k)) ≈ 0.0024,
  /// and the assertion allows z = 5 of those (false-failure ≈ 6e-7 under normality; the
  /// dependence between neighbourhoods of nearby samples could inflate the variance a little).
  @Test func independentLevel() throws {
    let rng = RandomStream(master: TestSeeds.seed(113), "knn-null")
    let (m, k) = (400, 20)
    let value = try MutualKNN(k: k)(rng.normalMatrix(rows: m, columns: 5), rng.normalMatrix(rows: m, columns: 5))
    let expected = Double(k) / Double(m - 1)
    let sd = (expected / Double(m * k)).squareRoot()
    #expect(abs(value - expected) <= 5 * sd, "MkNN \(value), expected \(expected) ± \(sd)")
  }
}
