import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct CorrelationTests {
  @Test func pearsonAgreesWithTextbookFormula() throws {
    let rng = RandomStream(master: 51, "pearson")
    let x = rng.normals(500)
    let y = x.map { $0 + rng.normal() }
    let mx = x.reduce(0, +) / 500
    let my = y.reduce(0, +) / 500
    let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
    let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    let syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
    // Two summation orders over 500 terms: allow γ₅₀₀ on each of three sums.
    expectClose(
      try Correlation.pearson(x, y), sxy / (sxx * syy).squareRoot(), tolerance: 6 * Tolerance.dotProduct(length: 500),
      "r")
  }

  @Test func spearmanIsRankInvariant() throws {
    let x: [Double] = [1, 5, 2, 8, 3]
    // Identical ranks give ρ = 1 up to the round-off of one Pearson correlation of 5 values.
    expectClose(try Correlation.spearman(x, x.map { $0 * $0 * $0 }), 1, tolerance: 8 * Tolerance.epsilon, "ρ(x, x³)")
    expectClose(try Correlation.spearman(x, x.map { -$0 }), -1, tolerance: 8 * Tolerance.epsilon, "ρ(x, −x)")
  }

  @Test func spearmanAveragesTies() throws {
    // Ranks of [1, 2, 2, 3] are [1, 2.5, 2.5, 4]; against [1, 2, 3, 4] Pearson of ranks is
    // 4.5 / √(4.5 · 5) = 0.9486832980505137 (= 3/√10, exact).
    expectClose(
      try Correlation.spearman([1, 2, 2, 3], [1, 2, 3, 4]), 3 / 10.0.squareRoot(), tolerance: 4 * Tolerance.epsilon,
      "tied ρ")
  }

  @Test func degenerateInputsAreErrors() {
    expectParameterError("x") { try Correlation.pearson([1, 1, 1], [1, 2, 3]) }
    expectParameterError("y") { try Correlation.pearson([1, 2], [1, 2, 3]) }
    expectParameterError("x") { try Correlation.spearman([1], [1]) }
    expectParameterError("x") { try Correlation.pearson([1, .nan], [1, 2]) }
  }
}
