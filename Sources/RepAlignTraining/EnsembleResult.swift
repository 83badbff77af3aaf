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
  /// Each hidden layer's test representations, `[l][a]` = layer l + 1 of member a (m × hₗ₊₁);
  /// the last entry is `testRepresentations`. One entry for a one-hidden-layer network.
  public let hiddenLayerRepresentations: [[Matrix]]

  /// `hiddenLayerRepresentations` nil means one hidden layer (`[testRepresentations]`).
  public init(
    members: [MemberResult], testRepresentations: [Matrix], testErrors: [Double],
    hiddenLayerRepresentations: [[Matrix]]? = nil
  ) {
    self.members = members
    self.testRepresentations = testRepresentations
    self.testErrors = testErrors
    self.hiddenLayerRepresentations = hiddenLayerRepresentations ?? [testRepresentations]
  }

  /// The number of hidden layers L.
  public var depth: Int { hiddenLayerRepresentations.count }
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
