import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@testable import RepAlignClaims

/// `NegativeControl` on small datasets: what each control removes, checked element by element.
@Suite struct NegativeControlTests {
  static func regression(snr: Double, n: Int = 12) throws -> EnsembleDataset {
    try RegressionTask(inputDimension: 5, sampleCount: n, testCount: 30, snr: snr)
      .make(members: 4, seed: StreamSeed(master: 501)).dataset
  }

  @Test func sharedNoiseGivesEveryMemberMemberZerosTargets() throws {
    let data = try Self.regression(snr: 2)
    let shared = try NegativeControl.sharedNoise.apply(to: data, seed: StreamSeed(master: 1))
    #expect(data.memberTargets[1] != data.memberTargets[0], "the real experiment's members differ")
    #expect(shared.memberTargets.count == 4 && shared.memberTargets.allSatisfy { $0 == data.memberTargets[0] })
    #expect(shared.testInputs == data.testInputs && shared.trainInputs == data.trainInputs)
  }

  @Test func trainInputsMeasuresOnTheTrainingSet() throws {
    let data = try Self.regression(snr: 2)
    let control = try NegativeControl.trainInputs.apply(to: data, seed: StreamSeed(master: 1))
    #expect(control.testInputs == data.trainInputs && control.testTargets == data.cleanTrainTargets)
    #expect(control.memberTargets == data.memberTargets)
  }

  /// Two noise levels of the same size give bitwise identical targets (so every SNR step has
  /// z = 0 exactly), and a smaller n's targets are a prefix of a larger one's.
  @Test func noSignalTargetsDoNotDependOnTheNoiseLevel() throws {
    let seed = StreamSeed(master: 502).child("control")
    let low = try NegativeControl.noSignal.apply(to: try Self.regression(snr: 0.5), seed: seed)
    let high = try NegativeControl.noSignal.apply(to: try Self.regression(snr: 64), seed: seed)
    #expect(low.memberTargets == high.memberTargets)
    #expect(low.memberTargets[0] != low.memberTargets[1], "members draw their own targets")
    let larger = try NegativeControl.noSignal.apply(to: try Self.regression(snr: 4, n: 20), seed: seed)
    #expect(Array(larger.memberTargets[2].elements.prefix(12)) == low.memberTargets[2].elements)
    // No signal: the targets are uncorrelated with the clean targets (|r| < 4/√(4·20) over members).
    let r = try Correlation.pearson(
      larger.memberTargets.flatMap(\.elements),
      Array(repeating: larger.cleanTrainTargets.elements, count: 4).flatMap { $0 })
    #expect(abs(r) < 4 / (80.0).squareRoot(), "correlation with the signal \(r)")

    let flips = { (p: Double) in
      try BinaryClassificationTask(
        inputDimension: 5, sampleCount: 40, testCount: 30, noise: .labelFlips(probability: p)
      )
      .make(members: 3, seed: StreamSeed(master: 503)).dataset
    }
    let a = try NegativeControl.noSignal.apply(to: try flips(0.05), seed: seed)
    let b = try NegativeControl.noSignal.apply(to: try flips(0.3), seed: seed)
    #expect(
      a.memberTargets == b.memberTargets && a.memberTargets.allSatisfy { $0.elements.allSatisfy { abs($0) == 1 } })
  }

  @Test func theSpecFieldNamesItsChoices() throws {
    let text = ExperimentSpecTests.valid.replacingOccurrences(
      of: "\"seed\": 1,", with: "\"seed\": 1, \"control\": \"no_signal\",")
    #expect(try ExperimentSpecTests.load(text).control == .noSignal)
    #expect(try ExperimentSpecTests.load(ExperimentSpecTests.valid).control == nil)
    let bad = ExperimentSpecTests.error(text.replacingOccurrences(of: "no_signal", with: "no_sigal"))
    #expect(
      bad?.contains("control") == true && bad?.contains("shared_noise, train_inputs, no_signal") == true, "\(bad ?? "")"
    )
  }
}
