import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTraining
import Testing

/// The library example of the DocC article "Getting started"
/// (`Sources/RepAlignClaims/RepAlignClaims.docc/GettingStarted.md`), verbatim but for the prints:
/// if the public API it uses changes, this file stops compiling and the article must change too.
@Suite struct GettingStartedExampleTests {
  @Test func theDocumentedExampleRunsAndMeasures() throws {
    let task = RegressionTask(inputDimension: 20, sampleCount: 40, testCount: 400, snr: 4)
    let data = try task.make(members: 8, seed: StreamSeed(master: 42).child("task")).dataset
    let ensemble = try NoiseEnsemble.train(
      dataset: data, model: NetworkSpec(width: 20),
      training: TrainingSpec(learningRate: 0.05, steps: 3000),
      seed: StreamSeed(master: 42).child("init"))
    let cka = try EnsembleAlignment.compute(ensemble.testRepresentations, measure: LinearCKA())

    #expect(ensemble.testRepresentations.count == 8)
    #expect(cka.values.rows == 8 && cka.values.columns == 8)
    // Linear CKA lies in [0, 1]; with 8 ≥ 3 members the jackknife s.e. exists and is positive.
    #expect(cka.mean >= 0 && cka.mean <= 1)
    #expect((cka.standardError ?? 0) > 0)
    #expect(ensemble.testError.mean.isFinite && ensemble.testError.mean > 0)
  }
}
