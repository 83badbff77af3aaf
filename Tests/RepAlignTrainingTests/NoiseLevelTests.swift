import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

/// `NoiseLevel` (RepAlignData): its one validation domain and its one σ² law (THEORY.md §2).
@Suite struct NoiseLevelTests {
  /// The binary flip SNR (1 − 2p)²/(4p(1 − p)) goes through ~6 roundings (two subtractions, three
  /// products, one quotient), each a relative error ≤ u = ε/2; 8ε bounds their accumulation.
  static let flipFormula = 8 * Tolerance.epsilon

  @Test(arguments: [
    NoiseLevel.snr(0), .snr(-1), .snr(.infinity), .snr(-.infinity), .snr(.nan),
    .flipProbability(0), .flipProbability(0.5), .flipProbability(-0.1), .flipProbability(0.7),
    .flipProbability(.nan), .flipProbability(-0.0),
  ])
  func outOfDomainIsANamedError(level: NoiseLevel) {
    expectParameterError(level.fieldName) { try level.validate() }
    do {
      try level.validate(parameter: "grid.\(level.fieldName)")
    } catch {
      #expect(error.parameter == "grid.\(level.fieldName)")
      #expect(!error.description.contains("\n"))
    }
  }

  @Test(arguments: [
    NoiseLevel.snr(1e-12), .snr(4), .snr(1e12), .flipProbability(1e-9), .flipProbability(0.25),
    .flipProbability(0.5.nextDown),
  ])
  func inDomainLevelsPassAndHaveAFinitePositiveSNR(level: NoiseLevel) throws {
    let checked = try NoiseLevel.checked(level)
    #expect(checked == level)
    #expect(level.signalToNoiseRatio.isFinite && level.signalToNoiseRatio > 0)
    #expect(level.noiseVariance(signal: 1).isFinite && level.noiseVariance(signal: 1) > 0)
  }

  @Test func rejectionMessagesStateTheDomain() {
    #expect(throws: ParameterError("snr", "must be finite and > 0", got: 0.0)) { try NoiseLevel.snr(0).validate() }
    #expect(throws: ParameterError("flip_probability", "must be in the open interval (0, 0.5)", got: 0.0)) {
      try NoiseLevel.flipProbability(0).validate()
    }
  }

  /// σ² = r²/SNR against hand-computed values. Both sides are one IEEE division of the same
  /// operands (correctly rounded), or exact binary fractions, so they agree exactly: no tolerance.
  @Test func noiseVarianceIsSignalOverSNR() {
    #expect(NoiseLevel.snr(4).noiseVariance(signal: 2) == 0.5)
    #expect(NoiseLevel.snr(0.25).noiseVariance(signal: 1) == 4)
    #expect(NoiseLevel.snr(3).noiseVariance(signal: 1) == 1.0 / 3.0)
    #expect(NoiseLevel.snr(16).noiseStandardDeviation(signal: 4) == 0.5)
  }

  /// SNR(p) = (1 − 2p)²/(4p(1 − p)) at p where it is a simple fraction: p = ¼ gives ¼/¾ = ⅓,
  /// p = 0.1 gives 0.64/0.36 = 16/9, p = 0.4 gives 0.04/0.96 = 1/24. σ² = r²/SNR then follows.
  @Test func flipProbabilitySNRIsTheBinaryLaw() {
    expectClose(NoiseLevel.flipProbability(0.25).signalToNoiseRatio, 1.0 / 3.0, tolerance: Self.flipFormula)
    expectClose(NoiseLevel.flipProbability(0.1).signalToNoiseRatio, 16.0 / 9.0, tolerance: Self.flipFormula)
    expectClose(NoiseLevel.flipProbability(0.4).signalToNoiseRatio, 1.0 / 24.0, tolerance: Self.flipFormula)
    expectClose(NoiseLevel.flipProbability(0.25).noiseVariance(signal: 1), 3, tolerance: Self.flipFormula)
    // One formula per law: the level's SNR is the K = 2 case of the K-class law, bit for bit.
    #expect(NoiseLevel.flipProbability(0.1).signalToNoiseRatio == labelFlipSNR(probability: 0.1, classes: 2))
  }

  @Test func fieldNamesAndValues() {
    #expect(NoiseLevel.snr(2).fieldName == "snr" && NoiseLevel.snr(2).value == 2)
    #expect(NoiseLevel.flipProbability(0.1).fieldName == "flip_probability")
    #expect(NoiseLevel.flipProbability(0.1).flipProbability == 0.1 && NoiseLevel.snr(2).flipProbability == nil)
  }
}
