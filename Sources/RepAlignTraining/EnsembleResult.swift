import RepAlignMeasures
import RepAlignNumerics

/// A mean over members with its standard error s/√M (s the sample standard deviation over the
/// M members; nil for M < 2). Members share the design X, so this is the error conditional on X.
public struct Estimate: Sendable, Equatable, Codable {
  public let mean: Double
  public let standardError: Double?

  public init(_ values: [Double]) {
    let m = Double(values.count)
    let center = values.reduce(0, +) / m
    mean = center
    if values.count >= 2 {
      let ss = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
      standardError = (ss / (m - 1) / m).squareRoot()
    } else {
      standardError = nil
    }
  }
}

/// Everything one noise ensemble produced (THEORY.md §2).
public struct EnsembleResult: Sendable, Equatable {
  /// The trained members, in member order.
  public let members: [MemberResult]
  /// Each member's hidden representation φ(X_test W₁ᵀ) of the noise-free test set (m × h).
  public let testRepresentations: [Matrix]
  /// Each member's test error: excess risk mean_x ‖f(x) − E[y|x]‖² for regression, the
  /// misclassification rate against the clean test labels for classification.
  public let testErrors: [Double]
  /// Pairwise alignment under each requested measure, in the order requested.
  public let alignments: [PairwiseAlignment]

  /// The alignment under the measure named `name`.
  public func alignment(_ name: String) -> PairwiseAlignment? { alignments.first { $0.measure == name } }
  public var testError: Estimate { Estimate(testErrors) }
  public var trainLoss: Estimate { Estimate(members.map(\.trainLoss)) }
  public var steps: Estimate { Estimate(members.map { Double($0.steps) }) }
  /// Fraction of members whose train loss fell below the interpolation tolerance.
  public var interpolatedFraction: Double {
    Double(members.filter(\.interpolated).count) / Double(members.count)
  }
}
