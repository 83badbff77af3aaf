import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@testable import RepAlignTraining

/// The batched path (`BatchedEnsembleTrainer`, issue 19 item 2) against the per-member path
/// (`MemberTrainer`), which is its oracle: the same GD trajectory up to round-off.
@Suite struct BatchedEnsembleTrainerTests {
  /// Round-off allowance between the two paths. Both compute every product with inner dimension
  /// ≤ max(n, d, h) ≤ 40 here, so each step's products differ by at most a few γ_40 ≈ 4.4e-15
  /// relative (a different GEMM blocking sums in a different order); over T = 400 stable GD steps
  /// the differences add up at most linearly (T·γ_40 ≈ 1.8e-12). Allowed: 1e-9 relative (500× that,
  /// for the growth of perturbations along the non-convex trajectory). A wrong index, a missing
  /// term or a skipped member moves the weights by O(1) relative (the negative control below).
  static let pathAgreement = 1e-9

  static func regression(members: Int = 5, master: UInt64 = 71) throws -> EnsembleDataset {
    try RegressionTask(inputDimension: 12, sampleCount: 30, testCount: 40, snr: 4)
      .make(members: members, seed: StreamSeed(master: master)).dataset
  }

  static func multiclass(members: Int = 4) throws -> EnsembleDataset {
    try MulticlassTask(inputDimension: 10, sampleCount: 40, testCount: 30, classes: 3, flipProbability: 0.2)
      .make(members: members, seed: StreamSeed(master: 72)).dataset
  }

  static func train(
    _ data: EnsembleDataset, _ model: NetworkSpec, _ training: TrainingSpec, _ batching: MemberBatching,
    workers: Int = 2
  ) throws -> EnsembleResult {
    try NoiseEnsemble.train(
      dataset: data, model: model, training: training, seed: StreamSeed(master: 73), workers: workers,
      batching: batching)
  }

  /// Largest relative difference of two weight sets (max |a − b| / max |b|).
  static func relativeGap(_ a: Matrix, _ b: Matrix) -> Double {
    let scale = b.elements.map(abs).max() ?? 0
    return zip(a.elements, b.elements).map { abs($0 - $1) }.max()! / max(scale, .leastNormalMagnitude)
  }

  static func expectSameTrajectory(_ batched: EnsembleResult, _ single: EnsembleResult, _ label: String) {
    #expect(batched.members.count == single.members.count)
    for (a, (x, y)) in zip(batched.members, single.members).enumerated() {
      let g1 = relativeGap(x.network.inputWeights, y.network.inputWeights)
      let g2 = relativeGap(x.network.outputWeights, y.network.outputWeights)
      #expect(g1 <= pathAgreement && g2 <= pathAgreement, "\(label) member \(a): W₁ gap \(g1), W₂ gap \(g2)")
      expectClose(x.trainLoss, y.trainLoss, tolerance: pathAgreement, "\(label) member \(a) train loss")
      #expect(x.steps == y.steps && x.stopReason == y.stopReason && x.gradientEvaluations == y.gradientEvaluations)
      #expect(x.interpolated == y.interpolated, "\(label) member \(a) interpolated")
      #expect(x.lossHistory.count == y.lossHistory.count && !x.lossHistory.isEmpty, "\(label) member \(a) history")
      for (u, v) in zip(x.lossHistory, y.lossHistory) {
        expectClose(u, v, tolerance: pathAgreement, "\(label) member \(a) loss history")
      }
    }
    for (e, f) in zip(batched.testErrors, single.testErrors) {
      expectClose(e, f, tolerance: pathAgreement, "\(label) test error")
    }
  }

  /// Every activation, MSE and cross-entropy (k = 1 and k = 3), with and without weight decay.
  @Test(arguments: [Activation.relu, .tanh, .identity])
  func batchedPathFollowsThePerMemberTrajectory(_ activation: Activation) throws {
    let model = NetworkSpec(width: 16, activation: activation, initScale: 0.5)
    let regression = try Self.regression()
    for decay in [0.0, 1e-3] {
      let spec = TrainingSpec(learningRate: 0.05, steps: 400, weightDecay: decay, recordLossEvery: 50)
      Self.expectSameTrajectory(
        try Self.train(regression, model, spec, .batched), try Self.train(regression, model, spec, .perMember),
        "\(activation) regression, decay \(decay)")
    }
    let classes = try Self.multiclass()
    let spec = TrainingSpec(loss: .softmaxCrossEntropy, learningRate: 0.1, steps: 300, recordLossEvery: 50)
    Self.expectSameTrajectory(
      try Self.train(classes, model, spec, .batched), try Self.train(classes, model, spec, .perMember),
      "\(activation) 3 classes")
  }

  /// Negative control of the agreement check: the same comparison between two ensembles that
  /// differ only in one member's noise must fail it (so `pathAgreement` is not too loose to see
  /// a member trained on the wrong targets).
  @Test func agreementCheckSeesAMemberTrainedOnOtherTargets() throws {
    let model = NetworkSpec(width: 16, activation: .relu, initScale: 0.5)
    let spec = TrainingSpec(learningRate: 0.05, steps: 400)
    let data = try Self.regression()
    var targets = data.memberTargets
    targets.swapAt(1, 2)
    let swapped = try EnsembleDataset(
      trainInputs: data.trainInputs, memberTargets: targets, cleanTrainTargets: data.cleanTrainTargets,
      testInputs: data.testInputs, testTargets: data.testTargets, kind: data.kind, snr: data.snr)
    let a = try Self.train(data, model, spec, .perMember)
    let b = try Self.train(swapped, model, spec, .batched)
    let gap = Self.relativeGap(b.members[1].network.inputWeights, a.members[1].network.inputWeights)
    #expect(gap > 1e3 * Self.pathAgreement, "swapped targets moved member 1 by only \(gap)")
    #expect(
      Self.relativeGap(b.members[0].network.inputWeights, a.members[0].network.inputWeights) <= Self.pathAgreement)
  }

  /// Bitwise identical for 1, 2 and 3 workers and across runs (the groups depend on M only):
  /// ReLU members forced onto the batched path, and linear members, which `.automatic` batches.
  @Test(arguments: [(Activation.relu, MemberBatching.batched), (.identity, .automatic)])
  func batchedResultsAreBitwiseIdenticalForAnyWorkerCount(_ activation: Activation, _ batching: MemberBatching) throws {
    let data = try Self.regression(members: 7)
    let model = NetworkSpec(width: 16, activation: activation, initScale: 0.5)
    let spec = TrainingSpec(learningRate: 0.05, steps: 200)
    #expect(batching.batches(dataset: data, model: model, training: spec))
    let runs = try [1, 2, 3, 2].map { try Self.train(data, model, spec, batching, workers: $0) }
    let bytes = try runs.map { try NoiseEnsembleTests.bytes($0) }
    #expect(bytes.allSatisfy { $0 == bytes[0] })
  }

  /// `.automatic` batches exactly where the routes were measured faster: linear members only.
  @Test func automaticBatchesLinearMembersOnly() throws {
    let data = try Self.regression()
    let spec = TrainingSpec(learningRate: 0.05, steps: 10)
    for activation in Activation.allCases {
      let model = NetworkSpec(width: 8, activation: activation)
      #expect(
        MemberBatching.automatic.batches(dataset: data, model: model, training: spec) == (activation == .identity))
      #expect(MemberBatching.batched.batches(dataset: data, model: model, training: spec))
      #expect(!MemberBatching.perMember.batches(dataset: data, model: model, training: spec))
    }
  }

  /// A diverging learning rate: the same error (lowest failing member, same step) on both paths.
  @Test func divergenceIsReportedAsOnThePerMemberPath() throws {
    let data = try Self.regression()
    let model = NetworkSpec(width: 16, activation: .relu, initScale: 1)
    let spec = TrainingSpec(learningRate: 40, steps: 200)
    func error(_ batching: MemberBatching) -> TrainingError? {
      do {
        _ = try Self.train(data, model, spec, batching)
        return nil
      } catch { return error as? TrainingError }
    }
    let single = error(.perMember)
    #expect(single != nil)
    guard case .diverged(let m1, let s1, _, _)? = single, case .diverged(let m2, let s2, _, _)? = error(.batched)
    else {
      Issue.record("expected divergence on both paths")
      return
    }
    #expect(m1 == m2 && s1 == s2, "per-member: member \(m1) step \(s1); batched: member \(m2) step \(s2)")
  }

  /// Where the batched path does not apply, `.batched` trains member by member (bitwise the
  /// per-member result): minibatches, stopping rules, per-member inputs.
  @Test func batchedPathAppliesOnlyToPlainFullBatchGD() throws {
    let data = try Self.regression()
    let model = NetworkSpec(width: 8, activation: .relu, initScale: 0.5)
    let specs = [
      TrainingSpec(optimizer: .sgd(batchSize: 10), learningRate: 0.05, steps: 50),
      TrainingSpec(learningRate: 0.05, steps: 50, lossThreshold: 1e-3),
      TrainingSpec(learningRate: 0.05, steps: 50, gradientNormThreshold: 1e-6),
    ]
    for spec in specs {
      #expect(!BatchedEnsembleTrainer.applies(dataset: data, training: spec))
      #expect(
        try NoiseEnsembleTests.bytes(Self.train(data, model, spec, .batched))
          == NoiseEnsembleTests.bytes(Self.train(data, model, spec, .perMember)))
    }
    let perMemberInputs = try EnsembleDataset(
      trainInputs: data.trainInputs, memberTargets: data.memberTargets, cleanTrainTargets: data.cleanTrainTargets,
      testInputs: data.testInputs, testTargets: data.testTargets, kind: data.kind, snr: data.snr,
      memberInputs: Array(repeating: data.trainInputs, count: data.members))
    let gd = TrainingSpec(learningRate: 0.05, steps: 50)
    #expect(!BatchedEnsembleTrainer.applies(dataset: perMemberInputs, training: gd))
    #expect(BatchedEnsembleTrainer.applies(dataset: data, training: gd))
  }

  /// Groups: contiguous, in order, covering every member, sizes differing by at most one.
  @Test(arguments: [2, 3, 5, 8, 33])
  func groupsPartitionTheMembers(_ m: Int) {
    let groups = BatchedEnsembleTrainer.groups(members: m)
    #expect(groups.count == min(m, BatchedEnsembleTrainer.groupCount))
    #expect(groups.first?.lowerBound == 0 && groups.last?.upperBound == m)
    #expect(zip(groups, groups.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    let sizes = groups.map(\.count)
    #expect(sizes.max()! - sizes.min()! <= 1)
  }
}
