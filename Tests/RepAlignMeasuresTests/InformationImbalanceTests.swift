import Foundation
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

/// Information Imbalance with k ≥ 1 neighbours, its exact tie rule and its standard error.
@Suite struct InformationImbalanceNeighboursTests {
  /// THEORY.md §8's exact fixture (integers, with tied distances) and a binary one (the 8 corners of
  /// the cube against a 2-bit code of them).
  static let x = try! Matrix([[1, 2, 0], [0, 1, 3], [2, 0, 1], [1, 1, 1], [3, 2, 2]])
  static let y = try! Matrix([[1, 0], [2, 1], [0, 3], [1, 2], [2, 2]])
  static let z = try! Matrix([
    [0, 0, 0], [1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1], [0, 0, 1], [1, 0, 0], [0, 1, 0],
  ])
  static let w = try! Matrix([[0, 1], [1, 1], [0, 0], [1, 0], [1, 1], [0, 1], [1, 0], [0, 0]])

  /// Reference values: DADApy 0.3.4 `_utils.metric_comparisons._return_imbalance(idx_A, idx_B, rng, k)`
  /// on neighbour lists ordered by (exact integer squared distance, index), cross-checked against
  /// exact `fractions.Fraction` arithmetic in Python (numpy 2.4.6): these are the fractions. Our
  /// value is one division of the same two integers, so equality is exact.
  static let tied: [(String, Matrix, Matrix, Int, Int, Int)] = [
    ("X→Y", x, y, 1, 28, 25), ("X→Y", x, y, 2, 31, 25), ("Y→X", y, x, 1, 34, 25), ("Y→X", y, x, 2, 29, 25),
    ("Z→W", z, w, 1, 23, 32), ("Z→W", z, w, 2, 63, 64), ("W→Z", w, z, 1, 1, 2), ("W→Z", w, z, 2, 25, 32),
  ]

  @Test func tiedIntegerFixturesMatchDADApyUnderTheIndexRule() throws {
    for (label, a, b, k, numerator, denominator) in Self.tied {
      let value = try InformationImbalance(k: k)(a, b)
      #expect(value == Double(numerator) / Double(denominator), "\(label) k=\(k): \(format17(value))")
      // The ensemble route (Gram form + exact re-decisions) gives the same value.
      let table = try InformationImbalance(k: k).pairwiseTable([a, a, a], symmetric: false)
      #expect(table[0, 1] == Double(k + 1) / Double(a.rows), "\(label) k=\(k) ensemble self")
    }
    let table = try InformationImbalance(k: 2).pairwiseTable([Self.z, Self.w], symmetric: false)
    #expect(table[0, 1] == 63.0 / 64 && table[1, 0] == 25.0 / 32, "ensemble Z, W: \(table)")
  }

  /// Untied data against DADApy end to end: `MetricComparisons(coordinates=[A, B], maxk=N−1)
  /// .return_inf_imb_two_selected_coords([0, 1, 2], [3, 4], k)` (DADApy 0.3.4, numpy 2.4.6) gives
  /// (Δ(A→B), Δ(B→A)) = (0.0675, 0.0675) for k = 1, (0.10125, 0.10125) for k = 3 and
  /// (0.22575, 0.229) for k = 5 on the 40 samples below (ranks of distinct distances, so the
  /// values are integers over 40²k and must agree exactly).
  @Test func untiedDataMatchDADApyForSeveralK() throws {
    let n = 40
    let a = Matrix(rows: n, columns: 3) { i, j in sin(1.0 + 0.7 * Double(i) + 1.3 * Double(j)) }
    let b = Matrix(rows: n, columns: 2) { i, j -> Double in
      let s: Double = sin(1.0 + 0.7 * Double(i) + 1.3 * Double(j))
      let c: Double = cos(2.1 * Double(i) + Double(j))
      return s * s * s + 0.3 * c
    }
    for (k, forward, backward) in [(1, 0.0675, 0.0675), (3, 0.10125, 0.10125), (5, 0.22575, 0.229)] {
      let f = try InformationImbalance(k: k)(a, b)
      let r = try InformationImbalance(k: k)(b, a)
      expectClose(f, forward, tolerance: 4 * Tolerance.epsilon, "Δ_\(k)(A→B)")
      expectClose(r, backward, tolerance: 4 * Tolerance.epsilon, "Δ_\(k)(B→A)")
      #expect(try InformationImbalance(k: k)(a, a) == Double(k + 1) / Double(n), "Δ_\(k)(A→A) = (k+1)/N")
    }
  }

  @Test func invalidKIsAOneLineError() {
    let a = RandomStream(master: 3, "ii-k").normalMatrix(rows: 6, columns: 2)
    for k in [0, -1, 5] {
      do {
        _ = try InformationImbalance(k: k)(a, a)
        Issue.record("k = \(k) accepted on 6 samples")
      } catch {
        #expect(!"\(error)".contains("\n") && ("\(error)".contains("k") || "\(error)".contains("samples")), "\(error)")
      }
    }
  }

  /// The disjoint-subset standard error against the spread it estimates: R = 40 independent
  /// draws of (A, B) with m = 400 (B = A + noise, so Δ is well inside (0, 1)). The s.d. of Δ over
  /// the draws is the true standard error; the mean of the R subset estimates (S = 10) must lie
  /// within a factor 1.6 of it. With R = 40 the empirical s.d. itself has a relative error of
  /// ≈ 1/√(2R) ≈ 11%, and the subset estimator (9 degrees of freedom each, averaged over 40) ≈ 4%,
  /// so a factor 1.6 is ≳ 4 combined standard errors (and the 1/m scaling of the variance it
  /// assumes is what is being checked).
  @Test func subsetStandardErrorMatchesTheSpreadOverDraws() throws {
    let rng = RandomStream(master: TestSeeds.seed(125), "ii-se")
    var values: [Double] = []
    var estimates: [Double] = []
    for _ in 0..<40 {
      let a = rng.normalMatrix(rows: 400, columns: 3)
      let b = a + rng.normalMatrix(rows: 400, columns: 3, standardDeviation: 0.5)
      values.append(try InformationImbalance()(a, b))
      estimates.append(try InformationImbalance().standardError(a, b, subsets: 10))
    }
    let mean = values.reduce(0, +) / 40
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 39).squareRoot()
    let estimate = estimates.reduce(0, +) / 40
    #expect(estimate > sd / 1.6 && estimate < sd * 1.6, "subset s.e. \(format17(estimate)) vs spread \(format17(sd))")
  }
}
