import _CGSL

/// Unconstrained minimisation of a differentiable f: ℝᵖ → ℝ with GSL's quasi-Newton method
/// `gsl_multimin_fdfminimizer_vector_bfgs2` (BFGS with the Fletcher line search of
/// Fletcher 1987, §2.6; GSL manual "Multidimensional Minimization").
///
/// The caller's objective fills the gradient and returns the value at the same point. After every
/// iteration (and once at the start) `stop(x, value, ‖∇f‖)` is asked whether the current point is
/// good enough; independently, `‖∇f‖ ≤ gradientTolerance` (GSL's `gsl_multimin_test_gradient`)
/// ends the run. GSL's "no progress" status (`GSL_ENOPROG`: the line search cannot lower f any
/// more, at round-off level or at a kink of a non-smooth f) first restarts the method from the
/// steepest-descent direction (`gsl_multimin_fdfminimizer_restart`) when f has decreased since
/// the last restart (`restartOnStall`, default on: a ReLU network's loss has kinks where the
/// quasi-Newton direction goes stale, and a restart gets past them); otherwise it ends the run with
/// `.noProgress`, not an error: the point reached is returned and the caller decides what it means.
///
/// A non-finite value or gradient from the objective is never handed to GSL: the box records
/// the first one and returns zeros in their place, and the run throws a `GSLError` naming the iteration.
public enum QuasiNewtonMinimizer {
  /// Why the run ended.
  public enum Termination: String, Sendable, Codable {
    /// `stop` returned true.
    case stopRule
    /// ‖∇f‖ ≤ gradientTolerance.
    case gradient
    /// The line search made no progress (GSL_ENOPROG).
    case noProgress
    /// `maxIterations` iterations ran.
    case iterationBudget
  }

  public struct Result: Sendable, Equatable {
    /// The final point.
    public let x: [Double]
    /// f at `x`.
    public let value: Double
    /// ‖∇f(x)‖₂.
    public let gradientNorm: Double
    /// Iterations taken (each one line search: several objective evaluations).
    public let iterations: Int
    /// Objective evaluations (value and gradient each time).
    public let evaluations: Int
    public let termination: Termination
  }

  /// GSL's recommended first trial step of the line search, ‖Δx‖ = 0.01 (GSL manual, "Algorithms
  /// with derivatives"); the method rescales every later step itself.
  public static let defaultInitialStep = 0.01
  /// GSL's recommended line-search accuracy for `vector_bfgs2`, tol = 0.1 (a loose line search is
  /// cheaper and does not slow BFGS down; the manual's value).
  public static let defaultLineSearchTolerance = 0.1

  /// Minimises `objective` from `start`. `objective(x, g)` returns f(x) and writes ∇f(x) into g
  /// (same length as x, p ≥ 1).
  public static func minimize(
    start: [Double], initialStep: Double = defaultInitialStep,
    lineSearchTolerance: Double = defaultLineSearchTolerance, gradientTolerance: Double = 0,
    maxIterations: Int, restartOnStall: Bool = true,
    stop: (_ x: [Double], _ value: Double, _ gradientNorm: Double) -> Bool = { _, _, _ in false },
    objective: @escaping (_ x: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>) -> Double
  ) throws -> Result {
    let p = start.count
    try require(p >= 1, "start", "must have at least one coordinate", got: p)
    try require(start.allSatisfy(\.isFinite), "start", "must be finite", got: "a non-finite coordinate")
    try require(initialStep.isFinite && initialStep > 0, "initialStep", "must be finite and > 0", got: initialStep)
    try require(
      lineSearchTolerance.isFinite && lineSearchTolerance > 0 && lineSearchTolerance < 1, "lineSearchTolerance",
      "must be in (0, 1)", got: lineSearchTolerance)
    try require(
      gradientTolerance.isFinite && gradientTolerance >= 0, "gradientTolerance", "must be finite and ≥ 0",
      got: gradientTolerance)
    try require(maxIterations >= 0, "maxIterations", "must be ≥ 0", got: maxIterations)
    GSLRuntime.prepare()
    guard let solver = gsl_multimin_fdfminimizer_alloc(repalign_multimin_vector_bfgs2(), p) else {
      throw GSLError(status: Int32(GSL_ENOMEM), operation: "gsl_multimin_fdfminimizer_alloc")
    }
    defer { gsl_multimin_fdfminimizer_free(solver) }
    let box = GSLObjectiveBox(objective, dimension: p)
    let unmanaged = Unmanaged.passRetained(box)
    defer { unmanaged.release() }
    var function = gsl_multimin_function_fdf(
      f: { x, params in
        GSLObjectiveBox.from(params).evaluate(x!, gradient: nil)
      },
      df: { x, params, g in
        _ = GSLObjectiveBox.from(params).evaluate(x!, gradient: g!)
      },
      fdf: { x, params, f, g in
        f!.pointee = GSLObjectiveBox.from(params).evaluate(x!, gradient: g!)
      }, n: p, params: unmanaged.toOpaque())

    func snapshot(_ iterations: Int, _ termination: Termination) -> Result {
      let x = gsl_multimin_fdfminimizer_x(solver)!
      let g = gsl_multimin_fdfminimizer_gradient(solver)!
      var squares = 0.0
      for i in 0..<p { squares += gsl_vector_get(g, i) * gsl_vector_get(g, i) }
      return Result(
        x: (0..<p).map { gsl_vector_get(x, $0) }, value: gsl_multimin_fdfminimizer_minimum(solver),
        gradientNorm: squares.squareRoot(), iterations: iterations, evaluations: box.evaluations,
        termination: termination)
    }
    func checkFinite(_ iteration: Int) throws {
      if let bad = box.firstNonFinite {
        throw GSLError(
          status: Int32(GSL_EDOM), operation: "bfgs2 iteration \(iteration)",
          reason: "the objective returned a non-finite \(bad)")
      }
    }

    var x0 = start
    let setStatus = withGSLVector(&x0) { v in
      gsl_multimin_fdfminimizer_set(solver, &function, v, initialStep, lineSearchTolerance)
    }
    try checkFinite(0)
    try checkGSL(setStatus, "gsl_multimin_fdfminimizer_set")
    var valueAtRestart = gsl_multimin_fdfminimizer_minimum(solver)
    for iteration in 0...maxIterations {
      let current = snapshot(iteration, .iterationBudget)
      if stop(current.x, current.value, current.gradientNorm) { return snapshot(iteration, .stopRule) }
      if current.gradientNorm <= gradientTolerance { return snapshot(iteration, .gradient) }
      if iteration == maxIterations { return current }
      let status = gsl_multimin_fdfminimizer_iterate(solver)
      try checkFinite(iteration + 1)
      if status == Int32(GSL_ENOPROG) {
        let value = gsl_multimin_fdfminimizer_minimum(solver)
        guard restartOnStall && value < valueAtRestart else { return snapshot(iteration + 1, .noProgress) }
        valueAtRestart = value
        try checkGSL(gsl_multimin_fdfminimizer_restart(solver), "gsl_multimin_fdfminimizer_restart")
        continue
      }
      try checkGSL(status, "gsl_multimin_fdfminimizer_iterate")
    }
    return snapshot(maxIterations, .iterationBudget)
  }
}

/// Carries the objective through GSL's `void *params` (the multimin counterpart of
/// `GSLFunctionBox`). GSL's vectors may be strided views; the box copies them into contiguous
/// scratch arrays, calls the objective, and copies the gradient back. A non-finite value or
/// gradient entry is recorded (the first one) and replaced by 0, never handed to GSL.
final class GSLObjectiveBox {
  typealias Objective = (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double
  let objective: Objective
  private var x: [Double]
  private var g: [Double]
  private(set) var evaluations = 0
  /// A description of the first non-finite output, if any.
  private(set) var firstNonFinite: String?

  init(_ objective: @escaping Objective, dimension p: Int) {
    self.objective = objective
    x = [Double](repeating: 0, count: p)
    g = x
  }

  static func from(_ params: UnsafeMutableRawPointer?) -> GSLObjectiveBox {
    Unmanaged<GSLObjectiveBox>.fromOpaque(params!).takeUnretainedValue()
  }

  func evaluate(_ v: UnsafePointer<gsl_vector>, gradient out: UnsafeMutablePointer<gsl_vector>?) -> Double {
    evaluations += 1
    for i in x.indices { x[i] = gsl_vector_get(v, i) }
    var value = x.withUnsafeBufferPointer { px in g.withUnsafeMutableBufferPointer { objective(px, $0) } }
    if !value.isFinite {
      if firstNonFinite == nil { firstNonFinite = "value \(value)" }
      value = 0
    }
    if let out {
      for i in g.indices {
        var gi = g[i]
        if !gi.isFinite {
          if firstNonFinite == nil { firstNonFinite = "gradient entry \(i) = \(gi)" }
          gi = 0
        }
        gsl_vector_set(out, i, gi)
      }
    }
    return value
  }
}
