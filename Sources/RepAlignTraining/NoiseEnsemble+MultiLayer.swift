import RepAlignData
import RepAlignNumerics

extension NoiseEnsemble {
  /// `train` for L ≥ 2 hidden layers (`NetworkSpec.upperWidths` non-empty): the same streams,
  /// worker layout, BLAS pinning and bitwise determinism, with `MultiLayerNetwork` members
  /// trained by `MultiLayerTrainer`. Every hidden layer's test representation is returned
  /// (`EnsembleResult.hiddenLayerRepresentations`); `testRepresentations` is the last layer's.
  static func trainMultiLayer(
    dataset: EnsembleDataset, model: NetworkSpec, training: TrainingSpec, seed: StreamSeed, workers: Int
  ) throws -> EnsembleResult {
    let d = dataset.inputDimension
    let k = dataset.outputDimension
    let widths = model.hiddenWidths
    let shared =
      try model.sharedInitialization
      ? MultiLayerNetwork(
        inputDimension: d, widths: widths, outputs: k, activation: model.activation, initScale: model.initScale,
        stream: RandomStream(seed.child("shared").child(.initialization)))
      : nil
    let outcomes = try BLASPinning.withSingleThreadedBLAS {
      try parallelMap(dataset.members, workers: workers) { a in
        let memberSeed = seed.child("members").child(a)
        let initial =
          try shared
          ?? MultiLayerNetwork(
            inputDimension: d, widths: widths, outputs: k, activation: model.activation, initScale: model.initScale,
            stream: RandomStream(memberSeed.child(.initialization)))
        let trained = try MultiLayerTrainer.train(
          initial, inputs: dataset.inputs(member: a), targets: dataset.memberTargets[a], spec: training,
          batchStream: RandomStream(memberSeed.child(.batches)), member: a)
        let network = trained.deepNetwork!
        let layers = network.hiddenRepresentations(dataset.testInputs)
        let outputs = Matrix.product(layers[layers.count - 1], network.outputWeights)
        return MultiLayerOutcome(
          result: trained, layers: layers, testError: testError(outputs, dataset.testTargets, kind: dataset.kind))
      }
    }
    let perLayer = (0..<widths.count).map { l in outcomes.map { $0.layers[l] } }
    return EnsembleResult(
      members: outcomes.map(\.result), testRepresentations: perLayer[perLayer.count - 1],
      testErrors: outcomes.map(\.testError), hiddenLayerRepresentations: perLayer)
  }
}

private struct MultiLayerOutcome: Sendable {
  let result: MemberResult
  let layers: [Matrix]
  let testError: Double
}
