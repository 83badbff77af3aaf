import PropertyBased
import RepAlignNumerics
import Testing
import _TestSupport

@testable import RepAlignMeasures

@Suite struct EnsembleAlignmentTests {
  /// M members sharing a latent signal, with different widths.
  static func members(count: Int, m: Int, widths: [Int], seed: UInt64) -> [Matrix] {
    let rng = RandomStream(master: seed, "ensemble")
    let latent = rng.normalMatrix(rows: m, columns: 4)
    return (0..<count).map { a in
      let w = widths[a % widths.count]
      return Matrix.product(latent, rng.normalMatrix(rows: 4, columns: w))
        + rng.normalMatrix(rows: m, columns: w, standardDeviation: 1.5)
    }
  }

  /// Every registered measure: the ensemble's values (fast or prepared path) equal the measure
  /// called pair by pair. Rank-based values must match exactly; the others to
  /// `MeasureConformanceTests.invarianceTolerance` (the fast CKA paths sum the same squares in a
  /// different order / form: Gram space, stacked GEMM, feature-space debiased formula).
  @Test(arguments: AlignmentMeasures.names)
  func ensembleValuesEqualPairwiseCalls(_ name: String) throws {
    let measure = try AlignmentMeasures.named(name)
    for (m, widths) in [(40, [6, 9, 13]), (14, [30, 45])] {
      let reps = Self.members(count: 5, m: m, widths: widths, seed: 131)
      let result = try EnsembleAlignment.compute(reps, measure: measure)
      #expect(result.measure == name && result.direction == measure.direction)
      for a in 0..<5 {
        for b in 0..<5 {
          let direct = try measure.callAsFunction(reps[a], reps[b])
          expectClose(
            result.values[a, b], direct, tolerance: MeasureConformanceTests.invarianceTolerance,
            "\(name) m=\(m) (\(a), \(b))")
        }
      }
      // Same inputs, same values bit for bit, whatever the scheduling.
      #expect(try EnsembleAlignment.compute(reps, measure: measure).values == result.values)
    }
  }

  /// Each measure's own ensemble table (the fast routes) against the generic paths it replaces:
  /// the measure called on each pair (`pairwiseCalls`) and, for prepared measures, prepare once /
  /// compare (`preparedPairs`). Information Imbalance is rank-based: exactly equal. The CKA routes
  /// sum the same squares in another order or form (stacked GEMM, Gram space, feature-space
  /// debiased formula): within `MeasureConformanceTests.invarianceTolerance`. Shapes cover both
  /// HSIC routes (m = 40 feature space, m = 14 Gram space).
  @Test func fastRoutesEqualTheGenericPairwisePaths() throws {
    for (m, widths) in [(40, [6, 9, 13]), (14, [30, 45])] {
      let reps = Self.members(count: 5, m: m, widths: widths, seed: 136)
      func expectTables(_ fast: Matrix, _ generic: Matrix, exact: Bool, _ context: String) {
        for a in 0..<5 {
          for b in 0..<5 {
            if exact {
              #expect(fast[a, b] == generic[a, b], "\(context) m=\(m) (\(a), \(b))")
            } else {
              expectClose(
                fast[a, b], generic[a, b], tolerance: MeasureConformanceTests.invarianceTolerance,
                "\(context) m=\(m) (\(a), \(b))")
            }
          }
        }
      }
      let cka = LinearCKA()
      expectTables(
        try cka.pairwiseTable(reps, symmetric: true),
        try EnsembleAlignment.pairwiseCalls(reps, measure: cka, symmetric: true), exact: false, "linear CKA")
      let debiased = DebiasedLinearCKA()
      let debiasedFast = try debiased.pairwiseTable(reps, symmetric: true)
      expectTables(
        debiasedFast, try EnsembleAlignment.preparedPairs(reps, measure: debiased, symmetric: true), exact: false,
        "debiased CKA vs prepared")
      expectTables(
        debiasedFast, try EnsembleAlignment.pairwiseCalls(reps, measure: debiased, symmetric: true), exact: false,
        "debiased CKA vs pairwise")
      let imbalance = InformationImbalance()
      let imbalanceFast = try imbalance.pairwiseTable(reps, symmetric: false)
      expectTables(
        imbalanceFast, try EnsembleAlignment.preparedPairs(reps, measure: imbalance, symmetric: false), exact: true,
        "Information Imbalance vs prepared")
      expectTables(
        imbalanceFast, try EnsembleAlignment.pairwiseCalls(reps, measure: imbalance, symmetric: false), exact: true,
        "Information Imbalance vs pairwise")
    }
  }

  /// A measure that only says how to compare two representations (here |corr| of first columns).
  struct FirstColumnCorrelation: AlignmentMeasure {
    var name: String { "first_column_correlation" }
    var direction: AlignmentDirection { .higherIsMoreAligned }
    func callAsFunction(_ a: Matrix, _ b: Matrix) throws -> Double {
      abs(try Correlation.pearson(a.column(0), b.column(0)))
    }
  }

  /// The same measure with its own table (a sentinel), which `compute` must use.
  struct OwnTable: AlignmentMeasure {
    var name: String { "own_table" }
    var direction: AlignmentDirection { .higherIsMoreAligned }
    func callAsFunction(_ a: Matrix, _ b: Matrix) throws -> Double { 0 }
    func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix {
      Matrix(rows: representations.count, columns: representations.count, repeating: 0.25)
    }
  }

  /// `compute` dispatches through `pairwiseTable`, not on the measure's type: a measure's own
  /// table is used, and a measure without one gets the pairwise default.
  @Test func computeUsesTheMeasuresOwnTableOrThePairwiseDefault() throws {
    let reps = Self.members(count: 4, m: 25, widths: [3], seed: 137)
    let own = try EnsembleAlignment.compute(reps, measure: OwnTable())
    #expect(own.values == Matrix(rows: 4, columns: 4, repeating: 0.25) && own.mean == 0.25)
    let measure = FirstColumnCorrelation()
    let generic = try EnsembleAlignment.compute(reps, measure: measure)
    for a in 0..<4 {
      for b in 0..<4 { #expect(generic.values[a, b] == (try measure(reps[a], reps[b])), "(\(a), \(b))") }
    }
  }

  @Test func linearCKAChoosesGramSpaceForWideMembers() {
    #expect(LinearHSICTable.usesGramSpace(samples: 14, widths: [30, 45, 30, 45, 30]))
    #expect(!LinearHSICTable.usesGramSpace(samples: 2000, widths: [64, 64, 64, 64]))
    // Both routes give the same table.
    let reps = Self.members(count: 4, m: 20, widths: [7, 25], seed: 132).map(\.centeredColumns)
    let feature = LinearHSICTable.featureSpace(reps)
    // One block, and blocks of 3 rows (the last one shorter) with the √2-scaled off-diagonal part.
    for budget in [LinearHSICTable.blockBudget, 3 * 4 * 20] {
      let gram = LinearHSICTable.gramSpace(reps, blockBudget: budget)
      for a in 0..<4 {
        for b in 0..<4 {
          expectClose(
            gram[a, b], feature[a, b], relativeTo: feature[a, b],
            tolerance: 16 * Tolerance.dotProduct(length: 20 * 20), "F[\(a), \(b)] budget \(budget)")
        }
      }
    }
  }

  /// The asymmetric measure fills both triangles (entry (a, b) = Δ(a → b)), and its mean is over
  /// ordered pairs.
  @Test func informationImbalanceIsAsymmetric() throws {
    let reps = Self.members(count: 4, m: 50, widths: [3, 8], seed: 133)
    let result = try EnsembleAlignment.compute(reps, measure: InformationImbalance())
    let explicit = try EnsembleAlignment.compute(reps, measure: InformationImbalance(), symmetric: false)
    #expect(result == explicit)
    #expect(result.values[0, 1] != result.values[1, 0])
    var sum = 0.0
    for a in 0..<4 { for b in 0..<4 where a != b { sum += result.values[a, b] } }
    expectClose(result.mean, sum / 12, tolerance: 4 * Tolerance.epsilon, "ordered-pair mean")
    for a in 0..<4 { #expect(result.values[a, a] == 2.0 / 50) }
  }

  /// Integer coordinates in {0, 1, 2} give many exactly tied (and zero) distances, exercising the
  /// tie fall-back of the batched rank count: it must reproduce the pairwise (distance, index)
  /// rule exactly, for 11 members so that the SIMD lanes are partly padded.
  @Test func informationImbalanceTiesMatchPairwiseRule() throws {
    let rng = RandomStream(master: 135, "ii-ties")
    let reps = (0..<11).map { _ in
      Matrix(rows: 30, columns: 2) { _, _ in Double(rng.integer(below: 3)) }
    }
    let result = try EnsembleAlignment.compute(reps, measure: InformationImbalance())
    for a in 0..<11 {
      for b in 0..<11 {
        #expect(result.values[a, b] == (try InformationImbalance()(reps[a], reps[b])), "(\(a), \(b))")
      }
    }
  }

  @Test func ensembleErrorsNameTheMember() throws {
    var reps = Self.members(count: 3, m: 20, widths: [4], seed: 134)
    reps[2] = Matrix(rows: 20, columns: 4, repeating: 1)
    #expect(throws: MeasureError.constantRepresentation(argument: "representations[2]", measure: "linear CKA")) {
      try EnsembleAlignment.compute(reps, measure: LinearCKA())
    }
    reps[2] = reps[1].selectingRows(0..<19)
    #expect(throws: MeasureError.sampleCountMismatch(a: 20, b: 19)) {
      try EnsembleAlignment.compute(reps, measure: RepresentationalSimilarity())
    }
    expectParameterError("representations") { try EnsembleAlignment.compute([reps[0]], measure: LinearCKA()) }
  }
}
