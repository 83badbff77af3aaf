import RepAlignNumerics

/// Why a member stopped.
///
/// `lossThreshold` and `gradientNorm` are the stopping rules of `TrainingSpec`; `stepBudget` means
/// the budget ran out first; `noProgress` means the quasi-Newton line search could not lower the
/// loss any more (`Optimizer.bfgs` only) before any rule was met.
public enum StopReason: String, Sendable, Codable {
  case stepBudget, lossThreshold, gradientNorm, noProgress
}

/// One trained member.
public struct MemberResult: Sendable, Equatable {
  /// The trained weights.
  public let network: OneHiddenLayerNetwork
  /// The final data loss on the member's full training set (without weight decay).
  public let trainLoss: Double
  /// Parameter updates applied.
  public let steps: Int
  /// `trainLoss < interpolationTolerance` — and, when the spec asks for training to convergence
  /// (`TrainingSpec.trainsToConvergence`), `converged` too: an unconverged fit is never called
  /// interpolating.
  public let interpolated: Bool
  public let stopReason: StopReason
  /// The member stopped by a stopping rule of its spec (`lossThreshold` or `gradientNorm`), not by
  /// the step budget or a stalled line search.
  public var converged: Bool { stopReason == .lossThreshold || stopReason == .gradientNorm }
  /// Gradient evaluations (full-batch or batch) spent: one per step for GD, SGD and Adam, several
  /// per iteration for BFGS (its line searches). The cost measure comparable across optimizers.
  public let gradientEvaluations: Int
  /// The objective (data loss + decay) on the step's batch, every `recordLossEvery` steps,
  /// before that step's update.
  public let lossHistory: [Double]
  /// For a network with L ≥ 2 hidden layers (`MultiLayerTrainer`), the whole trained network;
  /// `network` then holds its top block (W_L as `inputWeights`, W_out as `outputWeights`), the
  /// map from layer L − 1's representation to the outputs. Nil for one hidden layer.
  public var deepNetwork: MultiLayerNetwork? = nil

  /// The trained network's parameter count P (all layers).
  public var parameterCount: Int { deepNetwork?.parameterCount ?? network.parameterCount }
}

/// Trains one network on one member's data. Deterministic: the only randomness is `batchStream`
/// (minibatch order), and every product is a `Matrix.gemm` whose result depends only on its
/// inputs and the BLAS thread count (which `NoiseEnsemble` pins to 1).
public enum MemberTrainer {
  public static func train(
    _ initial: OneHiddenLayerNetwork, inputs x: Matrix, targets y: Matrix, spec: TrainingSpec,
    batchStream: RandomStream, member: Int = 0
  ) throws -> MemberResult {
    let n = x.rows
    try validate(
      inputs: x, targets: y, inputDimension: initial.inputDimension, outputs: initial.outputs, spec: spec)
    if spec.optimizer == .bfgs || spec.optimizer == .lbfgs {
      return try trainQuasiNewton(initial, inputs: x, targets: y, spec: spec, member: member)
    }
    var net = initial
    let b = spec.optimizer.batchSize ?? n
    let minibatch = b < n || spec.optimizer.batchSize != nil
    var ws = GradientWorkspace(batch: b, network: net)
    var fullWS = minibatch ? GradientWorkspace(batch: n, network: net) : ws
    var xb = Matrix(rows: minibatch ? b : 0, columns: x.columns)
    var yb = Matrix(rows: minibatch ? b : 0, columns: y.columns)
    let batchesPerEpoch = max(1, n / b)
    let stream = batchStream
    var order: [Int] = []
    var adam: AdamState? = nil
    if case .adam = spec.optimizer { adam = AdamState(network: net) }
    var rule = StoppingRule(spec: spec, member: member)
    var history: [Double] = []
    var stepsTaken = spec.steps
    var reason = StopReason.stepBudget
    let eta = spec.learningRate

    for t in 0..<spec.steps {
      let value: Double
      if minibatch {
        let j = t % batchesPerEpoch
        if j == 0 {
          if try rule.epochStartStops(step: t, fullLoss: fullWS.loss(net, inputs: x, targets: y, loss: spec.loss)) {
            stepsTaken = t
            reason = .lossThreshold
            break
          }
          order = stream.permutation(n)
        }
        gather(x, rows: order[(j * b)..<((j + 1) * b)], into: &xb)
        gather(y, rows: order[(j * b)..<((j + 1) * b)], into: &yb)
        value = ws.evaluate(net, inputs: xb, targets: yb, loss: spec.loss, weightDecay: spec.weightDecay)
      } else {
        value = ws.evaluate(net, inputs: x, targets: y, loss: spec.loss, weightDecay: spec.weightDecay)
      }
      try rule.checkObjective(value, step: t)
      if let r = spec.recordLossEvery, t % r == 0 { history.append(value) }
      if let met = rule.firstOrderRule(minibatch: minibatch, dataLoss: ws.dataLoss, gradientNorm: ws.gradientNorm) {
        stepsTaken = t
        reason = met
        break
      }
      if adam != nil {
        adam!.step(&net, ws.gradientW1, ws.gradientW2, learningRate: eta)
      } else {
        net.inputWeights.add(ws.gradientW1, scaledBy: -eta)
        net.outputWeights.add(ws.gradientW2, scaledBy: -eta)
      }
    }
    let finalLoss = fullWS.loss(net, inputs: x, targets: y, loss: spec.loss)
    if !finalLoss.isFinite || !net.inputWeights.isFinite || !net.outputWeights.isFinite {
      throw rule.diverged(step: stepsTaken, loss: finalLoss)
    }
    return MemberResult(
      network: net, trainLoss: finalLoss, steps: stepsTaken,
      interpolated: interpolated(finalLoss, reason, spec), stopReason: reason,
      gradientEvaluations: StoppingRule.evaluations(steps: stepsTaken, reason: reason), lossHistory: history)
  }

  /// `MemberResult.interpolated`: below the tolerance, and converged if the spec asks for it.
  static func interpolated(_ loss: Double, _ reason: StopReason, _ spec: TrainingSpec) -> Bool {
    guard loss < spec.interpolationTolerance else { return false }
    return !spec.trainsToConvergence || reason == .lossThreshold || reason == .gradientNorm
  }

  /// `Optimizer.bfgs` and `.lbfgs`: the parameters θ = (W₁ row-major, W₂ row-major) minimised by
  /// `QuasiNewtonMinimizer` (GSL) or `LimitedMemoryBFGS` on the full-batch objective (data loss + decay) of `GradientWorkspace`.
  /// Stops on the spec's rules (data loss ≤ `lossThreshold`, ‖∇‖ ≤ `gradientNormThreshold`),
  /// after `steps` iterations, or when the line search stalls. Divergence as for GD: a loss above
  /// `divergenceFactor` × the initial loss (BFGS's line search only accepts decreases, so this
  /// guards against a broken objective, not a step size).
  private static func trainQuasiNewton(
    _ initial: OneHiddenLayerNetwork, inputs x: Matrix, targets y: Matrix, spec: TrainingSpec, member: Int
  ) throws -> MemberResult {
    var net = initial
    var ws = GradientWorkspace(batch: x.rows, network: net)
    let p1 = net.inputWeights.count
    let p = net.parameterCount
    var theta = [Double](repeating: 0, count: p)
    net.inputWeights.withUnsafeBufferPointer { w in for i in 0..<p1 { theta[i] = w[i] } }
    net.outputWeights.withUnsafeBufferPointer { w in for i in 0..<(p - p1) { theta[p1 + i] = w[i] } }
    var scratch = net
    var probe = net
    var probeWS = GradientWorkspace(batch: x.rows, network: net)

    func load(_ t: UnsafeBufferPointer<Double>, into n: inout OneHiddenLayerNetwork) {
      n.inputWeights.withUnsafeMutableBufferPointer { w in for i in 0..<p1 { w[i] = t[i] } }
      n.outputWeights.withUnsafeMutableBufferPointer { w in for i in 0..<(p - p1) { w[i] = t[p1 + i] } }
    }
    // The objective evaluates into `scratch` and records the data loss of the last evaluation.
    let objective: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double = { t, g in
      load(t, into: &scratch)
      let value = ws.evaluate(scratch, inputs: x, targets: y, loss: spec.loss, weightDecay: spec.weightDecay)
      ws.gradientW1.withUnsafeBufferPointer { a in for i in 0..<p1 { g[i] = a[i] } }
      ws.gradientW2.withUnsafeBufferPointer { a in for i in 0..<(p - p1) { g[p1 + i] = a[i] } }
      return value
    }
    // The data loss at θ without the decay term (the loss rule under weight decay): one forward pass.
    let dataLoss: ([Double]) -> Double = { t in
      t.withUnsafeBufferPointer { load($0, into: &probe) }
      return probeWS.loss(probe, inputs: x, targets: y, loss: spec.loss)
    }
    let (result, history) = try StoppingRule.minimizeQuasiNewton(
      start: theta, spec: spec, member: member, dataLoss: dataLoss, objective: objective)
    result.x.withUnsafeBufferPointer { load($0, into: &net) }
    let finalLoss = ws.loss(net, inputs: x, targets: y, loss: spec.loss)
    if !finalLoss.isFinite || !net.inputWeights.isFinite || !net.outputWeights.isFinite {
      throw TrainingError.diverged(
        member: member, step: result.iterations, learningRate: spec.learningRate, loss: finalLoss)
    }
    let reason = StoppingRule.quasiNewtonReason(result.termination, finalLoss: finalLoss, spec: spec)
    return MemberResult(
      network: net, trainLoss: finalLoss, steps: result.iterations,
      interpolated: interpolated(finalLoss, reason, spec), stopReason: reason,
      gradientEvaluations: result.evaluations, lossHistory: history)
  }

  /// Checks a member's inputs and targets against the network's d inputs and k outputs (and the
  /// spec against n): a `ParameterError` naming the first one that does not fit.
  static func validate(inputs x: Matrix, targets y: Matrix, inputDimension d: Int, outputs k: Int, spec: TrainingSpec)
    throws
  {
    let n = x.rows
    try spec.validate(sampleCount: n)
    try require(x.columns == d, "inputs", "must have d = \(d) columns", got: x.columns)
    try require(y.rows == n && y.columns == k, "targets", "must be \(n)×\(k)", got: "\(y.rows)×\(y.columns)")
  }

  /// out ← the given rows of m (out has as many rows as `rows`).
  static func gather(_ m: Matrix, rows: ArraySlice<Int>, into out: inout Matrix) {
    let c = m.columns
    m.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for (r, i) in rows.enumerated() {
          for j in 0..<c { dst[r * c + j] = src[i * c + j] }
        }
      }
    }
  }
}
