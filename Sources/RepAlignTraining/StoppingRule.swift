import RepAlignNumerics

/// The stopping and divergence rules of `TrainingSpec`, in one home for both trainers
/// (`MemberTrainer`, one hidden layer, and `MultiLayerTrainer`, L ≥ 1): they differ only in the
/// network they evaluate and update.
///
/// First-order optimizers (GD, SGD, Adam), per step t, in this order: the objective on the step's
/// batch is checked against divergence (`checkObjective`: non-finite, or above
/// `divergenceFactor` × the first objective), then the rules (`firstOrderRule`): the data loss ≤
/// `lossThreshold` (full batch only; minibatch optimizers check the full-set loss once per epoch,
/// `epochStartStops`) and the gradient norm ≤ `gradientNormThreshold`. A member stopped at step
/// t took t updates and t + 1 gradient evaluations (`evaluations`).
///
/// Quasi-Newton optimizers (BFGS, L-BFGS): `minimizeQuasiNewton` runs the minimizer with the same
/// divergence guard and the loss rule in its `stop` callback, and `quasiNewtonReason` maps its
/// termination to a `StopReason`.
///
/// Only control flow lives here: no arithmetic on weights, so the trainers' results are the bits
/// they were before the rules moved here.
struct StoppingRule {
  let spec: TrainingSpec
  let member: Int
  /// The first objective value seen, the reference of the divergence guard.
  private(set) var initialLoss: Double? = nil

  init(spec: TrainingSpec, member: Int) {
    self.spec = spec
    self.member = member
  }

  func diverged(step: Int, loss: Double) -> TrainingError {
    .diverged(member: member, step: step, learningRate: spec.learningRate, loss: loss)
  }

  /// Records the first value; true when `value` is not finite or exceeds `divergenceFactor` × the
  /// first value (floored at the least normal magnitude, so a zero first loss does not trip it).
  mutating func isDiverging(_ value: Double) -> Bool {
    if initialLoss == nil { initialLoss = value }
    return !value.isFinite || value > spec.divergenceFactor * max(initialLoss!, .leastNormalMagnitude)
  }

  /// `isDiverging`, thrown as `TrainingError.diverged` at `step`.
  mutating func checkObjective(_ value: Double, step: Int) throws {
    if isDiverging(value) { throw diverged(step: step, loss: value) }
  }

  /// Minibatch optimizers at the start of an epoch: from the second epoch on, with a
  /// `lossThreshold`, evaluates the full-set loss; throws when it is not finite; true when it is
  /// ≤ the threshold. Without a threshold (or at step 0) `fullLoss` is not evaluated.
  func epochStartStops(step: Int, fullLoss: @autoclosure () -> Double) throws -> Bool {
    guard step > 0, let threshold = spec.lossThreshold else { return false }
    let full = fullLoss()
    if !full.isFinite { throw diverged(step: step, loss: full) }
    return full <= threshold
  }

  /// The rule a first-order step meets after its evaluation, if any: the data loss (full batch
  /// only), then the gradient norm. Both values are read only when their rule is set.
  func firstOrderRule(
    minibatch: Bool, dataLoss: @autoclosure () -> Double, gradientNorm: @autoclosure () -> Double
  ) -> StopReason? {
    if !minibatch, let threshold = spec.lossThreshold, dataLoss() <= threshold { return .lossThreshold }
    if let threshold = spec.gradientNormThreshold, gradientNorm() <= threshold { return .gradientNorm }
    return nil
  }

  /// Gradient evaluations of a first-order run that took `steps` updates: a member stopped by a
  /// rule evaluated once more (the step that met it) than it updated.
  static func evaluations(steps: Int, reason: StopReason) -> Int { steps + (reason == .stepBudget ? 0 : 1) }

  /// Runs BFGS (`QuasiNewtonMinimizer`, GSL) or L-BFGS (`LimitedMemoryBFGS`) per `spec.optimizer`
  /// from θ = `start` on `objective` (data loss + decay, gradient into its second argument), with
  /// the spec's iteration budget, gradient rule and first step. The `stop` callback records the
  /// loss history, guards divergence (thrown after the minimizer returns) and stops at data loss ≤
  /// `lossThreshold`: the objective value itself without weight decay, `dataLoss(θ)` with it.
  /// A `GSLError` (only a non-finite objective raises one here) is thrown as divergence.
  static func minimizeQuasiNewton(
    start: [Double], spec: TrainingSpec, member: Int, dataLoss: @escaping ([Double]) -> Double,
    objective: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double
  ) throws -> (result: QuasiNewtonMinimizer.Result, history: [Double]) {
    var rule = StoppingRule(spec: spec, member: member)
    var history: [Double] = []
    var iteration = 0
    var divergedAt: (step: Int, loss: Double)?
    let result: QuasiNewtonMinimizer.Result
    do {
      let stop: ([Double], Double, Double) -> Bool = { t, value, _ in
        if let r = spec.recordLossEvery, iteration % r == 0 { history.append(value) }
        defer { iteration += 1 }
        if rule.isDiverging(value) {
          divergedAt = (iteration, value)
          return true
        }
        guard let threshold = spec.lossThreshold else { return false }
        if spec.weightDecay == 0 { return value <= threshold }
        return dataLoss(t) <= threshold
      }
      if spec.optimizer == .lbfgs {
        result = try LimitedMemoryBFGS.minimize(
          start: start, initialStep: spec.learningRate, gradientTolerance: spec.gradientNormThreshold ?? 0,
          maxIterations: spec.steps, stop: stop, objective: objective)
      } else {
        result = try QuasiNewtonMinimizer.minimize(
          start: start, initialStep: spec.learningRate, gradientTolerance: spec.gradientNormThreshold ?? 0,
          maxIterations: spec.steps, stop: stop, objective: objective)
      }
    } catch is GSLError {
      throw rule.diverged(step: iteration, loss: .nan)
    }
    if let (step, value) = divergedAt { throw rule.diverged(step: step, loss: value) }
    return (result, history)
  }

  /// The `StopReason` of a quasi-Newton run: a `stop` callback that fired is the loss rule only
  /// if the final loss meets it (otherwise the budget, as for an unconverged member).
  static func quasiNewtonReason(
    _ termination: QuasiNewtonMinimizer.Termination, finalLoss: Double, spec: TrainingSpec
  ) -> StopReason {
    switch termination {
    case .stopRule: finalLoss <= (spec.lossThreshold ?? -.infinity) ? .lossThreshold : .stepBudget
    case .gradient: .gradientNorm
    case .noProgress: .noProgress
    case .iterationBudget: .stepBudget
    }
  }
}
