import RepAlignNumerics

/// Why a member stopped.
public enum StopReason: String, Sendable, Codable {
  case stepBudget, lossThreshold, gradientNorm
}

/// One trained member.
public struct MemberResult: Sendable, Equatable {
  /// The trained weights.
  public let network: OneHiddenLayerNetwork
  /// The final data loss on the member's full training set (without weight decay).
  public let trainLoss: Double
  /// Parameter updates applied.
  public let steps: Int
  /// `trainLoss < interpolationTolerance`.
  public let interpolated: Bool
  public let stopReason: StopReason
  /// The objective (data loss + decay) on the step's batch, every `recordLossEvery` steps,
  /// before that step's update.
  public let lossHistory: [Double]
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
    try spec.validate(sampleCount: n)
    try require(
      x.columns == initial.inputDimension, "inputs", "must have d = \(initial.inputDimension) columns", got: x.columns)
    try require(
      y.rows == n && y.columns == initial.outputs, "targets", "must be \(n)×\(initial.outputs)",
      got: "\(y.rows)×\(y.columns)")
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
    var initialLoss: Double? = nil
    var history: [Double] = []
    var stepsTaken = spec.steps
    var reason = StopReason.stepBudget
    let eta = spec.learningRate

    func diverged(_ step: Int, _ value: Double) -> TrainingError {
      .diverged(member: member, step: step, learningRate: eta, loss: value)
    }

    for t in 0..<spec.steps {
      let value: Double
      if minibatch {
        let j = t % batchesPerEpoch
        if j == 0 {
          if t > 0, let threshold = spec.lossThreshold {
            let full = fullWS.loss(net, inputs: x, targets: y, loss: spec.loss)
            if !full.isFinite { throw diverged(t, full) }
            if full <= threshold {
              stepsTaken = t
              reason = .lossThreshold
              break
            }
          }
          order = stream.permutation(n)
        }
        gather(x, rows: order[(j * b)..<((j + 1) * b)], into: &xb)
        gather(y, rows: order[(j * b)..<((j + 1) * b)], into: &yb)
        value = ws.evaluate(net, inputs: xb, targets: yb, loss: spec.loss, weightDecay: spec.weightDecay)
      } else {
        value = ws.evaluate(net, inputs: x, targets: y, loss: spec.loss, weightDecay: spec.weightDecay)
      }
      if initialLoss == nil { initialLoss = value }
      if !value.isFinite || value > spec.divergenceFactor * max(initialLoss!, .leastNormalMagnitude) {
        throw diverged(t, value)
      }
      if let r = spec.recordLossEvery, t % r == 0 { history.append(value) }
      if !minibatch, let threshold = spec.lossThreshold, ws.dataLoss <= threshold {
        stepsTaken = t
        reason = .lossThreshold
        break
      }
      if let threshold = spec.gradientNormThreshold, ws.gradientNorm <= threshold {
        stepsTaken = t
        reason = .gradientNorm
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
      throw diverged(stepsTaken, finalLoss)
    }
    return MemberResult(
      network: net, trainLoss: finalLoss, steps: stepsTaken,
      interpolated: finalLoss < spec.interpolationTolerance, stopReason: reason, lossHistory: history)
  }

  /// out ← the given rows of m (out has as many rows as `rows`).
  private static func gather(_ m: Matrix, rows: ArraySlice<Int>, into out: inout Matrix) {
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
