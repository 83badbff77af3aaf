import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct InformationImbalanceTests {
  /// Naive oracle from THEORY.md §8: direct-difference distances, nn^A(i) and r^B(i, j) by
  /// sorting with the (distance, index) rule, Δ = (2/m²) Σᵢ r^B(i, nn^A(i)). Exact equality:
  /// both sides are 2·(the same integer)/m².
  static func reference(_ a: Matrix, _ b: Matrix) -> Double {
    let m = a.rows
    let da = Naive.squaredDistances(a)
    let db = Naive.squaredDistances(b)
    var total = 0
    for i in 0..<m {
      let nn = Naive.order(da, i)[0]
      total += Naive.order(db, i).firstIndex(of: nn)! + 1
    }
    return 2 * Double(total) / Double(m * m)
  }

  @Test func agreesWithNaiveDefinitionBothDirections() throws {
    try forEachDraw(
      zip(
        Gen.int(in: 3...40), Gen.int(in: 1...6), Gen.int(in: 1...6), Gen.int(in: 0...2),
        Gen.int(in: 0...1_000_000)), count: 25, fixedSeed: 121
    ) { draw in
      let (m, p, q, relation, seed) = draw.value
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let forward = try InformationImbalance()(a, b)
      let backward = try InformationImbalance()(b, a)
      #expect(forward == Self.reference(a, b), "Δ(A→B) m=\(m); \(draw.replay)")
      #expect(backward == Self.reference(b, a), "Δ(B→A) m=\(m); \(draw.replay)")
    }
  }

  /// Δ(A→A) = 2/N exactly, also with duplicated samples (the tie rule makes the nearest
  /// neighbour the rank-1 neighbour).
  @Test func selfImbalanceIsTwoOverN() throws {
    let rng = RandomStream(master: 122, "ii-self")
    let a = rng.normalMatrix(rows: 37, columns: 4)
    #expect(try InformationImbalance()(a, a) == 2.0 / 37)
    let duplicated = a.selectingRows(Array(0..<20) + Array(0..<17))
    #expect(try InformationImbalance()(duplicated, duplicated) == 2.0 / 37)
  }

  /// Independent spaces: r^B(i, nn^A(i)) is uniform on 1...N−1, so E[Δ] = (2/N²)·N·N/2 = 1
  /// exactly, with Var ≈ 1/(3N) per direction if the N ranks were independent. R = 8 independent
  /// pairs at N = 300, both directions (16 values): the empirical mean must be within z = 4
  /// empirical standard errors of 1 (two-sided false-failure ≈ 6e-5 under normality), and the
  /// empirical s.d. must be within a factor 2 of √(1/(3N)) = 0.033 (the ranks of different i are
  /// only weakly dependent).
  @Test func independentSpacesGiveOne() throws {
    let rng = RandomStream(master: TestSeeds.seed(123), "ii-null")
    let n = 300
    var values: [Double] = []
    for _ in 0..<8 {
      let a = rng.normalMatrix(rows: n, columns: 3)
      let b = rng.normalMatrix(rows: n, columns: 5)
      values.append(try InformationImbalance()(a, b))
      values.append(try InformationImbalance()(b, a))
    }
    let mean = values.reduce(0, +) / Double(values.count)
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    let se = sd / Double(values.count).squareRoot()
    let predicted = (1 / (3 * Double(n))).squareRoot()
    print("REPORT information_imbalance independent: mean \(mean) ± \(se), s.d. \(sd) (predicted \(predicted))")
    #expect(abs(mean - 1) <= 4 * se, "mean \(mean) ± \(se)")
    #expect(sd > predicted / 2 && sd < 2 * predicted, "s.d. \(sd) vs \(predicted)")
  }

  /// A = [B, independent noise coordinates] carries all of B's information: its nearest
  /// neighbours are close in B too, so Δ(A→B) is small, while B's nearest neighbours are random in
  /// the noise coordinates, so Δ(B→A) is near 1 (Glielmo et al. 2022, Fig. 1).
  @Test func asymmetryHasTheExpectedSign() throws {
    let rng = RandomStream(master: 124, "ii-asym")
    let b = rng.normalMatrix(rows: 200, columns: 2)
    let noise = rng.normalMatrix(rows: 200, columns: 6)
    let a = Matrix(rows: 200, columns: 8) { i, j in j < 2 ? b[i, j] : noise[i, j - 2] }
    let forward = try InformationImbalance()(a, b)
    let backward = try InformationImbalance()(b, a)
    #expect(forward < backward - 0.2, "Δ(A→B) = \(forward), Δ(B→A) = \(backward)")
  }
}
