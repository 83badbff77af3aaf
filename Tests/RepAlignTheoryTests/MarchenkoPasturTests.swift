import Foundation
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// The Marchenko–Pastur law's mass, atom and moments (Bai & Silverstein 2010, §3.1).
@Suite struct MarchenkoPasturTests {
  /// Total mass 1 (continuous min(1, 1/γ) plus atom), mean ∫s dμ = 1, second moment 1 + γ,
  /// and E[1/s] over the continuous part: 1/(1 − γ) for γ < 1, 1/(γ(γ − 1)) for γ > 1.
  @Test(arguments: [0.2, 0.7, 1.0, 1.5, 4.0])
  func momentsAndAtom(gamma: Double) throws {
    let mp = try MarchenkoPastur(gamma: gamma)
    let tol = Tolerance.quadrature
    expectClose(
      try mp.expectation({ _ in 1 }, valueAtZero: 1), 1, tolerance: tol, "mass γ=\(gamma)")
    expectClose(
      try mp.integrateContinuous { _ in 1 }, min(1, 1 / gamma), tolerance: tol,
      "continuous mass γ=\(gamma)")
    expectClose(try mp.integrateContinuous { $0 }, 1, tolerance: tol, "mean γ=\(gamma)")
    expectClose(
      try mp.integrateContinuous { $0 * $0 }, 1 + gamma, tolerance: tol, "second moment γ=\(gamma)")
    if gamma != 1 {
      let inv = gamma < 1 ? 1 / (1 - gamma) : 1 / (gamma * (gamma - 1))
      expectClose(
        try mp.integrateContinuous { 1 / $0 }, inv, relativeTo: inv, tolerance: tol,
        "E 1/s γ=\(gamma)")
    }
    #expect(mp.atomAtZero == max(0, 1 - 1 / gamma))
  }
}
