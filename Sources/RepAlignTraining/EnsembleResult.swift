import RepAlignNumerics

/// Everything one noise ensemble produced (THEORY.md §2): members, test representations, test
/// errors and train losses; alignment is measured from `testRepresentations` by the caller
/// (`EnsembleAlignment`, RepAlignMeasures). Summaries are `Estimate`s over members:
/// mean ± s/√M for a fixed design X (members share X, so this is the error conditional on X).
public struct EnsembleResult: Sendable, Equatable {
  /// The trained members, in member order.
  public let members: [MemberResult]
  /// Each member's hidden representation φ(X_test W₁ᵀ) of the noise-free test set (m × h).
  public let testRepresentations: [Matrix]
  /// Each member's test error: excess risk mean_x ‖f(x) − E[y|x]‖² for regression, the
  /// misclassification rate against the clean test labels for classification.
  public let testErrors: [Double]
  public var testError: Estimate { Estimate(testErrors) }
  public var trainLoss: Estimate { Estimate(members.map(\.trainLoss)) }
  public var steps: Estimate { Estimate(members.map { Double($0.steps) }) }
  /// Fraction of members that met a stopping rule (`MemberResult.converged`).
  public var convergedFraction: Double {
    Double(members.filter(\.converged).count) / Double(members.count)
  }
  /// Fraction of members whose train loss fell below the interpolation tolerance (and, training
  /// to convergence, that converged: `MemberResult.interpolated`).
  public var interpolatedFraction: Double {
    Double(members.filter(\.interpolated).count) / Double(members.count)
  }
}
