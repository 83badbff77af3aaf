import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct BinaryClassificationTaskTests {
  /// Labels flip with probability p independently per member: the flipped fraction over n·M =
  /// 8000 labels is within z = 5 binomial s.e. of p (false-failure rate ≈ 6e-7), clean labels
  /// are sign(Xβ), and the SNR is (1 − 2p)²/(4p(1 − p)) (THEORY.md §2).
  @Test func labelFlipsHaveTheStatedRateAndSNR() throws {
    let p = 0.15
    let e = try BinaryClassificationTask(
      inputDimension: 4, sampleCount: 2000, testCount: 10, noise: .labelFlips(probability: p)
    )
    .make(members: 4, seed: StreamSeed(master: 91))
    let clean = e.dataset.cleanTrainTargets.elements
    var flips = 0
    for y in e.dataset.memberTargets { flips += zip(y.elements, clean).filter { $0.0 != $0.1 }.count }
    let rate = Double(flips) / 8000
    #expect(abs(rate - p) <= 5 * (p * (1 - p) / 8000).squareRoot(), "flip rate \(rate)")
    let scores = Matrix.product(e.dataset.trainInputs, e.teacher!).elements
    #expect(zip(scores, clean).allSatisfy { ($0.0 < 0 ? -1 : 1) == $0.1 })
    // (1 − 0.3)² / (4·0.15·0.85) = 0.49/0.51.
    expectClose(e.dataset.snr, 0.49 / 0.51, tolerance: 8 * Tolerance.epsilon, "flip SNR")
    #expect(e.flipProbability == p && e.noiseStandardDeviation == nil)
  }

  /// y_a = sign(βᵀx + ξ_a): the disagreement rate with the clean label equals
  /// P(sign(s + ξ) ≠ sign s) for s ~ N(0, r²), ξ ~ N(0, σ²), which is arctan(σ/r)/π (the angle
  /// between two Gaussian directions). SNR 1 ⇒ 1/4. z = 5 on n·M = 8000 labels.
  @Test func latentGaussianNoiseDisagreesAtTheOrthantRate() throws {
    let e = try BinaryClassificationTask(
      inputDimension: 4, sampleCount: 2000, testCount: 10, noise: .latentGaussian(snr: 1)
    )
    .make(members: 4, seed: StreamSeed(master: 92))
    let clean = e.dataset.cleanTrainTargets.elements
    var wrong = 0
    for y in e.dataset.memberTargets { wrong += zip(y.elements, clean).filter { $0.0 != $0.1 }.count }
    let rate = Double(wrong) / 8000
    #expect(abs(rate - 0.25) <= 5 * (0.25 * 0.75 / 8000).squareRoot(), "disagreement \(rate)")
    #expect(e.dataset.snr == 1)
  }

  @Test func badParametersAreErrorsNamingTheParameter() {
    let cases: [(BinaryClassificationTask.Noise, String)] = [
      (.labelFlips(probability: 0.5), "flipProbability"), (.labelFlips(probability: -0.01), "flipProbability"),
      (.labelFlips(probability: .nan), "flipProbability"), (.latentGaussian(snr: 0), "snr"),
      (.latentGaussian(snr: .infinity), "snr"),
    ]
    for (noise, name) in cases {
      #expect {
        _ = try BinaryClassificationTask(inputDimension: 3, sampleCount: 4, noise: noise).make(
          members: 2, seed: StreamSeed(master: 1))
      } throws: { ($0 as? ParameterError)?.parameter == name }
    }
  }
}
