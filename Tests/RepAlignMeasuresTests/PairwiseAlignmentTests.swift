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
}
