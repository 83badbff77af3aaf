import Foundation
import RepAlignNumerics
import Testing
import _TestSupport

/// `QuasiNewtonMinimizer` (GSL `vector_bfgs2`) on problems with known minimisers, and its
/// stopping and failure modes.
@Suite struct QuasiNewtonMinimizerTests {
  /// Rosenbrock's f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1) (Rosenbrock 1960).
  static func rosenbrock(_ x: UnsafeBufferPointer<Double>, _ g: UnsafeMutableBufferPointer<Double>) -> Double {
    let (a, b) = (x[0], x[1])
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
    g[1] = 200 * (b - a * a)
    return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
  }

  /// Near a minimiser with Hessian H, ‖x − x*‖ ≲ ‖∇f‖/λ_min(H); Rosenbrock's Hessian at (1, 1)
  /// has λ_min ≈ 0.4, so ‖∇f‖ ≤ 1e-6 puts x within ~2.5e-6 of (1, 1): allow 1e-5. (Tighter
  /// gradients are not reachable: at ‖∇f‖ ≈ 1e-8, f ≈ 1e-18 and the line search stops on
  /// round-off, GSL_ENOPROG.)
  static let gradientTolerance = 1e-6
  static let locationTolerance = 1e-5

  @Test func rosenbrockFromTheClassicalStart() throws {
    let r = try QuasiNewtonMinimizer.minimize(
      start: [-1.2, 1], gradientTolerance: Self.gradientTolerance, maxIterations: 500, objective: Self.rosenbrock)
    #expect(r.termination == .gradient, "\(r)")
    #expect(abs(r.x[0] - 1) < Self.locationTolerance && abs(r.x[1] - 1) < Self.locationTolerance, "\(r)")
    #expect(r.gradientNorm <= Self.gradientTolerance)
    #expect(r.evaluations >= r.iterations)
  }

  @Test func quadraticIsSolvedInFewIterations() throws {
    // f = ½ Σ cᵢ (xᵢ − i)², minimiser xᵢ = i, λ_min = 1: ‖∇f‖ ≤ 1e-8 puts each xᵢ within 1e-8
    // (allow 1e-7). BFGS needs a few p iterations here; 100 is a generous budget.
    let c = [1.0, 2, 5, 10, 50]
    let r = try QuasiNewtonMinimizer.minimize(
      start: [Double](repeating: 0, count: 5), gradientTolerance: 1e-8, maxIterations: 100
    ) { x, g in
      var f = 0.0
      for i in 0..<5 {
        g[i] = c[i] * (x[i] - Double(i))
        f += 0.5 * c[i] * (x[i] - Double(i)) * (x[i] - Double(i))
      }
      return f
    }
    #expect(r.termination == .gradient, "\(r)")
    for i in 0..<5 { #expect(abs(r.x[i] - Double(i)) < 1e-7, "x[\(i)] = \(r.x[i])") }
  }

  @Test func stopRuleEndsTheRunAtTheFirstPointItAccepts() throws {
    var calls = 0
    let r = try QuasiNewtonMinimizer.minimize(
      start: [-1.2, 1], maxIterations: 500,
      stop: { _, value, _ in
        calls += 1
        return value < 1e-3
      }, objective: Self.rosenbrock)
    #expect(r.termination == .stopRule)
    #expect(r.value < 1e-3)
    #expect(calls == r.iterations + 1, "asked once at the start and after every iteration")
  }

  @Test func iterationBudgetIsReported() throws {
    let r = try QuasiNewtonMinimizer.minimize(start: [-1.2, 1], maxIterations: 3, objective: Self.rosenbrock)
    #expect(r.termination == .iterationBudget)
    #expect(r.iterations == 3)
    let zero = try QuasiNewtonMinimizer.minimize(start: [-1.2, 1], maxIterations: 0, objective: Self.rosenbrock)
    #expect(zero.x == [-1.2, 1] && zero.iterations == 0)
  }

  @Test func nonFiniteObjectiveIsAGSLError() {
    // Finite at the start (the one evaluation of `set`), NaN everywhere the line search goes.
    // GSL_EDOM = 1 (gsl_errno.h), the status `QuasiNewtonMinimizer` gives a non-finite value.
    var evaluations = 0
    #expect {
      _ = try QuasiNewtonMinimizer.minimize(start: [1, 1], maxIterations: 50) { x, g in
        evaluations += 1
        g[0] = x[0]
        g[1] = x[1]
        return evaluations == 1 ? 1 : .nan
      }
    } throws: { ($0 as? GSLError)?.status == 1 }
  }

  @Test func invalidArgumentsAreParameterErrors() {
    let f = Self.rosenbrock
    expectParameterError("start") {
      try QuasiNewtonMinimizer.minimize(start: [], maxIterations: 1, objective: f)
    }
    expectParameterError("start") {
      try QuasiNewtonMinimizer.minimize(start: [.nan, 0], maxIterations: 1, objective: f)
    }
    expectParameterError("initialStep") {
      try QuasiNewtonMinimizer.minimize(start: [0, 0], initialStep: 0, maxIterations: 1, objective: f)
    }
    expectParameterError("lineSearchTolerance") {
      try QuasiNewtonMinimizer.minimize(start: [0, 0], lineSearchTolerance: 1, maxIterations: 1, objective: f)
    }
    expectParameterError("maxIterations") {
      try QuasiNewtonMinimizer.minimize(start: [0, 0], maxIterations: -1, objective: f)
    }
  }
}
