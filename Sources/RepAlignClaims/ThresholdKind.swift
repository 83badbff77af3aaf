/// Which interpolation threshold a threshold claim tests (THEORY.md §10; issue 16).
///
/// - `inputDimension`: n* = d, the linear network's threshold (THEORY.md §5).
/// - `converged`: n* measured with training run to convergence (a stopping rule on the train loss
///   or the gradient norm, `ExperimentSpec.Training.lossThreshold`): the n at which the fraction of
///   members that converged to an interpolating fit crosses 1/2, interpolated linearly between the
///   last grid n with at least half interpolating and the next (`ConvergedThreshold`; a continuous
///   estimate with a bootstrap interval). A property of the network.
/// - `budgetLimited`: n* measured as the largest grid n a fixed step budget fits (at least half of
///   the members below the interpolation tolerance). A property of the optimizer and its budget as
///   much as of the network; kept, labelled, for comparison, with the grid rule it was measured with.
public enum ThresholdKind: String, Codable, Sendable, CaseIterable {
  case inputDimension = "input_dimension"
  case converged
  case budgetLimited = "budget_limited"
}

/// The threshold a verdict row tested: its kind, n*, and the network's parameter count P (its
/// trainable weights, no biases: h·d + h·k with one hidden layer, h·d + (L − 1)·h² + h·k with L,
/// `MultiLayerNetwork.parameterCount(inputDimension:widths:outputs:)`).
public struct ThresholdReport: Codable, Sendable, Equatable {
  public let kind: ThresholdKind
  public let n: Double
  public let parameterCount: Int

  public init(kind: ThresholdKind, n: Double, parameterCount: Int) {
    self.kind = kind
    self.n = n
    self.parameterCount = parameterCount
  }
}
