import RepAlignData
import RepAlignNumerics

/// Full-batch gradient descent for a group of noise-ensemble members at once, with their shared
/// products batched (issue 19 item 2).
///
/// The members of a noise ensemble share the training inputs X (n × d) and differ only by their
/// targets and initial weights. Stacking the members' first layers row-wise, W = [W₁⁽¹⁾; …; W₁⁽ᵍ⁾]
/// (g·h × d), the first-layer products of all g members are **one** GEMM each way:
///
///     Z = X Wᵀ (n × g·h)              the forward pre-activations, member a in columns a·h ..< (a+1)·h
///     ∇W = G_Zᵀ X (g·h × d)           the first-layer gradients, member a in rows a·h ..< (a+1)·h
///
/// and the per-member rest (F_a = H_a W₂⁽ᵃ⁾, ∇W₂⁽ᵃ⁾ = H_aᵀ G_a, G_H = G_a W₂⁽ᵃ⁾ᵀ ⊙ φ'(Z_a)) is O(n·h·k)
/// loop work per member. For φ = identity the factored form of `GradientWorkspace` is batched the
/// same way: B = [W₁⁽ᵃ⁾ᵀ W₂⁽ᵃ⁾]ₐ (d × g·k), F = X B and V = Xᵀ G are one GEMM each over all members.
///
/// Mathematically each member follows exactly `MemberTrainer`'s full-batch GD (same loss, decay,
/// divergence rule, loss history, final loss, `MemberResult`); round-off differs from the
/// per-member path in the last bits (a product's blocking depends on its width). Within this path
/// a member's bytes depend only on the group it is in, and the groups depend only on the member
/// count (`groups(members:)`), never on the worker count: results are bitwise identical for any
/// `workers` and across runs (BLAS is pinned to one thread by the caller).
///
/// Applies (`applies(…)`) to plain full-batch GD without stopping rules on shared inputs; every
/// other configuration trains member by member (`MemberTrainer`).
enum BatchedEnsembleTrainer {
  /// Member groups trained as one batch each: the member count split into
  /// `min(members, groupCount)` contiguous groups (sizes differ by at most one). Fixed at 2, the
  /// per-member path's default worker count, so both cores of the build machine are used; a
  /// constant (not `workers`) so that results never depend on the worker count.
  static let groupCount = 2

  /// Contiguous member ranges, in member order.
  static func groups(members m: Int) -> [Range<Int>] {
    let count = Swift.min(m, groupCount)
    guard count > 0 else { return [] }
    return (0..<count).map { g in (g * m / count)..<((g + 1) * m / count) }
  }

  /// Whether the batched path trains this ensemble: full-batch GD, no stopping rule (members
  /// would stop at different steps), inputs shared by every member, at least two members.
  static func applies(dataset: EnsembleDataset, training: TrainingSpec) -> Bool {
    training.optimizer == .gradientDescent && !training.trainsToConvergence && dataset.memberInputs == nil
      && dataset.members >= 2
  }

  /// Trains members `range` of the ensemble from `initial` (one network per member of the range,
  /// all of one shape) on the shared inputs `x` and `targets[a]`. Returns one result per member:
  /// a member that diverges is frozen at zero weights and reported as `TrainingError.diverged`
  /// with the step at which the per-member trainer would have stopped, while the others go on.
  static func train(
    _ initial: [OneHiddenLayerNetwork], inputs x: Matrix, targets: [Matrix], spec: TrainingSpec,
    members range: Range<Int>
  ) -> [Result<MemberResult, TrainingError>] {
    var state = GroupState(initial, inputs: x)
    let g = initial.count
    let eta = spec.learningRate
    var initialLoss = [Double?](repeating: nil, count: g)
    var failure = [TrainingError?](repeating: nil, count: g)
    var history = [[Double]](repeating: [], count: g)
    var values = [Double](repeating: 0, count: g)
    for t in 0..<spec.steps {
      state.evaluate(inputs: x, targets: targets, loss: spec.loss, weightDecay: spec.weightDecay, into: &values)
      for a in 0..<g where failure[a] == nil {
        let value = values[a]
        if initialLoss[a] == nil { initialLoss[a] = value }
        if !value.isFinite || value > spec.divergenceFactor * Swift.max(initialLoss[a]!, .leastNormalMagnitude) {
          failure[a] = .diverged(member: range.lowerBound + a, step: t, learningRate: eta, loss: value)
          state.freeze(a)
          continue
        }
        if let r = spec.recordLossEvery, t % r == 0 { history[a].append(value) }
      }
      state.update(learningRate: eta)
    }
    state.forwardLoss(inputs: x, targets: targets, loss: spec.loss, into: &values)
    return (0..<g).map { a in
      if let error = failure[a] { return .failure(error) }
      let net = state.network(a, activation: initial[a].activation)
      let loss = values[a]
      if !loss.isFinite || !net.inputWeights.isFinite || !net.outputWeights.isFinite {
        return .failure(.diverged(member: range.lowerBound + a, step: spec.steps, learningRate: eta, loss: loss))
      }
      return .success(
        MemberResult(
          network: net, trainLoss: loss, steps: spec.steps, interpolated: loss < spec.interpolationTolerance,
          stopReason: .stepBudget, gradientEvaluations: spec.steps, lossHistory: history[a]))
    }
  }
}

/// The stacked weights, gradients and buffers of one member group (g members, width h, inputs d,
/// outputs k, n samples); every buffer allocated once.
private struct GroupState {
  let g: Int
  let h: Int
  let d: Int
  let k: Int
  let n: Int
  let activation: Activation
  /// W: the members' W₁ stacked row-wise (g·h × d); ∇W the same layout.
  var w: Matrix
  var gradW: Matrix
  /// W₂ of every member (h × k each) and its gradient.
  var w2: [Matrix]
  var gradW2: [Matrix]
  /// Per-member outputs F_a and loss gradients G_a (n × k), as `Loss.evaluate` takes them.
  var f: [Matrix]
  var gf: [Matrix]
  /// Non-linear: Z, H = φ(Z) and G_Z (n × g·h).
  var z: Matrix
  var hidden: Matrix
  var gz: Matrix
  /// Identity: B (d × g·k), F and G stacked (n × g·k), V = Xᵀ G (d × g·k).
  var b: Matrix
  var fs: Matrix
  var gs: Matrix
  var v: Matrix

  init(_ nets: [OneHiddenLayerNetwork], inputs x: Matrix) {
    g = nets.count
    h = nets[0].width
    d = nets[0].inputDimension
    k = nets[0].outputs
    n = x.rows
    activation = nets[0].activation
    let linear = activation == .identity
    let empty = Matrix(rows: 0, columns: 0)
    let block = nets[0].width * nets[0].inputDimension
    var stacked = Matrix(rows: nets.count * nets[0].width, columns: nets[0].inputDimension)
    stacked.withUnsafeMutableBufferPointer { dst in
      for (a, net) in nets.enumerated() {
        net.inputWeights.withUnsafeBufferPointer { src in
          for i in src.indices { dst[a * block + i] = src[i] }
        }
      }
    }
    w = stacked
    gradW = Matrix(rows: g * h, columns: d)
    w2 = nets.map(\.outputWeights)
    gradW2 = nets.map { Matrix(rows: $0.width, columns: $0.outputs) }
    f = (0..<nets.count).map { _ in Matrix(rows: x.rows, columns: nets[0].outputs) }
    gf = f
    let (rows, gh, gk) = (x.rows, nets.count * nets[0].width, nets.count * nets[0].outputs)
    z = linear ? empty : Matrix(rows: rows, columns: gh)
    hidden = z
    gz = z
    b = linear ? Matrix(rows: nets[0].inputDimension, columns: gk) : empty
    fs = linear ? Matrix(rows: rows, columns: gk) : empty
    gs = fs
    v = b
  }

  /// Member a's trained network.
  func network(_ a: Int, activation: Activation) -> OneHiddenLayerNetwork {
    var w1 = Matrix(rows: h, columns: d)
    w.withUnsafeBufferPointer { src in
      w1.withUnsafeMutableBufferPointer { dst in for i in dst.indices { dst[i] = src[a * h * d + i] } }
    }
    return try! OneHiddenLayerNetwork(inputWeights: w1, outputWeights: w2[a], activation: activation)
  }

  /// Zero weights and gradients for member a: its outputs are 0 and every gradient of its data
  /// loss vanishes from now on (H = 0 and W₂ = 0), so it stays at zero and never produces a
  /// non-finite value again.
  mutating func freeze(_ a: Int) {
    let (h, d) = (self.h, self.d)
    w.withUnsafeMutableBufferPointer { p in for i in 0..<(h * d) { p[a * h * d + i] = 0 } }
    gradW.withUnsafeMutableBufferPointer { p in for i in 0..<(h * d) { p[a * h * d + i] = 0 } }
    w2[a] = Matrix(rows: h, columns: k)
    gradW2[a] = Matrix(rows: h, columns: k)
  }

  /// ‖W₁⁽ᵃ⁾‖² + ‖W₂⁽ᵃ⁾‖².
  private func squaredNorm(_ a: Int) -> Double {
    var s = 0.0
    w.withUnsafeBufferPointer { p in for i in (a * h * d)..<((a + 1) * h * d) { s += p[i] * p[i] } }
    w2[a].withUnsafeBufferPointer { p in for x in p { s += x * x } }
    return s
  }

  /// Forward pass of every member into `f`.
  private mutating func forward(_ x: Matrix) {
    let (g, h, d, k, n) = (g, h, d, k, n)
    if activation == .identity {
      // B[:, a·k + c] = W₁⁽ᵃ⁾ᵀ W₂⁽ᵃ⁾[:, c], then F = X B in one product.
      let gk = g * k
      w.withUnsafeBufferPointer { pw in
        b.withUnsafeMutableBufferPointer { pb in
          for a in 0..<g {
            w2[a].withUnsafeBufferPointer { p2 in
              Matrix.gemm(
                pw, MatrixBlock(offset: a * h * d, rows: h, columns: d), transposeA: true,
                p2, MatrixBlock(rows: h, columns: k),
                into: pb, MatrixBlock(offset: a * k, rows: d, columns: k, leadingDimension: gk))
            }
          }
        }
      }
      Matrix.gemm(x, b, into: &fs)
      fs.withUnsafeBufferPointer { p in
        for a in 0..<g {
          f[a].withUnsafeMutableBufferPointer { pf in
            for i in 0..<n { for c in 0..<k { pf[i * k + c] = p[i * gk + a * k + c] } }
          }
        }
      }
    } else {
      Matrix.gemm(x, w, into: &z, transposeB: true)
      activation.apply(z, into: &hidden)
      // F_a = H_a W₂⁽ᵃ⁾ on the member's column block of H.
      let gh = g * h
      hidden.withUnsafeBufferPointer { ph in
        for a in 0..<g {
          w2[a].withUnsafeBufferPointer { p2 in
            f[a].withUnsafeMutableBufferPointer { pf in
              Matrix.gemm(
                ph, MatrixBlock(offset: a * h, rows: n, columns: h, leadingDimension: gh),
                p2, MatrixBlock(rows: h, columns: k), into: pf, MatrixBlock(rows: n, columns: k))
            }
          }
        }
      }
    }
  }

  /// Data loss of every member at the current weights (no decay), into `values`.
  mutating func forwardLoss(inputs x: Matrix, targets: [Matrix], loss: Loss, into values: inout [Double]) {
    forward(x)
    for a in 0..<g { values[a] = loss.evaluate(outputs: f[a], targets: targets[a], gradient: &gf[a]) }
  }

  /// Forward and backward pass of every member: `values[a]` = data loss + (λ/2)‖θ_a‖², the
  /// gradients of those objectives in `gradW` and `gradW2`.
  mutating func evaluate(
    inputs x: Matrix, targets: [Matrix], loss: Loss, weightDecay: Double, into values: inout [Double]
  ) {
    forwardLoss(inputs: x, targets: targets, loss: loss, into: &values)
    let (g, h, d, k, n) = (g, h, d, k, n)
    if activation == .identity {
      let gk = g * k
      gs.withUnsafeMutableBufferPointer { p in
        for a in 0..<g {
          gf[a].withUnsafeBufferPointer { pg in
            for i in 0..<n { for c in 0..<k { p[i * gk + a * k + c] = pg[i * k + c] } }
          }
        }
      }
      Matrix.gemm(x, gs, into: &v, transposeA: true)
      // ∇W₂⁽ᵃ⁾ = W₁⁽ᵃ⁾ V_a (h × k), ∇W₁⁽ᵃ⁾ = W₂⁽ᵃ⁾ V_aᵀ (h × d), V_a the member's column block of V.
      v.withUnsafeBufferPointer { pv in
        w.withUnsafeBufferPointer { pw in
          gradW.withUnsafeMutableBufferPointer { pgw in
            for a in 0..<g {
              let va = MatrixBlock(offset: a * k, rows: d, columns: k, leadingDimension: gk)
              w2[a].withUnsafeBufferPointer { p2 in
                gradW2[a].withUnsafeMutableBufferPointer { pg2 in
                  Matrix.gemm(
                    pw, MatrixBlock(offset: a * h * d, rows: h, columns: d), pv, va,
                    into: pg2, MatrixBlock(rows: h, columns: k))
                }
                Matrix.gemm(
                  p2, MatrixBlock(rows: h, columns: k), pv, va, transposeB: true,
                  into: pgw, MatrixBlock(offset: a * h * d, rows: h, columns: d))
              }
            }
          }
        }
      }
    } else {
      // ∇W₂⁽ᵃ⁾ = H_aᵀ G_a and G_H's block a = G_a W₂⁽ᵃ⁾ᵀ, on the member's column blocks.
      let gh = g * h
      hidden.withUnsafeBufferPointer { ph in
        gz.withUnsafeMutableBufferPointer { pz in
          for a in 0..<g {
            let block = MatrixBlock(offset: a * h, rows: n, columns: h, leadingDimension: gh)
            gf[a].withUnsafeBufferPointer { pg in
              w2[a].withUnsafeBufferPointer { p2 in
                gradW2[a].withUnsafeMutableBufferPointer { pg2 in
                  Matrix.gemm(
                    ph, block, transposeA: true, pg, MatrixBlock(rows: n, columns: k),
                    into: pg2, MatrixBlock(rows: h, columns: k))
                }
                Matrix.gemm(
                  pg, MatrixBlock(rows: n, columns: k), p2, MatrixBlock(rows: h, columns: k), transposeB: true,
                  into: pz, block)
              }
            }
          }
        }
      }
      activation.multiplyByDerivative(&gz, preactivation: z, activation: hidden)
      Matrix.gemm(gz, x, into: &gradW, transposeA: true)
    }
    if weightDecay > 0 {
      for a in 0..<g {
        values[a] += weightDecay / 2 * squaredNorm(a)
        gradW2[a].add(w2[a], scaledBy: weightDecay)
      }
      gradW.add(w, scaledBy: weightDecay)
    }
  }

  /// θ ← θ − η ∇ for every member (frozen members have zero weights and zero gradients).
  mutating func update(learningRate eta: Double) {
    w.add(gradW, scaledBy: -eta)
    for a in 0..<g { w2[a].add(gradW2[a], scaledBy: -eta) }
  }
}
