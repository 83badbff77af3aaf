import Foundation
import RepAlignNumerics

extension EnsembleAlignment {
  /// Upper-bound cost of `compute` over M representations of m rows and width h under `measures`
  /// measures (`ResourceBudget`; sizes are `Double` so that no product overflows). Every measure is
  /// bounded by the Gram-matrix path — one m×m Gram matrix per member (2·m²·h flop, kept for the
  /// pairs: M·m² entries) and, per ordered pair, O(m² log m) for a comparison or neighbour ranking
  /// plus a fixed 10⁴ flop-equivalent of call overhead — which bounds the CCA family (m·h² + h³
  /// with h ≤ m) too. The pairwise table and its jackknife take 2·M² entries.
  public static func cost(members: Double, rows m: Double, width h: Double, measures: Double) -> CostEstimate {
    let pairs = members * (members - 1)
    let flops = measures * (members * 2 * m * m * h + pairs * (m * m * (2 + log2(max(m, 2))) + 1e4))
    return CostEstimate(bytes: 8 * ((members + 2) * m * m + 2 * members * members), flops: flops)
  }
}
