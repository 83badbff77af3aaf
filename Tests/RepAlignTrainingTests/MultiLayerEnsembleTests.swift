import Foundation
import RepAlignData
import RepAlignNumerics
import RepAlignTraining
import Testing
import _TestSupport

@Suite struct MultiLayerEnsembleTests {
  static func ensemble(workers: Int, members: Int = 4, shared: Bool = false, steps: Int = 60) throws -> EnsembleResult {
    let task = try MulticlassTask(inputDimension: 6, sampleCount: 30, testCount: 40, classes: 3, flipProbability: 0.2)
      .make(members: members, seed: StreamSeed(master: 71))
    return try NoiseEnsemble.train(
      dataset: task.dataset,
      model: NetworkSpec(width: 9, activation: .relu, initScale: 1, sharedInitialization: shared, upperWidths: [7, 5]),
      training: TrainingSpec(
        loss: .softmaxCrossEntropy, optimizer: .adam(batchSize: 10), learningRate: 0.01, steps: steps),
      seed: StreamSeed(master: 72), workers: workers)
  }

  static func bytes(_ r: EnsembleResult) -> [UInt64] {
    var out: [UInt64] = []
    for member in r.members {
      let net = member.deepNetwork!
      out += (net.hiddenWeights.flatMap(\.elements) + net.outputWeights.elements + [member.trainLoss]).map(\.bitPattern)
    }
    for layer in r.hiddenLayerRepresentations { for rep in layer { out += rep.elements.map(\.bitPattern) } }
    return out + r.testErrors.map(\.bitPattern)
  }

  /// L = 3 hidden layers (widths 9, 7, 5): every layer's test representation is returned (m × hₗ,
  /// the last one is `testRepresentations`), each equal to the trained network's own forward pass;
  /// P = 6·9 + 9·7 + 7·5 + 5·3 = 167; the bytes are the same for 1 and 2 workers, member a's
  /// result does not depend on the ensemble's size, and a shared init starts every member alike.
  @Test func returnsEveryLayerAndIsBitwiseDeterministic() throws {
    let one = try Self.ensemble(workers: 1)
    let two = try Self.ensemble(workers: 2)
    #expect(Self.bytes(one) == Self.bytes(two))
    #expect(one.depth == 3)
    #expect(one.hiddenLayerRepresentations.map { $0.map(\.columns) } == [[9, 9, 9, 9], [7, 7, 7, 7], [5, 5, 5, 5]])
    #expect(one.hiddenLayerRepresentations.allSatisfy { $0.allSatisfy { $0.rows == 40 } })
    #expect(one.testRepresentations == one.hiddenLayerRepresentations[2])
    #expect(one.members.allSatisfy { $0.parameterCount == 167 })
    let task = try MulticlassTask(inputDimension: 6, sampleCount: 30, testCount: 40, classes: 3, flipProbability: 0.2)
      .make(members: 4, seed: StreamSeed(master: 71))
    let net = one.members[1].deepNetwork!
    #expect(net.hiddenRepresentations(task.dataset.testInputs) == one.hiddenLayerRepresentations.map { $0[1] })
    let three = try Self.ensemble(workers: 2, members: 3)
    #expect(three.members[2].deepNetwork == one.members[2].deepNetwork)
    #expect(one.members[0].deepNetwork != one.members[1].deepNetwork)
    // Untrained (0 steps) with a shared init: every member holds the one draw of the shared stream.
    let shared = try Self.ensemble(workers: 2, members: 3, shared: true, steps: 0)
    let first = try MultiLayerNetwork(
      inputDimension: 6, widths: [9, 7, 5], outputs: 3, activation: .relu, initScale: 1,
      stream: RandomStream(StreamSeed(master: 72).child("shared").child(.initialization)))
    #expect(shared.members.allSatisfy { $0.deepNetwork == first })
  }

  /// A one-hidden-layer spec never takes the deep path: `deepNetwork` is nil and one layer of
  /// representations is returned.
  @Test func oneHiddenLayerStaysOnTheOneLayerPath() throws {
    let task = try RegressionTask(inputDimension: 4, sampleCount: 8, testCount: 20, snr: 2)
      .make(members: 2, seed: StreamSeed(master: 73))
    let r = try NoiseEnsemble.train(
      dataset: task.dataset, model: NetworkSpec(width: 3, activation: .tanh, initScale: 1),
      training: TrainingSpec(learningRate: 0.1, steps: 5), seed: StreamSeed(master: 74))
    #expect(r.depth == 1 && r.members.allSatisfy { $0.deepNetwork == nil })
    #expect(r.hiddenLayerRepresentations == [r.testRepresentations])
  }
}
