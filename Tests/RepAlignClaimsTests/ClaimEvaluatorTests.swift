import Foundation
import RepAlignData
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

/// `ClaimEvaluator` groups grid points by noise level through the grid index
/// (`GridPoint.noiseIndex`), never by floating-point equality of derived SNRs.
@Suite struct ClaimEvaluatorTests {
  static func spec(grid: String) throws -> ExperimentSpec {
    try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"g","claim":"threshold_minimum","description":"d","tier":"fast",
         "task":{"kind":"sign_classification","input_dimension":4},
         "model":{"activation":"identity","width":4,"init_scale":0.001},
         "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
         "grid":{"n":[2,4,8],\(grid)},"members":3,"test_size":20,"seed":1,
         "measures":["linear_cka"],"statistics":{"significance":0.01}}
        """.utf8))
  }

  /// Hand-made results; `snr(point)` is the SNR each record carries.
  static func results(_ spec: ExperimentSpec, snr: (GridPoint) -> Double) -> [PointResult] {
    ExperimentRunner.gridPoints(spec).map { p in
      PointResult(
        experiment: "g", point: p, snr: snr(p),
        alignment: ["linear_cka": Estimate(p.n == 4 ? 0.1 : 0.9, standardError: 0.01)],
        testError: Estimate(0, standardError: nil), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: 1, parameterCount: 20, seed: 1)
    }
  }

  @Test func gridPointsCarryTheirNoiseIndex() throws {
    let points = ExperimentRunner.gridPoints(try Self.spec(grid: "\"flip_probability\":[0.25,0.05]"))
    #expect(points.map(\.noiseIndex) == [0, 1, 0, 1, 0, 1])
    #expect(points.map(\.index) == Array(0..<6))
    #expect(points[3].noise == .flipProbability(0.05) && points[3].n == 4)
  }

  /// A derived SNR that differs in its last bit between grid points of one level (0.1 + 0.2 vs
  /// 0.3) stays one level; two levels with the same SNR stay two.
  @Test func levelsAreGridIndicesNotSNRValues() throws {
    let spec = try Self.spec(grid: "\"flip_probability\":[0.25,0.05]")
    let jittered = Self.results(spec) { p in p.noiseIndex == 0 ? (p.n == 2 ? 0.1 + 0.2 : 0.3) : 4 }
    #expect(0.1 + 0.2 != 0.3)
    #expect(ClaimEvaluator.noiseLevels(jittered) == [0, 1])
    let rows = try ClaimEvaluator.evaluate(spec, jittered)
    #expect(rows.count == 2, "one threshold check per noise level: \(rows.map(\.slice))")
    #expect(rows.allSatisfy { $0.verdict.passed }, "\(rows.map { $0.verdict.evidence })")

    let tied = Self.results(spec) { _ in 1 }
    #expect(ClaimEvaluator.noiseLevels(tied) == [0, 1])
    #expect(try ClaimEvaluator.evaluate(spec, tied).count == 2)
  }

  /// Levels are ordered by increasing SNR (flip probabilities run the other way).
  @Test func levelsAreOrderedBySNR() throws {
    let spec = try Self.spec(grid: "\"flip_probability\":[0.25,0.05]")
    let results = Self.results(spec) { $0.noise.signalToNoiseRatio }
    #expect(ClaimEvaluator.noiseLevels(results) == [0, 1])
    let reversed = Self.results(try Self.spec(grid: "\"flip_probability\":[0.05,0.25]")) { $0.noise.signalToNoiseRatio }
    #expect(ClaimEvaluator.noiseLevels(reversed) == [1, 0])
  }
}
