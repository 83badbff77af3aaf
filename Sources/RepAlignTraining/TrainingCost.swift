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
  /// network (2·h·(d + k) weights with gradients) and the hidden activations n·h three times
  /// (pre-activation, activation, back-propagated error). Arithmetic: each full-batch step is a
  /// forward and a backward pass, 6·n·h·(d + k) flop plus `stepOverheadFlops`, for `steps` steps of
  /// each member, plus the test forward pass 2·m·h·(d + k). With `depth` L ≥ 2 hidden layers of
  /// width h, d + k becomes d + k + (L − 1)·h and the activations and test representations count
  /// L times.
  public static func cost(
    members: Double, sampleCount n: Double, inputDimension d: Double, outputs k: Double, testCount m: Double,
    width h: Double, steps: Double, workers: Double, perMemberInputs: Bool = false, depth: Double = 1
  ) -> CostEstimate {
    // L hidden layers of width h: the weights h·(d + k) + (L − 1)·h², L hidden activations per
    // sample, every test representation kept (L = 1 is the formula above).
    let inputs = (n + m) * d + (perMemberInputs ? members * n * d : 0)
    let fanSum = d + k + (depth - 1) * h
    let perWorker = 2 * h * fanSum * 2 + 3 * n * h * depth
    let entries = inputs + members * n * k + members * m * h * depth + min(workers, members) * perWorker
    let flops = members * (steps * (6 * n * h * fanSum + stepOverheadFlops) + 2 * m * h * fanSum)
    return CostEstimate(bytes: 8 * entries, flops: flops)
  }
}
