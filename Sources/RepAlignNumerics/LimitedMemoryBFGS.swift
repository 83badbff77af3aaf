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

    // Every vector lives in one allocation for the run, and the stored pairs in a ring of
    // `memory` slots (slot of the k-th oldest pair: (first + k) mod memory). The arithmetic is the
    // textbook loops' in their order, element by element (so the iterates are bitwise those of
    // the array-of-arrays version this replaces); without the per-element bounds and uniqueness
    // checks and the per-iteration array copies, which took 45 % of an L-BFGS-trained ReLU spec's
    // samples (perf, issue 19).
    let slots = memory
    let buffer = UnsafeMutablePointer<Double>.allocate(capacity: 7 * p + 2 * slots * p + 2 * slots)
    defer { buffer.deallocate() }
    var xp = buffer
    var gp = buffer + p
    var trialp = buffer + 2 * p
    var gTrialp = buffer + 3 * p
    let direction = buffer + 4 * p
    let sNew = buffer + 5 * p
    let yNew = buffer + 6 * p
    let sStore = buffer + 7 * p
    let yStore = sStore + slots * p
    let rho = yStore + slots * p
    let alpha = rho + slots
    var first = 0
    var count = 0
    func sPair(_ k: Int) -> UnsafeMutablePointer<Double> { sStore + ((first + k) % slots) * p }
    func yPair(_ k: Int) -> UnsafeMutablePointer<Double> { yStore + ((first + k) % slots) * p }
    func rhoPair(_ k: Int) -> Double { rho[(first + k) % slots] }
    func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
      var s = 0.0
      for i in 0..<p { s += a[i] * b[i] }
      return s
    }
    func copy(_ from: UnsafePointer<Double>) -> [Double] { Array(UnsafeBufferPointer(start: from, count: p)) }

    var evaluations = 0
    func evaluate(_ x: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ iteration: Int) throws
      -> Double
    {
      evaluations += 1
      let f = objective(UnsafeBufferPointer(start: x, count: p), UnsafeMutableBufferPointer(start: g, count: p))
      guard f.isFinite, UnsafeBufferPointer(start: g, count: p).allSatisfy(\.isFinite) else {
        throw GSLError(
          status: Int32(GSL_EDOM), operation: "lbfgs iteration \(iteration)", // GSL's code for it; no GSL call
          reason: "the objective returned a non-finite value or gradient")
      }
      return f
    }

    for i in 0..<p { xp[i] = start[i] }
    var f = try evaluate(xp, gp, 0)
    func result(_ iterations: Int, _ t: QuasiNewtonMinimizer.Termination) -> QuasiNewtonMinimizer.Result {
      .init(
        x: copy(xp), value: f, gradientNorm: dot(gp, gp).squareRoot(), iterations: iterations,
        evaluations: evaluations, termination: t)
    }

    for iteration in 0...maxIterations {
      let gnorm = dot(gp, gp).squareRoot()
      if stop(copy(xp), f, gnorm) { return result(iteration, .stopRule) }
      if gnorm <= gradientTolerance { return result(iteration, .gradient) }
      if iteration == maxIterations { return result(iteration, .iterationBudget) }
      var accepted = false
      for attempt in 0..<2 {
        if attempt == 1 { (first, count) = (0, 0) }
        // Two-loop recursion: direction = −H g.
        for i in 0..<p { direction[i] = gp[i] }
        for k in stride(from: count - 1, through: 0, by: -1) {
          let (sk, yk) = (sPair(k), yPair(k))
          alpha[k] = rhoPair(k) * dot(sk, direction)
          for i in 0..<p { direction[i] -= alpha[k] * yk[i] }
        }
        // Initial scaling γ (eq. 7.20); before any pair, a first step of length `initialStep`.
        let gamma =
          count > 0
          ? dot(sPair(count - 1), yPair(count - 1)) / dot(yPair(count - 1), yPair(count - 1)) : initialStep / gnorm
        for i in 0..<p { direction[i] *= gamma }
        for k in 0..<count {
          let (sk, yk) = (sPair(k), yPair(k))
          let beta = rhoPair(k) * dot(yk, direction)
          for i in 0..<p { direction[i] += sk[i] * (alpha[k] - beta) }
        }
        for i in 0..<p { direction[i] = -direction[i] }
        let slope = dot(gp, direction)
        guard slope < 0 else { continue }
        var step = 1.0
        for _ in 0..<maxHalvings {
          for i in 0..<p { trialp[i] = xp[i] + step * direction[i] }
          let fTrial = try evaluate(trialp, gTrialp, iteration + 1)
          if fTrial <= f + armijo * step * slope {
            for i in 0..<p {
              sNew[i] = trialp[i] - xp[i]
              yNew[i] = gTrialp[i] - gp[i]
            }
            let sy = dot(sNew, yNew)
            if sy > curvatureCosine * (dot(sNew, sNew) * dot(yNew, yNew)).squareRoot() {
              // Into the next free slot, or the oldest pair's when the ring is full.
              let slot = count == slots ? first : (first + count) % slots
              (sStore + slot * p).update(from: sNew, count: p)
              (yStore + slot * p).update(from: yNew, count: p)
              rho[slot] = 1 / sy
              if count == slots { first = (first + 1) % slots } else { count += 1 }
            }
            swap(&xp, &trialp)
            swap(&gp, &gTrialp)
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
