import RepAlignNumerics

/// How each member is trained: loss, optimizer, learning rate, regularisation and stopping.
///
/// Stopping (whichever comes first): the step budget `steps`; the training loss at the current
/// parameters ≤ `lossThreshold`; the gradient norm ≤ `gradientNormThreshold`. Both thresholds are
/// checked on the full training set for full-batch optimizers (every step) and, for minibatch
/// optimizers, the loss on the full set once per epoch and the gradient on the current batch.
/// A member *interpolated* when its final full training loss (data term, without weight decay)
/// is < `interpolationTolerance`.
///
/// Divergence: a non-finite loss, or a loss above `divergenceFactor` × the initial loss, stops
/// the member with `TrainingError.diverged` naming the step and the learning rate.
public struct TrainingSpec: Sendable, Equatable, Hashable {
  public var loss: Loss
  public var optimizer: Optimizer
  public var learningRate: Double
  public var steps: Int
  public var weightDecay: Double
  public var lossThreshold: Double?
  public var gradientNormThreshold: Double?
  /// Default 1e-6: far below the noise level σ²/2 of any non-interpolating fit at the SNRs of the
  /// suite (SNR ≤ 100 ⇒ σ²/2 ≥ 5e-3 with r² = 1), far above round-off.
  public var interpolationTolerance: Double
  /// `interpolationTolerance`'s default (see there).
  public static let defaultInterpolationTolerance = 1e-6
  /// Default 1e4: GD above the stability limit 2/L grows the loss geometrically and crosses it
  /// within tens of steps; stable runs never exceed their initial loss by more than O(1).
  public var divergenceFactor: Double
  /// Record the (batch) loss every this many steps into `MemberResult.lossHistory`; nil records
  /// nothing.
  public var recordLossEvery: Int?

  public init(
    loss: Loss = .meanSquaredError, optimizer: Optimizer = .gradientDescent, learningRate: Double,
    steps: Int, weightDecay: Double = 0, lossThreshold: Double? = nil,
    gradientNormThreshold: Double? = nil, interpolationTolerance: Double = defaultInterpolationTolerance,
    divergenceFactor: Double = 1e4, recordLossEvery: Int? = nil
  ) {
    self.loss = loss
    self.optimizer = optimizer
    self.learningRate = learningRate
    self.steps = steps
    self.weightDecay = weightDecay
    self.lossThreshold = lossThreshold
    self.gradientNormThreshold = gradientNormThreshold
    self.interpolationTolerance = interpolationTolerance
    self.divergenceFactor = divergenceFactor
    self.recordLossEvery = recordLossEvery
  }

  /// Whether the spec trains to convergence: a stopping rule (`lossThreshold` or
  /// `gradientNormThreshold`) is set, so `steps` is a budget meant not to bind. Then only a member
  /// that met a rule can count as interpolating (`MemberResult.interpolated`).
  public var trainsToConvergence: Bool { lossThreshold != nil || gradientNormThreshold != nil }

  /// Throws a `ParameterError` naming the first invalid field; `sampleCount` bounds batch sizes.
  public func validate(sampleCount n: Int) throws(ParameterError) {
    try require(learningRate.isFinite && learningRate > 0, "learningRate", "must be finite and > 0", got: learningRate)
    try require(steps >= 0, "steps", "must be ≥ 0", got: steps)
    try require(weightDecay.isFinite && weightDecay >= 0, "weightDecay", "must be finite and ≥ 0", got: weightDecay)
    if let t = lossThreshold { try require(t.isFinite && t >= 0, "lossThreshold", "must be finite and ≥ 0", got: t) }
    if let t = gradientNormThreshold {
      try require(t.isFinite && t >= 0, "gradientNormThreshold", "must be finite and ≥ 0", got: t)
    }
    try require(
      interpolationTolerance.isFinite && interpolationTolerance > 0, "interpolationTolerance",
      "must be finite and > 0", got: interpolationTolerance)
    try require(divergenceFactor > 1, "divergenceFactor", "must be > 1", got: divergenceFactor)
    if let r = recordLossEvery { try require(r >= 1, "recordLossEvery", "must be ≥ 1", got: r) }
    if let b = optimizer.batchSize { try require(b >= 1 && b <= n, "batchSize", "must be in 1...n = 1...\(n)", got: b) }
  }
}

/// The network family of every member.
public struct NetworkSpec: Sendable, Equatable, Hashable {
  /// The width h₁ of the first hidden layer (the only one when `upperWidths` is empty).
  public var width: Int
  /// The widths h₂, …, h_L of further hidden layers (`MultiLayerNetwork`); empty (the default)
  /// is the one-hidden-layer network, trained by `MemberTrainer` exactly as before.
  public var upperWidths: [Int]
  public var activation: Activation
  /// s in W₁ ~ N(0, s²/d), W₂ ~ N(0, s²/h) (`OneHiddenLayerNetwork`; fan-in scaling per layer for
  /// `MultiLayerNetwork`).
  public var initScale: Double
  /// When true every member starts from the same weights (stream `seed/shared/initialization`),
  /// so members differ only by their noise; otherwise member a uses `seed/members/a/initialization`.
  public var sharedInitialization: Bool

  public init(
    width: Int, activation: Activation = .identity, initScale: Double = 1e-3, sharedInitialization: Bool = false,
    upperWidths: [Int] = []
  ) {
    self.width = width
    self.upperWidths = upperWidths
    self.activation = activation
    self.initScale = initScale
    self.sharedInitialization = sharedInitialization
  }

  /// All hidden widths h₁, …, h_L.
  public var hiddenWidths: [Int] { [width] + upperWidths }
  /// The number of hidden layers L.
  public var depth: Int { 1 + upperWidths.count }
  /// The parameter count P of this network on inputs of dimension d with k outputs
  /// (`MultiLayerNetwork.parameterCount(inputDimension:widths:outputs:)`; for L layers of width w,
  /// w·d + (L − 1)·w² + w·k).
  public func parameterCount(inputDimension d: Int, outputs k: Int) -> Int {
    MultiLayerNetwork.parameterCount(inputDimension: d, widths: hiddenWidths, outputs: k)
  }

  public func validate() throws(ParameterError) {
    try require(width >= 1, "width", "must be ≥ 1", got: width)
    for (i, h) in upperWidths.enumerated() {
      try require(h >= 1, "widths[\(i + 1)]", "must be ≥ 1", got: h)
    }
    try require(initScale.isFinite && initScale >= 0, "initScale", "must be finite and ≥ 0", got: initScale)
  }
}

/// Why a member's training could not complete.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The loss became non-finite or grew by more than the divergence factor.
  case diverged(member: Int, step: Int, learningRate: Double, loss: Double)

  public var description: String {
    switch self {
    case .diverged(let member, let step, let lr, let loss):
      "training diverged: member \(member), step \(step), learning rate \(lr), loss \(loss); lower the learning rate"
    }
  }
}
