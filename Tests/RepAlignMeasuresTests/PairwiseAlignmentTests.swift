import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct PairwiseAlignmentTests {
  /// Relative tolerance for sd(p)/√M = s.e. (jackknife pseudo-values p against the direct
  /// member-level jackknife of `PairwiseAlignment`). Both are computed from the same
  /// leave-one-out means Ā₋ᵢ and mean Ā, and agree exactly in real arithmetic
  /// (pᵢ − p̄ = −(M − 1)(Ā₋ᵢ − Ā₋)). Rounding:
  /// - forming pᵢ = M·Ā − (M − 1)·Ā₋ᵢ costs ≤ u·(M|Ā| + (M − 1)|Ā₋ᵢ| + |pᵢ|) ≤ 4u·M·v, v the
  ///   largest |value| (every mean is bounded by it); perturbing the data by δ moves a sample
  ///   standard deviation by ≤ √(M/(M − 1))·max|δ| ≤ 2·max|δ|, so relative 8u·M·v / sd(p) =
  ///   4ε·M·v / sd(p) — the cancellation of M·Ā against (M − 1)·Ā₋ᵢ, large when the values sit far
  ///   from 0 relative to their spread;
  /// - each side's centred sum of squares, division and square root: ≤ γ_{M+4} relative each
  ///   (an error δ in the centre changes Σ(x − c)² only at second order, M·δ²).
  static func tolerance(members m: Int, largest v: Double, sd: Double) -> Double {
    2 * Tolerance.dotProduct(length: m + 4) + 4 * Double(m) * Tolerance.epsilon * v / sd
  }

  static func expectJackknifeIdentity(_ p: PairwiseAlignment, _ context: String) {
    let m = p.values.rows
    let pseudo = p.jackknifePseudoValues
    #expect(pseudo.count == m, "\(context): \(pseudo.count) pseudo-values for \(m) members")
    guard let se = p.standardError, pseudo.count == m else {
      Issue.record("\(context): no standard error")
      return
    }
    let mean = pseudo.reduce(0, +) / Double(m)
    let sd = (pseudo.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m - 1)).squareRoot()
    let viaPseudo = sd / Double(m).squareRoot()
    let v = p.values.elements.map(abs).max()!
    let tolerance = Self.tolerance(members: m, largest: v, sd: sd)
    #expect(
      abs(viaPseudo - se) <= tolerance * se,
      "\(context): sd(p)/√M \(format17(viaPseudo)) vs s.e. \(format17(se)), rel tol \(format17(tolerance))")
    #expect(se > 0, "\(context): a non-degenerate ensemble has a positive s.e.")
  }

  /// sd(pseudo-values)/√M equals `standardError` (the identity documented on
  /// `jackknifePseudoValues`), for a symmetric measure, an asymmetric one, and a table whose
  /// values sit far from 0 against their spread (the cancellation case of the tolerance).
  @Test func pseudoValueStandardErrorEqualsTheJackknifeStandardError() throws {
    let reps = EnsembleAlignmentTests.members(count: 6, m: 40, widths: [5, 8], seed: 141)
    Self.expectJackknifeIdentity(try EnsembleAlignment.compute(reps, measure: LinearCKA()), "linear CKA")
    Self.expectJackknifeIdentity(
      try EnsembleAlignment.compute(Array(reps.prefix(5)), measure: InformationImbalance()), "Information Imbalance")
    let rng = RandomStream(master: 142, "jackknife-table")
    let table = Matrix(rows: 7, columns: 7) { a, b in a == b ? 1 : 0.9 + 1e-3 * rng.normal() }
    for symmetric in [true, false] {
      Self.expectJackknifeIdentity(
        PairwiseAlignment(measure: "table", direction: .higherIsMoreAligned, values: table, symmetric: symmetric),
        "synthetic table symmetric=\(symmetric)")
    }
  }

  /// With two members there is no jackknife: no standard error, no pseudo-values.
  @Test func twoMembersHaveNoStandardError() throws {
    let reps = EnsembleAlignmentTests.members(count: 2, m: 30, widths: [4], seed: 143)
    let p = try EnsembleAlignment.compute(reps, measure: LinearCKA())
    #expect(p.standardError == nil && p.jackknifePseudoValues.isEmpty)
    #expect(p.mean == p.values[0, 1])
  }

  /// The jackknife on hand values: M = 3, pairs (0,1) = 0.2, (0,2) = 0.4, (1,2) = 0.9. By hand:
  /// Ā = 0.5; leave-one-out means Ā₋₀ = 0.9, Ā₋₁ = 0.4, Ā₋₂ = 0.2 (centre 0.5, Σ(·−0.5)² = 0.26);
  /// s.e.² = (2/3)·0.26 = 0.52/3, s.e. = 0.416333199893226547056 (mpmath); pseudo-values
  /// 3·0.5 − 2·Ā₋ᵢ = (−0.3, 0.7, 1.1), whose sd/√3 = √(1.04/2/3) is the same s.e. Tolerance 16 ε:
  /// a handful of rounded sums of O(1) terms.
  @Test func jackknifeOnHandValues() throws {
    let table = try Matrix([[1, 0.2, 0.4], [0.2, 1, 0.9], [0.4, 0.9, 1]])
    let p = PairwiseAlignment(measure: "hand", direction: .higherIsMoreAligned, values: table, symmetric: true)
    let tolerance = 16 * Tolerance.epsilon
    expectClose(p.mean, 0.5, tolerance: tolerance, "mean")
    expectClose(try #require(p.standardError), 0.416_333_199_893_226_547_056, tolerance: tolerance, "s.e.")
    #expect(p.jackknifePseudoValues.count == 3)
    for (value, expected) in zip(p.jackknifePseudoValues, [-0.3, 0.7, 1.1]) {
      expectClose(value, expected, tolerance: tolerance, "pseudo-value")
    }
    let pseudo = Estimate(p.jackknifePseudoValues)
    expectClose(try #require(pseudo.standardError), 0.416_333_199_893_226_547_056, tolerance: tolerance, "sd(p)/√M")
  }
}
