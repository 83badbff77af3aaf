import Foundation
import RepAlignNumerics
import Testing
import _TestSupport

/// `LimitedMemoryBFGS` on problems with known minimisers, on a kinked objective, and its
/// stopping and failure modes.
@Suite struct LimitedMemoryBFGSTests {
  /// Tolerances as in `QuasiNewtonMinimizerTests`: ‖x − x*‖ ≲ ‖∇f‖/λ_min(H) with λ_min ≈ 0.4 for
  /// Rosenbrock at (1, 1), so ‖∇f‖ ≤ 1e-6 gives ≤ 2.5e-6: allow 1e-5.
  static let gradientTolerance = 1e-6
  static let locationTolerance = 1e-5

  @Test func rosenbrockFromTheClassicalStart() throws {
    let r = try LimitedMemoryBFGS.minimize(
      start: [-1.2, 1], gradientTolerance: Self.gradientTolerance, maxIterations: 1000,
      objective: QuasiNewtonMinimizerTests.rosenbrock)
    #expect(r.termination == .gradient, "\(r)")
    #expect(abs(r.x[0] - 1) < Self.locationTolerance && abs(r.x[1] - 1) < Self.locationTolerance, "\(r)")
  }

  @Test func illConditionedQuadratic() throws {
    // f = ½ Σ cᵢ (xᵢ − 1)² with condition number 10⁴ over p = 50: GD at step 1/c_max would need
    // ~10⁴·log(1/tol) iterations; L-BFGS (like CG, ~√κ·log(1/tol) ≈ 2000 at worst) far fewer.
    let p = 50
    let c = (0..<p).map { pow(1e4, Double($0) / Double(p - 1)) }
    let r = try LimitedMemoryBFGS.minimize(
      start: [Double](repeating: 0, count: p), gradientTolerance: 1e-8, maxIterations: 5000
    ) { x, g in
      var f = 0.0
      for i in 0..<p {
        g[i] = c[i] * (x[i] - 1)
        f += 0.5 * c[i] * (x[i] - 1) * (x[i] - 1)
      }
      return f
    }
    #expect(r.termination == .gradient, "\(r.iterations) iterations, ‖g‖ = \(r.gradientNorm)")
    // λ_min = 1: ‖x − 1‖ ≤ ‖∇f‖ ≤ 1e-8; allow 1e-7.
    for i in 0..<p { #expect(abs(r.x[i] - 1) < 1e-7, "x[\(i)] = \(r.x[i])") }
  }

  @Test func kinkedObjectiveReachesItsMinimum() throws {
    // f = Σ |xᵢ| + ½‖x − a‖², minimiser the soft threshold of a at 1: xᵢ = sign(aᵢ) max(|aᵢ| − 1, 0).
    // Non-smooth at 0; the run must decrease f to within 1e-6 of the minimum value before stalling.
    let a = [3.0, -2.5, 0.4, -0.2, 1.5]
    let star = a.map { $0 > 0 ? max($0 - 1, 0) : -max(-$0 - 1, 0) }
    func f(_ x: [Double]) -> Double {
      zip(x, a).map { abs($0) + 0.5 * ($0 - $1) * ($0 - $1) }.reduce(0, +)
    }
    let r = try LimitedMemoryBFGS.minimize(start: [0.1, 0.1, 0.1, 0.1, 0.1], maxIterations: 500) { x, g in
      for i in 0..<5 { g[i] = (x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0) + x[i] - a[i] }
      return f(Array(x))
    }
    #expect(r.value - f(star) < 1e-6, "f = \(r.value) vs minimum \(f(star)) (\(r.termination))")
  }

  @Test func stopRuleAndBudget() throws {
    var calls = 0
    let r = try LimitedMemoryBFGS.minimize(
      start: [-1.2, 1], maxIterations: 1000,
      stop: { _, value, _ in
        calls += 1
        return value < 1e-3
      }, objective: QuasiNewtonMinimizerTests.rosenbrock)
    #expect(r.termination == .stopRule && r.value < 1e-3)
    #expect(calls == r.iterations + 1)
    let b = try LimitedMemoryBFGS.minimize(
      start: [-1.2, 1], maxIterations: 2, objective: QuasiNewtonMinimizerTests.rosenbrock)
    #expect(b.termination == .iterationBudget && b.iterations == 2)
  }

  @Test func nonFiniteObjectiveIsAnErrorAndBadArgumentsAreParameterErrors() {
    // GSL_EDOM = 1 (gsl_errno.h): the domain error, as for the GSL minimizers.
    #expect {
      _ = try LimitedMemoryBFGS.minimize(start: [1], maxIterations: 10) { _, g in
        g[0] = 1
        return .nan
      }
    } throws: { ($0 as? GSLError)?.status == 1 }
    let f = QuasiNewtonMinimizerTests.rosenbrock
    expectParameterError("start") { try LimitedMemoryBFGS.minimize(start: [], maxIterations: 1, objective: f) }
    expectParameterError("memory") {
      try LimitedMemoryBFGS.minimize(start: [0, 0], memory: 0, maxIterations: 1, objective: f)
    }
    expectParameterError("initialStep") {
      try LimitedMemoryBFGS.minimize(start: [0, 0], initialStep: -1, maxIterations: 1, objective: f)
    }
  }
}
