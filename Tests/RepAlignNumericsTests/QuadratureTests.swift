import Foundation
import RepAlignNumerics
import Testing
import _TestSupport

/// Quadrature against integrals with closed forms, including the endpoint behaviours the
/// Marchenko–Pastur integrals of THEORY.md §6 have (√ edges, 1/√s, 1/s moments).
@Suite struct QuadratureTests {
  @Test func smoothPolynomial() throws {
    let r = try Quadrature.integrate({ $0 * $0 }, from: 0, to: 1, rule: .gaussKronrod)
    expectClose(r.value, 1.0 / 3.0, tolerance: Tolerance.quadrature, "∫₀¹ x²")
  }

  @Test func inverseSquareRootSingularity() throws {
    let r = try Quadrature.integrate({ 1 / $0.squareRoot() }, from: 0, to: 1, rule: .singular)
    expectClose(r.value, 2, tolerance: Tolerance.quadrature, "∫₀¹ x^-½")
  }

  @Test func squareRootEdgesByAlgebraicWeight() throws {
    // ∫₋₁¹ √((1 − x)(1 + x)) dx = π/2: weight α = β = ½, remainder 1.
    let r = try Quadrature.integrate({ _ in 1 }, from: -1, to: 1, rule: .algebraicLogarithmic(alpha: 0.5, beta: 0.5))
    expectClose(r.value, Double.pi / 2, tolerance: Tolerance.quadrature, "semicircle")
  }

  @Test func logarithmicWeight() throws {
    // ∫₀¹ log x dx = −1: weight μ = 1.
    let r = try Quadrature.integrate(
      { _ in 1 }, from: 0, to: 1, rule: .algebraicLogarithmic(alpha: 0, beta: 0, mu: 1, nu: 0))
    expectClose(r.value, -1, tolerance: Tolerance.quadrature, "∫ log")
  }

  /// Marchenko–Pastur (ratio γ < 1) moments: mass 1, mean 1, E[1/s] = 1/(1 − γ)
  /// (Bai & Silverstein 2010, §3.1), with the √ edges handled by the qaws weight.
  @Test(arguments: [0.1, 0.5, 0.9])
  func marchenkoPasturMoments(gamma: Double) throws {
    let lo = pow(1 - gamma.squareRoot(), 2)
    let hi = pow(1 + gamma.squareRoot(), 2)
    let rule = Quadrature.Rule.algebraicLogarithmic(alpha: 0.5, beta: 0.5)
    func moment(_ g: @escaping (Double) -> Double) throws -> Double {
      try Quadrature.integrate({ s in g(s) / (2 * Double.pi * gamma * s) }, from: lo, to: hi, rule: rule).value
    }
    expectClose(try moment { _ in 1 }, 1, tolerance: Tolerance.quadrature, "mass γ=\(gamma)")
    expectClose(try moment { $0 }, 1, tolerance: Tolerance.quadrature, "mean γ=\(gamma)")
    expectClose(try moment { 1 / $0 }, 1 / (1 - gamma), tolerance: Tolerance.quadrature, "E[1/s] γ=\(gamma)")
  }

  @Test func nonFiniteIntegrandIsAnError() {
    // GSL_EDOM = 1 (gsl_errno.h): the integrand left its domain.
    #expect {
      try Quadrature.integrate({ $0 > 0.5 ? .nan : 1 }, from: 0, to: 1, rule: .gaussKronrod)
    } throws: { ($0 as? GSLError)?.status == 1 }
  }

  @Test func badIntervalIsAnError() {
    expectParameterError("interval") { try Quadrature.integrate({ $0 }, from: 1, to: 0) }
    expectParameterError("interval") { try Quadrature.integrate({ $0 }, from: 0, to: .infinity) }
  }
}
