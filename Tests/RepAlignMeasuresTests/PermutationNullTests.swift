import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct PermutationNullTests {
  /// A strongly related pair: no row shuffle reaches the observed score, so p = 1/(N + 1) exactly
  /// (its least value) and the calibrated score is positive in the aligned direction, for a
  /// similarity and for a distance-like measure.
  @Test func relatedPairHasTheSmallestPValue() throws {
    let rng = RandomStream(master: 81, "null-related")
    let a = rng.normalMatrix(rows: 60, columns: 4)
    let b =
      Matrix.product(a, rng.normalMatrix(rows: 4, columns: 3))
      + rng.normalMatrix(rows: 60, columns: 3, standardDeviation: 0.1)
    for measure in [LinearCKA(), InformationImbalance()] as [any AlignmentMeasure] {
      let null = try PermutationNull.compute(measure, a, b, permutations: 49)
      #expect(null.pValue == 1.0 / 50, "\(measure.name): p = \(null.pValue)")
      #expect(measure.direction.sign * null.calibrated > 0 && null.z > 3, "\(measure.name): \(null)")
      #expect(null.nullValues.count == 49)
      #expect(try PermutationNull.compute(measure, a, b, permutations: 49) == null, "deterministic for a seed")
    }
  }

  /// Independent pairs: the permutation p-value is (super-)uniform, so over R = 40 independent
  /// pairs its mean is 1/2 up to sd(U)/√R = 0.289/√40 ≈ 0.046 (the +1 correction raises it by
  /// 1/(2(N + 1)) ≈ 0.025 at N = 19). The window [0.3, 0.72] is ≳ 4 standard errors either side
  /// (false-failure rate ≲ 1e-4). The null mean of the biased linear CKA must sit well above 0
  /// (≈ √(pq/((m + p)(m + q))) ≈ 0.12 here, THEORY.md §8): the inflation the null calibrates away.
  @Test func independentPairsGiveUniformPValues() throws {
    let rng = RandomStream(master: TestSeeds.seed(82), "null-independent")
    var pValues: [Double] = []
    var nullMeans: [Double] = []
    for _ in 0..<40 {
      let a = rng.normalMatrix(rows: 40, columns: 5)
      let b = rng.normalMatrix(rows: 40, columns: 5)
      let null = try PermutationNull.compute(LinearCKA(), a, b, permutations: 19, seed: UInt64(pValues.count + 1))
      pValues.append(null.pValue)
      nullMeans.append(null.nullMean)
    }
    let mean = pValues.reduce(0, +) / 40
    #expect(mean > 0.3 && mean < 0.72, "mean p = \(mean)")
    let level = nullMeans.reduce(0, +) / 40
    #expect(level > 0.06 && level < 0.25, "null mean of linear CKA = \(level)")
  }

  @Test func tooFewPermutationsIsAnError() {
    let a = RandomStream(master: 83, "null-bad").normalMatrix(rows: 10, columns: 2)
    expectParameterError("permutations") { try PermutationNull.compute(LinearCKA(), a, a, permutations: 1) }
  }
}
