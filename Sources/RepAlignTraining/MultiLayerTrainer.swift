import Foundation
import RepAlignNumerics

/// Trains one `MultiLayerNetwork` (L ≥ 1 hidden layers) on one member's data, with the same
/// optimizers, stopping rules, divergence guard and `MemberResult` semantics as `MemberTrainer`
/// (which stays the one-hidden-layer path): GD and SGD update every weight matrix by −η∇;
/// Adam keeps moments per matrix (`AdamState.update`); `bfgs` and `lbfgs` minimise over the flat
/// parameter vector θ = (W₁, …, W_L, W_out, each row-major). Deterministic: the only randomness
/// is `batchStream` (minibatch order, drawn as `MemberTrainer` draws it).
///
/// The returned `MemberResult` carries the network in `deepNetwork` and its top block in
/// `network` (see there).
public enum MultiLayerTrainer {
  public static func train(
    _ initial: MultiLayerNetwork, inputs x: Matrix, targets y: Matrix, spec: TrainingSpec,
    batchStream: RandomStream, member: Int = 0
  ) throws -> MemberResult {
    let n = x.rows
    try MemberTrainer.validate(
      inputs: x, targets: y, inputDimension: initial.inputDimension, outputs: initial.outputs, spec: spec)
    if spec.optimizer == .bfgs || spec.optimizer == .lbfgs {
      return try trainQuasiNewton(initial, inputs: x, targets: y, spec: spec, member: member)
    }
    var net = initial
    let b = spec.optimizer.batchSize ?? n
    let minibatch = b < n || spec.optimizer.batchSize != nil
    var ws = MultiLayerGradientWorkspace(batch: b, network: net)
    var fullWS = minibatch ? MultiLayerGradientWorkspace(batch: n, network: net) : ws
    var xb = Matrix(rows: minibatch ? b : 0, columns: x.columns)
    var yb = Matrix(rows: minibatch ? b : 0, columns: y.columns)
    let batchesPerEpoch = max(1, n / b)
    var order: [Int] = []
    // Adam's first and second moments, one buffer per weight matrix (empty for GD and SGD).
    var isAdam = false
    if case .adam = spec.optimizer { isAdam = true }
    var firstMoments = isAdam ? net.allWeights.map { [Double](repeating: 0, count: $0.count) } : []
    var secondMoments = firstMoments
    var adamSteps = 0
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
          order = batchStream.permutation(n)
        }
        MemberTrainer.gather(x, rows: order[(j * b)..<((j + 1) * b)], into: &xb)
        MemberTrainer.gather(y, rows: order[(j * b)..<((j + 1) * b)], into: &yb)
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
      if isAdam {
        adamSteps += 1
        let c1 = 1 - pow(AdamState.beta1, Double(adamSteps))
        let c2 = 1 - pow(AdamState.beta2, Double(adamSteps))
        for i in 0...net.depth {
          net.updateWeights(i) { w in
            AdamState.update(&w, ws.gradients[i], &firstMoments[i], &secondMoments[i], eta, c1, c2)
          }
        }
      } else {
        for i in 0...net.depth { net.updateWeights(i) { $0.add(ws.gradients[i], scaledBy: -eta) } }
      }
    }
    let finalLoss = fullWS.loss(net, inputs: x, targets: y, loss: spec.loss)
    if !finalLoss.isFinite || !net.allWeights.allSatisfy(\.isFinite) {
      throw rule.diverged(step: stepsTaken, loss: finalLoss)
    }
    return try result(
      net, trainLoss: finalLoss, steps: stepsTaken, reason: reason, spec: spec,
      evaluations: StoppingRule.evaluations(steps: stepsTaken, reason: reason), history: history)
  }

  /// `Optimizer.bfgs` and `.lbfgs` on θ = (W₁, …, W_L, W_out); stopping and divergence as in
  /// `MemberTrainer`'s quasi-Newton path.
  private static func trainQuasiNewton(
    _ initial: MultiLayerNetwork, inputs x: Matrix, targets y: Matrix, spec: TrainingSpec, member: Int
  ) throws -> MemberResult {
    var net = initial
    var ws = MultiLayerGradientWorkspace(batch: x.rows, network: net)
    let theta = net.allWeights.flatMap(\.elements)
    var scratch = net
    var probe = net
    var probeWS = MultiLayerGradientWorkspace(batch: x.rows, network: net)

    let objective: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double = { t, g in
      scratch.load(t)
      let value = ws.evaluate(scratch, inputs: x, targets: y, loss: spec.loss, weightDecay: spec.weightDecay)
      var offset = 0
      for gradient in ws.gradients {
        gradient.withUnsafeBufferPointer { a in for i in a.indices { g[offset + i] = a[i] } }
        offset += gradient.count
      }
      return value
    }
    // The data loss at θ without the decay term (the loss rule under weight decay): one forward pass.
    let dataLoss: ([Double]) -> Double = { t in
      t.withUnsafeBufferPointer { probe.load($0) }
      return probeWS.loss(probe, inputs: x, targets: y, loss: spec.loss)
    }
    let (result, history) = try StoppingRule.minimizeQuasiNewton(
      start: theta, spec: spec, member: member, dataLoss: dataLoss, objective: objective)
    result.x.withUnsafeBufferPointer { net.load($0) }
    let finalLoss = ws.loss(net, inputs: x, targets: y, loss: spec.loss)
    if !finalLoss.isFinite || !net.allWeights.allSatisfy(\.isFinite) {
      throw TrainingError.diverged(
        member: member, step: result.iterations, learningRate: spec.learningRate, loss: finalLoss)
    }
    let reason = StoppingRule.quasiNewtonReason(result.termination, finalLoss: finalLoss, spec: spec)
    return try Self.result(
      net, trainLoss: finalLoss, steps: result.iterations, reason: reason, spec: spec,
      evaluations: result.evaluations, history: history)
  }

  private static func result(
    _ net: MultiLayerNetwork, trainLoss: Double, steps: Int, reason: StopReason, spec: TrainingSpec,
    evaluations: Int, history: [Double]
  ) throws -> MemberResult {
    let top = try OneHiddenLayerNetwork(
      inputWeights: net.hiddenWeights[net.depth - 1], outputWeights: net.outputWeights, activation: net.activation)
    return MemberResult(
      network: top, trainLoss: trainLoss, steps: steps,
      interpolated: MemberTrainer.interpolated(trainLoss, reason, spec), stopReason: reason,
      gradientEvaluations: evaluations, lossHistory: history, deepNetwork: net)
  }
}

extension MultiLayerNetwork {
  /// Applies `body` to weight matrix i of `allWeights` (W₁, …, W_L, W_out) in place.
  mutating func updateWeights(_ i: Int, _ body: (inout Matrix) -> Void) {
    if i < depth { body(&hiddenWeights[i]) } else { body(&outputWeights) }
  }

  /// Overwrites every weight from the flat vector θ = (W₁, …, W_L, W_out), each row-major.
  mutating func load(_ theta: UnsafeBufferPointer<Double>) {
    var offset = 0
    for i in 0...depth {
      updateWeights(i) { w in
        let count = w.count
        w.withUnsafeMutableBufferPointer { p in for j in 0..<count { p[j] = theta[offset + j] } }
        offset += count
      }
    }
  }
}
