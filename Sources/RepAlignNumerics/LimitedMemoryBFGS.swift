import _CGSL

/// Unconstrained minimisation with limited-memory BFGS (Nocedal & Wright 2006, Algorithm 7.4: the
/// two-loop recursion over the last `memory` pairs sₖ = xₖ₊₁ − xₖ, yₖ = ∇fₖ₊₁ − ∇fₖ, with the
/// initial scaling γ = sᵀy / yᵀy of their eq. 7.20) and a backtracking Armijo line search
/// (sufficient decrease f(x + αp) ≤ f(x) + c₁ α ∇fᵀp, c₁ = 1e-4, α halved from 1).
///
/// Pure Swift, no C library: written for losses with kinks (ReLU networks), where GSL's
/// `vector_bfgs2` (`QuasiNewtonMinimizer`), whose Fletcher line search interpolates cubically,
/// stalls with `GSL_ENOPROG` far above the minimum (measured: train loss 6e-3 after ~400
/// iterations for a width-20 ReLU network at n = 160, which Adam fits to 1e-4). Backtracking only
/// needs decrease, and pairs with sᵀy ≤ ε‖s‖‖y‖ (no positive curvature across a kink) are skipped,
/// so the inverse-Hessian estimate stays positive definite.
///
/// Stopping, as `QuasiNewtonMinimizer`: `stop(x, f, ‖∇f‖)` after every iteration and at the start,
/// ‖∇f‖ ≤ `gradientTolerance`, `maxIterations`; a line search that finds no decrease along the
/// L-BFGS direction is retried once along −∇f with the memory cleared, then ends the run with
/// `.noProgress`.
public enum LimitedMemoryBFGS {
  /// Pairs kept (Nocedal & Wright: 3–20 is usual; 10 is the common default, e.g. SciPy's is 10).
  public static let defaultMemory = 10
  /// Armijo's sufficient-decrease constant c₁ (Nocedal & Wright §3.1: 1e-4).
  static let armijo = 1e-4
  /// Halvings of the step before a line search gives up: α = 2⁻⁶⁰ ≈ 1e-18 is below the relative
  /// round-off of any step.
  static let maxHalvings = 60
  /// sᵀy must exceed this × ‖s‖‖y‖ for a pair to be stored (a cosine: ≈ √ε).
  static let curvatureCosine = 1e-8

  public static func minimize(
    start: [Double], initialStep: Double = QuasiNewtonMinimizer.defaultInitialStep, memory: Int = defaultMemory,
    gradientTolerance: Double = 0, maxIterations: Int,
    stop: (_ x: [Double], _ value: Double, _ gradientNorm: Double) -> Bool = { _, _, _ in false },
    objective: (_ x: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>) -> Double
  ) throws -> QuasiNewtonMinimizer.Result {
    let p = start.count
    try require(p >= 1, "start", "must have at least one coordinate", got: p)
    try require(start.allSatisfy(\.isFinite), "start", "must be finite", got: "a non-finite coordinate")
    try require(initialStep.isFinite && initialStep > 0, "initialStep", "must be finite and > 0", got: initialStep)
    try require(memory >= 1, "memory", "must be ≥ 1", got: memory)
    try require(
      gradientTolerance.isFinite && gradientTolerance >= 0, "gradientTolerance", "must be finite and ≥ 0",
      got: gradientTolerance)
    try require(maxIterations >= 0, "maxIterations", "must be ≥ 0", got: maxIterations)

    var evaluations = 0
    func evaluate(_ x: [Double], _ g: inout [Double], _ iteration: Int) throws -> Double {
      evaluations += 1
      let f = x.withUnsafeBufferPointer { px in g.withUnsafeMutableBufferPointer { objective(px, $0) } }
      guard f.isFinite, g.allSatisfy(\.isFinite) else {
        throw GSLError(
          status: Int32(GSL_EDOM), operation: "lbfgs iteration \(iteration)", // GSL's code for it; no GSL call
          reason: "the objective returned a non-finite value or gradient")
      }
      return f
    }
    func dot(_ a: [Double], _ b: [Double]) -> Double {
      var s = 0.0
      for i in 0..<p { s += a[i] * b[i] }
      return s
    }

    var x = start
    var g = [Double](repeating: 0, count: p)
    var f = try evaluate(x, &g, 0)
    var pairs: [(s: [Double], y: [Double], rho: Double)] = []
    var trial = x
    var gTrial = g
    var direction = g
    var alpha = [Double](repeating: 0, count: memory)
    func result(_ iterations: Int, _ t: QuasiNewtonMinimizer.Termination) -> QuasiNewtonMinimizer.Result {
      .init(
        x: x, value: f, gradientNorm: dot(g, g).squareRoot(), iterations: iterations, evaluations: evaluations,
        termination: t)
    }

    for iteration in 0...maxIterations {
      let gnorm = dot(g, g).squareRoot()
      if stop(x, f, gnorm) { return result(iteration, .stopRule) }
      if gnorm <= gradientTolerance { return result(iteration, .gradient) }
      if iteration == maxIterations { return result(iteration, .iterationBudget) }
      var accepted = false
      for attempt in 0..<2 {
        if attempt == 1 { pairs.removeAll() }
        // Two-loop recursion: direction = −H g.
        for i in 0..<p { direction[i] = g[i] }
        for (k, pair) in pairs.enumerated().reversed() {
          alpha[k] = pair.rho * dot(pair.s, direction)
          for i in 0..<p { direction[i] -= alpha[k] * pair.y[i] }
        }
        // Initial scaling γ (eq. 7.20); before any pair, a first step of length `initialStep`.
        let gamma = pairs.last.map { dot($0.s, $0.y) / dot($0.y, $0.y) } ?? initialStep / gnorm
        for i in 0..<p { direction[i] *= gamma }
        for (k, pair) in pairs.enumerated() {
          let beta = pair.rho * dot(pair.y, direction)
          for i in 0..<p { direction[i] += pair.s[i] * (alpha[k] - beta) }
        }
        for i in 0..<p { direction[i] = -direction[i] }
        let slope = dot(g, direction)
        guard slope < 0 else { continue }
        var step = 1.0
        for _ in 0..<maxHalvings {
          for i in 0..<p { trial[i] = x[i] + step * direction[i] }
          let fTrial = try evaluate(trial, &gTrial, iteration + 1)
          if fTrial <= f + armijo * step * slope {
            var s = trial
            var y = gTrial
            for i in 0..<p {
              s[i] -= x[i]
              y[i] -= g[i]
            }
            let sy = dot(s, y)
            if sy > curvatureCosine * (dot(s, s) * dot(y, y)).squareRoot() {
              if pairs.count == memory { pairs.removeFirst() }
              pairs.append((s, y, 1 / sy))
            }
            swap(&x, &trial)
            swap(&g, &gTrial)
            f = fTrial
            accepted = true
            break
          }
          step /= 2
        }
        if accepted { break }
      }
      if !accepted { return result(iteration + 1, .noProgress) }
    }
    return result(maxIterations, .iterationBudget)
  }
}
