import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct RegressionTaskTests {
  /// βᵀΣβ = r² exactly (to round-off of a d-term sum), for Σ = I and a power law.
  @Test(arguments: [InputCovariance.identity, .powerLaw(exponent: 1)])
  func teacherHasTheStatedSignalVariance(covariance: InputCovariance) throws {
    let task = RegressionTask(
      inputDimension: 25, sampleCount: 10, testCount: 5, snr: 3, signalVariance: 2.5, covariance: covariance)
    let e = try task.make(members: 2, seed: StreamSeed(master: 81))
    let beta = e.beta!
    let energy = zip(beta, e.covarianceEigenvalues).reduce(0) { $0 + $1.0 * $1.0 * $1.1 }
    expectClose(energy, 2.5, tolerance: 4 * Tolerance.dotProduct(length: 25), "βᵀΣβ")
    expectClose(e.noiseStandardDeviation!, (2.5 / 3).squareRoot(), tolerance: 4 * Tolerance.epsilon, "σ")
    #expect(e.dataset.snr == 3)
    // Clean targets are exactly Xβ; the test set is noise-free.
    #expect(e.dataset.cleanTrainTargets == Matrix.product(e.dataset.trainInputs, e.teacher!))
    #expect(e.dataset.testTargets == Matrix.product(e.dataset.testInputs, e.teacher!))
  }

  /// Member noise y_a − Xβ has variance σ² = r²/SNR (z = 5 on the sample variance of n·M = 4000
  /// values, s.e. σ²√(2/N); false-failure rate ≈ 6e-7) and is uncorrelated across members
  /// (|corr| ≤ 5/√n for each of the 3 pairs, n = 1000).
  @Test func memberNoiseHasVarianceSigmaSquaredAndIsIndependent() throws {
    let e = try RegressionTask(inputDimension: 5, sampleCount: 1000, testCount: 5, snr: 4)
      .make(members: 4, seed: StreamSeed(master: 82))
    let noises = e.dataset.memberTargets.map { ($0 - e.dataset.cleanTrainTargets).elements }
    let all = noises.flatMap { $0 }
    let variance = all.reduce(0) { $0 + $1 * $1 } / Double(all.count)
    let sigma2 = 0.25
    #expect(abs(variance - sigma2) <= 5 * sigma2 * (2 / Double(all.count)).squareRoot(), "variance \(variance)")
    for a in 0..<3 {
      let r = try Correlation.pearson(noises[a], noises[a + 1])
      #expect(abs(r) <= 5 / 1000.0.squareRoot(), "corr(ξ_\(a), ξ_\(a + 1)) = \(r)")
    }
  }

  /// Member a's noise comes from its own stream: it does not change with M; X is shared.
  @Test func memberStreamsDoNotDependOnEnsembleSize() throws {
    let task = RegressionTask(inputDimension: 6, sampleCount: 12, testCount: 7, snr: 2)
    let small = try task.make(members: 2, seed: StreamSeed(master: 83))
    let large = try task.make(members: 5, seed: StreamSeed(master: 83))
    #expect(small.dataset.memberTargets[1] == large.dataset.memberTargets[1])
    #expect(small.dataset.trainInputs == large.dataset.trainInputs)
    #expect(large.dataset.memberTargets[0] != large.dataset.memberTargets[1])
  }

  /// The tanh teacher is calibrated to E g² = r²: on 4000 fresh test inputs the second moment is
  /// within z = 5 of r², with s.e. r²·√(2/4000 + 2/20000) (test-sample and calibration-sample
  /// errors; g is close to Gaussian, so Var g² ≈ 2r⁴). The teacher is not exposed as β.
  @Test func nonlinearTeacherHasTheStatedSignalVariance() throws {
    let e = try RegressionTask(
      inputDimension: 10, sampleCount: 5, testCount: 4000, snr: 1, signalVariance: 2, teacher: .tanhNetwork(width: 20)
    )
    .make(members: 2, seed: StreamSeed(master: 84))
    let g = e.dataset.testTargets.elements
    let moment = g.reduce(0) { $0 + $1 * $1 } / Double(g.count)
    let se = 2 * (2.0 / 4000 + 2.0 / 20000).squareRoot()
    #expect(abs(moment - 2) <= 5 * se, "E g² = \(moment)")
    #expect(e.teacher == nil)
  }

  @Test func badParametersAreErrorsNamingTheParameter() {
    let cases: [(RegressionTask, Int, String)] = [
      (RegressionTask(inputDimension: 3, sampleCount: 0, snr: 1), 2, "n"),
      (RegressionTask(inputDimension: 0, sampleCount: 3, snr: 1), 2, "d"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, snr: 0), 2, "snr"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, snr: -2), 2, "snr"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, snr: .infinity), 2, "snr"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, snr: .nan), 2, "snr"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, snr: 1, signalVariance: 0), 2, "signalVariance"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, testCount: 1, snr: 1), 2, "testCount"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, snr: 1), 0, "members"),
      (RegressionTask(inputDimension: 3, sampleCount: 3, snr: 1, teacher: .tanhNetwork(width: 0)), 2, "teacherWidth"),
    ]
    for (task, members, name) in cases {
      #expect { _ = try task.make(members: members, seed: StreamSeed(master: 1)) } throws: {
        ($0 as? ParameterError)?.parameter == name
      }
    }
  }
}
