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
    expectParameterError("exponent") { try InputCovariance.powerLaw(exponent: -1).validate() }
    expectParameterError("exponent") { try InputCovariance.powerLaw(exponent: .nan).validate() }
  }

  /// An explicit spectrum equal to the power law's eigenvalues gives the same task, bit for bit
  /// (same streams, same column scales), so theory and simulation can share any spectrum.
  @Test func explicitSpectrumReproducesThePowerLawTask() throws {
    let lambda = InputCovariance.powerLaw(exponent: 1).eigenvalues(dimension: 12)
    let seed = StreamSeed(master: TestSeeds.seed(1841))
    let a = try RegressionTask(
      inputDimension: 12, sampleCount: 7, testCount: 5, snr: 2, covariance: .powerLaw(exponent: 1)
    )
    .make(members: 2, seed: seed)
    let b = try RegressionTask(inputDimension: 12, sampleCount: 7, testCount: 5, snr: 2, covariance: .spectrum(lambda))
      .make(members: 2, seed: seed)
    #expect(a.dataset.trainInputs == b.dataset.trainInputs)
    #expect(a.dataset.memberTargets == b.dataset.memberTargets)
    #expect(b.covarianceEigenvalues == lambda)
  }

  /// A spectrum of the wrong length or with a non-positive eigenvalue is a `ParameterError`
  /// naming `spectrum`, before any sampling (which would otherwise index past its end).
  @Test func badSpectrumIsAnError() {
    for bad in [[1.0, 2.0], [1, 0, 1], [1, .nan, 1]] {
      do {
        _ = try RegressionTask(inputDimension: 3, sampleCount: 4, testCount: 5, snr: 1, covariance: .spectrum(bad))
          .make(members: 2, seed: StreamSeed(master: 1))
        Issue.record("spectrum \(bad) accepted")
      } catch {
        #expect("\(error)".contains("spectrum"), "\(error)")
      }
    }
  }
}
