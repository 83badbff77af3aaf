import Foundation
import RepAlignData
import RepAlignNumerics
import RepAlignTraining
import Testing

@testable import RepAlignClaims

/// The capacity study's threshold of a (re)sample of designs uses the claim specs' rule on the
/// pooled interpolated fractions: the half-crossing for a converged template, the grid rule for a
/// budget-limited one. Expected values by hand.
@Suite struct CapacityStudyTests {
  static func replicate(_ fractions: [Double], n: [Int]) -> [PointResult] {
    zip(n, fractions).enumerated().map { i, pair in
      PointResult(
        experiment: "c", point: GridPoint(index: i, n: pair.0, noiseIndex: 0, noise: .snr(4)), snr: 4,
        alignment: [:], testError: Estimate(0, standardError: nil), trainLoss: Estimate(0, standardError: nil),
        interpolatedFraction: pair.1, parameterCount: 88, seed: 1)
    }
  }

  /// Two designs with fractions (1, 0.8, 0.2, 0) and (1, 1, 0.5, 0) on n = 10, 20, 30, 40. Pooled,
  /// (1, 0.9, 0.35, 0): half-crossing 20 + 10·(0.9 − 0.5)/(0.9 − 0.35) = 20 + 80/11, grid rule 20.
  /// Design 0 alone: 20 + 10·0.3/0.6 = 25 (grid 20); design 1 alone: 30 + 10·0/0.5 = 30 (grid 30).
  /// No fraction ≥ 1/2: 0 under both rules.
  @Test func thresholdOfASampleOfDesigns() {
    let n = [10, 20, 30, 40]
    let reps = [Self.replicate([1, 0.8, 0.2, 0], n: n), Self.replicate([1, 1, 0.5, 0], n: n)]
    func t(_ sample: [Int], _ kind: ThresholdKind) -> Double {
      CapacityStudy.threshold(n: n, replicates: reps, sample: sample, kind: kind)
    }
    // One linear interpolation on numbers of size 30: a few ulps.
    let tolerance = 1e-12
    #expect(abs(t([0, 1], .converged) - (20 + 80.0 / 11)) < tolerance && t([0, 1], .budgetLimited) == 20)
    #expect(abs(t([0, 0], .converged) - 25) < tolerance && t([0, 0], .budgetLimited) == 20)
    #expect(t([1, 1], .converged) == 30 && t([1, 1], .budgetLimited) == 30)
    let none = [Self.replicate([0.4, 0.2, 0, 0], n: n)]
    #expect(CapacityStudy.threshold(n: n, replicates: none, sample: [0], kind: .converged) == 0)
    #expect(CapacityStudy.threshold(n: n, replicates: none, sample: [0], kind: .budgetLimited) == 0)
  }

  /// The study's P(h) is the template network's, its depth included: at d = 10, k = 1, width 8,
  /// one hidden layer 8·10 + 8 = 88, two 8·10 + 8·8 + 8 = 152, three 216 (by hand), each the number
  /// of weights an initialised `MultiLayerNetwork` of that shape holds (counted from its matrices).
  @Test func parameterCountFollowsTheDepth() throws {
    let template = try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"c","claim":"threshold_minimum","description":"d","tier":"slow",
         "task":{"kind":"linear_regression","input_dimension":10},
         "model":{"activation":"relu","width":4,"init_scale":1},
         "training":{"optimizer":"lbfgs","steps":10,"learning_rate":0.01,"loss_threshold":1e-8},
         "grid":{"n":[10,20],"snr":[4]},"members":3,"test_size":20,"seed":1,
         "measures":["linear_cka"],"statistics":{"significance":0.01}}
        """.utf8))
    for (depth, expected) in [(1, 88), (2, 152), (3, 216)] {
      var s = template
      s.model.depth = depth
      let p = CapacityStudy.parameterCount(s, width: 8, inputDimension: 10)
      let net = try MultiLayerNetwork(
        inputDimension: 10, widths: Array(repeating: 8, count: depth), outputs: 1, activation: .relu, initScale: 1,
        stream: RandomStream(StreamSeed(master: 1)))
      let counted = net.hiddenWeights.map { $0.rows * $0.columns }.reduce(0, +) + net.outputWeights.rows
      #expect(p == expected && counted == expected, "depth \(depth): P = \(p), counted \(counted)")
    }
  }
}
