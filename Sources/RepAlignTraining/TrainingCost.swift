import RepAlignNumerics

extension NoiseEnsemble {
  /// Flop-equivalent of one optimizer step's fixed overhead (allocation, BLAS call set-up,
  /// stopping checks): a tiny network's step takes 1–3 µs here, ≈ 5·10⁴ flop at the experiment
  /// loops' 30–50 GFLOP/s. It keeps `steps` near `Int.max` on a tiny problem from passing as cheap.
  public static let stepOverheadFlops = 5e4

  /// Upper-bound cost of `train` for M members on n samples of dimension d with k outputs, m test
  /// rows and hidden width h, before anything is allocated (`ResourceBudget`). Sizes are `Double`
  /// so that no product overflows.
  ///
  /// Memory: the dataset — shared inputs (n + m)·d, per-member inputs when they are not shared
  /// (`perMemberInputs`), member targets M·n·k — the M test representations m·h, and per worker a
  /// network (2·h·(d + k) weights with gradients), the hidden activations n·h three times
  /// (pre-activation, activation, back-propagated error) and, for the quasi-Newton optimizers,
  /// their state (L-BFGS: 10 pairs of two P-vectors and 6 work vectors, P = h·(d + k); GSL's BFGS
  /// fewer). Arithmetic: each gradient evaluation is a forward and a backward pass, 6·n·h·(d + k)
  /// flop; a step costs `Optimizer.gradientEvaluationsPerStep` of them (1 for gd, sgd and adam; an
  /// assumed mean of 16 for bfgs and lbfgs, whose line searches evaluate several times per
  /// iteration — for them the estimate is an upper bound only under that assumption, see there)
  /// plus `Optimizer.extraFlopsPerStep` and `stepOverheadFlops`, for `steps` steps of each member,
  /// plus the test forward pass 2·m·h·(d + k). The default optimizer is GD, the model of the
  /// callers that do not say. With `depth` L ≥ 2 hidden layers of width h, d + k becomes
  /// d + k + (L − 1)·h (so P = h·(d + k) + (L − 1)·h²) and the activations and test
  /// representations count L times.
  public static func cost(
    members: Double, sampleCount n: Double, inputDimension d: Double, outputs k: Double, testCount m: Double,
    width h: Double, steps: Double, workers: Double, perMemberInputs: Bool = false,
    optimizer: Optimizer = .gradientDescent, depth: Double = 1
  ) -> CostEstimate {
    let fanSum = d + k + (depth - 1) * h
    let p = h * fanSum
    let inputs = (n + m) * d + (perMemberInputs ? members * n * d : 0)
    let quasiNewtonState: Double =
      switch optimizer {
      case .lbfgs: (2 * 10 + 6) * p
      case .bfgs: 8 * p
      case .gradientDescent, .sgd, .adam: 0
      }
    let perWorker = 2 * p * 2 + 3 * n * h * depth + quasiNewtonState
    let entries = inputs + members * n * k + members * m * h * depth + min(workers, members) * perWorker
    let perStep =
      optimizer.gradientEvaluationsPerStep * 6 * n * p + optimizer.extraFlopsPerStep(parameters: p) + stepOverheadFlops
    let flops = members * (steps * perStep + 2 * m * p)
    return CostEstimate(bytes: 8 * entries, flops: flops)
  }
}
