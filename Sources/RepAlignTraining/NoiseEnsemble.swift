import RepAlignData
import RepAlignNumerics

/// Trains the M members of a noise ensemble (THEORY.md §2) and returns their hidden
/// representations of the noise-free test set, test errors and train losses. Measuring their
/// alignment is the caller's step (`EnsembleAlignment.compute(result.testRepresentations,
/// measures:)` in RepAlignMeasures); this layer does not depend on the measures.
///
/// Member a trains `spec.model` on (X_a, y_a) of `dataset` from initial weights drawn from
/// `seed/members/a/initialization` (or `seed/shared/initialization` for every member when the
/// init is shared), with minibatch order from `seed/members/a/batches`. Members run concurrently
/// on `workers` threads (member a on worker a mod workers, `parallelMap`). OpenBLAS is pinned to
/// one thread while an ensemble trains (`BLASPinning`), so every product is single-threaded and
/// each member's bytes depend only on its own inputs and streams: results are **bitwise
/// identical** for any `workers` and across runs.
///
/// Full-batch GD without stopping rules on shared inputs can instead train the members in two
/// fixed groups with their first-layer products batched (`BatchedEnsembleTrainer`, chosen by
/// `batching`); its groups depend on the member count only, so it keeps the same guarantee.
///
/// Output count k: the dataset's target columns (1 for regression and binary tasks, K for
/// K-class). Softmax cross-entropy needs a classification dataset.
public enum NoiseEnsemble {
  public static func train(
    dataset: EnsembleDataset, model: NetworkSpec, training: TrainingSpec, seed: StreamSeed,
    workers: Int = 2, batching: MemberBatching = .automatic
  ) throws -> EnsembleResult {
    try model.validate()
    try training.validate(sampleCount: dataset.sampleCount)
    try require(workers >= 1, "workers", "must be ≥ 1", got: workers)
    if training.loss == .softmaxCrossEntropy {
      try require(
        dataset.kind != .regression, "loss", "cross_entropy needs a classification task", got: "cross_entropy")
    }
    if model.depth > 1 {
      return try trainMultiLayer(dataset: dataset, model: model, training: training, seed: seed, workers: workers)
    }
    let m = dataset.members
    let d = dataset.inputDimension
    let k = dataset.outputDimension
    let shared =
      try model.sharedInitialization
      ? OneHiddenLayerNetwork(
        inputDimension: d, width: model.width, outputs: k, activation: model.activation,
        initScale: model.initScale, stream: RandomStream(seed.child("shared").child(.initialization)))
      : nil
    let initial: @Sendable (Int) throws -> OneHiddenLayerNetwork = { a in
      try shared
        ?? OneHiddenLayerNetwork(
          inputDimension: d, width: model.width, outputs: k, activation: model.activation,
          initScale: model.initScale, stream: RandomStream(seed.child("members").child(a).child(.initialization)))
    }
    let outcome: @Sendable (MemberResult) -> MemberOutcome = { trained in
      let representation = trained.network.hidden(dataset.testInputs)
      let outputs = Matrix.product(representation, trained.network.outputWeights)
      return MemberOutcome(
        result: trained, representation: representation,
        testError: NoiseEnsemble.testError(outputs, dataset.testTargets, kind: dataset.kind))
    }

    let outcomes = try BLASPinning.withSingleThreadedBLAS {
      if batching.batches(dataset: dataset, model: model, training: training) {
        // Member groups fixed by the member count alone (never by `workers`); the error of the
        // lowest failing member is rethrown, as on the per-member path.
        let groups = BatchedEnsembleTrainer.groups(members: m)
        let trained = try parallelMap(groups.count, workers: min(workers, groups.count)) { j in
          let range = groups[j]
          return try BatchedEnsembleTrainer.train(
            range.map(initial), inputs: dataset.trainInputs, targets: Array(dataset.memberTargets[range]),
            spec: training, members: range
          ).map { $0.map(outcome) }
        }
        return try trained.joined().map { try $0.get() }
      }
      return try parallelMap(m, workers: workers) { a in
        let trained = try MemberTrainer.train(
          initial(a), inputs: dataset.inputs(member: a), targets: dataset.memberTargets[a], spec: training,
          batchStream: RandomStream(seed.child("members").child(a).child(.batches)), member: a)
        return outcome(trained)
      }
    }
    return EnsembleResult(
      members: outcomes.map(\.result), testRepresentations: outcomes.map(\.representation),
      testErrors: outcomes.map(\.testError))
  }

  /// Excess risk (regression) or error rate (classification) of outputs F against clean targets.
  public static func testError(_ f: Matrix, _ y: Matrix, kind: TargetKind) -> Double {
    let rows = f.rows
    switch kind {
    case .regression:
      let r = f - y
      let norm = r.frobeniusNorm
      return norm * norm / Double(rows)
    case .binary:
      var wrong = 0
      for i in 0..<rows where (f[i, 0] < 0 ? -1.0 : 1.0) != y[i, 0] { wrong += 1 }
      return Double(wrong) / Double(rows)
    case .multiclass:
      var wrong = 0
      for i in 0..<rows {
        let row = f.row(i)
        let truth = y.row(i)
        let predicted = row.indices.max { row[$0] < row[$1] }!
        let label = truth.indices.max { truth[$0] < truth[$1] }!
        if predicted != label { wrong += 1 }
      }
      return Double(wrong) / Double(rows)
    }
  }
}

private struct MemberOutcome: Sendable {
  let result: MemberResult
  let representation: Matrix
  let testError: Double
}
