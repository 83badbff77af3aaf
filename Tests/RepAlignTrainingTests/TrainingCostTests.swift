import Foundation
import RepAlignData
import RepAlignNumerics
import RepAlignTraining
import Testing

/// `NoiseEnsemble.cost` against hand-computed values, and the quasi-Newton assumption it rests on
/// (mean gradient evaluations per iteration ≤ `Optimizer.gradientEvaluationsPerStep`) on members
/// trained at, below and above the interpolation threshold.
@Suite struct TrainingCostTests {
  /// M = 2, n = 10, d = 3, k = 1, m = 5, h = 4 (P = 16), 100 steps, one worker. By hand:
  /// GD: 2·(100·(6·10·16 + 5e4) + 2·5·16) = 10 192 320 flop;
  /// L-BFGS: 2·(100·(16·960 + 86·16 + 5e4) + 160) = 13 347 520 flop, and 26·16 more doubles of
  /// state in the worker: 8·26·16 = 3 328 bytes.
  @Test func handValues() {
    func cost(_ o: Optimizer) -> CostEstimate {
      NoiseEnsemble.cost(
        members: 2, sampleCount: 10, inputDimension: 3, outputs: 1, testCount: 5, width: 4, steps: 100, workers: 1,
        optimizer: o)
    }
    #expect(cost(.gradientDescent).flops == 10_192_320)
    #expect(cost(.adam(batchSize: nil)).flops == 10_192_320)
    #expect(cost(.lbfgs).flops == 13_347_520)
    #expect(cost(.lbfgs).bytes - cost(.gradientDescent).bytes == 3_328)
  }

  /// The charged 16 evaluations per iteration covers L-BFGS on the width-8 ReLU network of the
  /// converged specs (d = 10, P = 88, LeCun init, train loss ≤ 1e-8 or ‖∇‖ ≤ 1e-6, 2 000
  /// iterations) below (n = 33), at (n = 66) and above (n = 132) its threshold: the mean over
  /// members of evaluations / iterations. Fixed seeds; a change of the line search that makes it
  /// costlier fails here.
  @Test(arguments: [33, 66, 132])
  func lbfgsStaysWithinTheChargedEvaluationsPerIteration(n: Int) throws {
    let task = try RegressionTask(inputDimension: 10, sampleCount: n, testCount: 2, snr: 4)
      .make(members: 4, seed: StreamSeed(master: 91))
    let result = try NoiseEnsemble.train(
      dataset: task.dataset, model: NetworkSpec(width: 8, activation: .relu, initScale: 1),
      training: TrainingSpec(
        optimizer: .lbfgs, learningRate: 0.01, steps: 2000, lossThreshold: 1e-8, gradientNormThreshold: 1e-6),
      seed: StreamSeed(master: 92))
    let perIteration = result.members.map { Double($0.gradientEvaluations) / Double(max(1, $0.steps)) }
    let mean = perIteration.reduce(0, +) / Double(perIteration.count)
    #expect(
      mean <= Optimizer.lbfgs.gradientEvaluationsPerStep,
      "n = \(n): evaluations per iteration \(perIteration) (mean \(mean))")
  }
}
