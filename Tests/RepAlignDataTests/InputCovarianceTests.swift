import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct InputCovarianceTests {
  /// λᵢ ∝ i^(−α) with mean 1: λ₁/λ₂ = 2^α and Σλ = d, to round-off (d terms summed).
  @Test func powerLawSpectrumHasMeanOneAndTheStatedRatios() throws {
    let lambdas = InputCovariance.powerLaw(exponent: 1.5).eigenvalues(dimension: 30)
    expectClose(lambdas.reduce(0, +), 30, tolerance: 30 * Tolerance.epsilon, "Σλ")
    expectClose(lambdas[0] / lambdas[1], Foundation.pow(2, 1.5), tolerance: 8 * Tolerance.epsilon, "λ₁/λ₂")
    expectClose(lambdas[0] / lambdas[9], Foundation.pow(10, 1.5), tolerance: 8 * Tolerance.epsilon, "λ₁/λ₁₀")
    #expect(InputCovariance.identity.eigenvalues(dimension: 4) == [1, 1, 1, 1])
  }

  /// Column variances of 4000 samples match λⱼ within z = 5 s.e. (s.e. = λⱼ√(2/N) for a Gaussian
  /// sample variance); 5 columns checked, false-failure rate ≈ 3e-6.
  @Test func samplesHaveTheStatedVariances() {
    let cov = InputCovariance.powerLaw(exponent: 1)
    let x = cov.sample(rows: 4000, dimension: 5, stream: RandomStream(master: 71, "cov"))
    for (j, lambda) in cov.eigenvalues(dimension: 5).enumerated() {
      let v = x.column(j).reduce(0) { $0 + $1 * $1 } / 4000
      #expect(abs(v - lambda) <= 5 * lambda * (2.0 / 4000).squareRoot(), "column \(j): \(v) vs \(lambda)")
    }
  }

  @Test func invalidExponentIsAnError() {
    #expect(throws: ParameterError.self) { try InputCovariance.powerLaw(exponent: -1).validate() }
    #expect(throws: ParameterError.self) { try InputCovariance.powerLaw(exponent: .nan).validate() }
  }
}
