import RepAlignNumerics

/// All pairwise values of a measure among M members' representations of one test set, with the
/// ensemble mean over pairs a < b and its standard error.
///
/// ## Standard error: member-level jackknife
/// Pairs share members and are not independent. The estimator deletes one member at a time:
/// Ā₋ᵢ is the mean over pairs not involving member i, Ā₋ = mean of the Ā₋ᵢ, and
///
///     s.e.² = (M − 1)/M · Σᵢ (Ā₋ᵢ − Ā₋)²
///
/// (Efron & Stein; for a U-statistic of order 2 this is consistent for its variance). It needs
/// M ≥ 3 members; with M = 2 the standard error is reported as `nil`.
public struct PairwiseAlignment: Sendable, Equatable {
  /// The measure's name.
  public let measure: String
  /// The measure's direction.
  public let direction: AlignmentDirection
  /// M × M values; the diagonal holds each member against itself. For asymmetric measures
  /// (Information Imbalance) entry (a, b) is the measure of a → b.
  public let values: Matrix
  /// Mean over ordered pairs a ≠ b for asymmetric measures, over a < b otherwise.
  public let mean: Double
  /// Member-level jackknife standard error of `mean`; nil when M < 3.
  public let standardError: Double?
  /// Jackknife pseudo-values pᵢ = M·Ā − (M − 1)·Ā₋ᵢ, one per member (empty when M < 3). Their
  /// sample standard error sd(p)/√M equals `standardError`, and because they are linear in the
  /// leave-one-out means, the pseudo-values of a *difference* of two ensembles that share members
  /// (same noise draws and inits at two SNRs, say) are the differences of theirs: a paired
  /// jackknife.
  public let jackknifePseudoValues: [Double]

  public init(measure: String, direction: AlignmentDirection, values: Matrix, symmetric: Bool) {
    self.measure = measure
    self.direction = direction
    self.values = values
    let m = values.rows
    func meanExcluding(_ excluded: Int?) -> Double {
      var s = 0.0
      var n = 0
      for a in 0..<m where a != excluded {
        for b in 0..<m where b != excluded && b != a && (!symmetric || a < b) {
          s += values[a, b]
          n += 1
        }
      }
      return n > 0 ? s / Double(n) : .nan
    }
    self.mean = meanExcluding(nil)
    if m >= 3 {
      let leaveOut = (0..<m).map { meanExcluding($0) }
      let center = leaveOut.reduce(0, +) / Double(m)
      let ss = leaveOut.reduce(0) { $0 + ($1 - center) * ($1 - center) }
      self.standardError = (Double(m - 1) / Double(m) * ss).squareRoot()
      let mean = self.mean
      self.jackknifePseudoValues = leaveOut.map { Double(m) * mean - Double(m - 1) * $0 }
    } else {
      self.standardError = nil
      self.jackknifePseudoValues = []
    }
  }
}
