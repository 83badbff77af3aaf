import Foundation
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

/// The report's capacity figure and table (`CapacityOverview`): converged-threshold experiments on
/// one axis n / P. Expected values by hand from hand-made outcomes.
@Suite struct CapacityOverviewTests {
  /// A hand-made ReLU threshold outcome at n = 10, 20, 40 with parameter count `p`: converged
  /// (L-BFGS with a loss threshold) unless `converged` is false (GD for a fixed budget). Interpolated
  /// fractions 1, 0.5, 0 put the half-crossing at n* = 20 (the last n with f ≥ ½ is 20 and f = ½
  /// there exactly). Alignment 1 − n/100, test error n/10.
  static func outcome(id: String, p: Int, converged: Bool = true, control: String? = nil) throws
    -> ExperimentOutcome
  {
    let training =
      converged
      ? "{\"optimizer\":\"lbfgs\",\"steps\":10,\"learning_rate\":0.01,\"loss_threshold\":1e-8}"
      : "{\"optimizer\":\"gd\",\"steps\":10,\"learning_rate\":0.05}"
    let controlField = control.map { ",\"control\":\"\($0)\"" } ?? ""
    let spec = try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"\(id)","claim":"threshold_minimum","description":"d","tier":"fast",
         "task":{"kind":"linear_regression","input_dimension":10},
         "model":{"activation":"relu","width":4,"init_scale":1},
         "training":\(training),
         "grid":{"n":[10,20,40],"snr":[4]},"members":3,"test_size":20,"seed":1,
         "measures":["linear_cka"],"statistics":{"significance":0.01}\(controlField)}
        """.utf8))
    let fraction: [Int: Double] = [10: 1, 20: 0.5, 40: 0]
    let results = ExperimentRunner.gridPoints(spec).map { point in
      PointResult(
        experiment: id, point: point, snr: 4,
        alignment: ["linear_cka": Estimate(1 - Double(point.n) / 100, standardError: 0.01)],
        testError: Estimate(Double(point.n) / 10, standardError: 0.1), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: fraction[point.n]!, parameterCount: p, seed: 1)
    }
    return ExperimentOutcome(spec: spec, results: results, claims: [], note: nil, seed: 1, wallSeconds: 0)
  }

  /// Two converged experiments with P = 20 and 40 share the axis n / P (0.5, 1, 2 and 0.25, 0.5,
  /// 1) in one panel per measure and a test-error panel; a budget-limited experiment and a control
  /// run are left out; with no converged experiment there is no figure and no table.
  @Test func convergedExperimentsShareTheAxisNOverP() throws {
    let a = try Self.outcome(id: "a", p: 20)
    let b = try Self.outcome(id: "b", p: 40)
    let budget = try Self.outcome(id: "gd", p: 20, converged: false)
    let control = try Self.outcome(id: "a--no_signal", p: 20, control: "no_signal")
    let figure = try #require(CapacityOverview.figure([a, budget, b, control]))
    #expect(figure.figure.panels.map(\.title) == ["linear_cka (higher = more aligned)", "test error"])
    let alignment = figure.figure.panels[0].series
    #expect(alignment.map(\.label) == ["a (P = 20)", "b (P = 40)"])
    #expect(alignment[0].x == [0.5, 1, 2] && alignment[1].x == [0.25, 0.5, 1])
    // n/10 at n = 10, 20, 40: one division each, to round-off (1e-15).
    let error = figure.figure.panels[1].series[1]
    #expect(zip(error.y, [1, 2, 4]).allSatisfy { abs($0 - $1) < 1e-15 }, "\(error.y)")
    #expect(figure.caption.contains("a: P = 20, n* = 20.0, n*/P = 1.0") && figure.caption.contains("n*/P = 0.5"))
    #expect(CapacityOverview.figure([budget, control]) == nil && CapacityOverview.csv([budget]) == nil)
  }

  /// The table has one row per experiment, n and quantity (2 × 3 × 2 = 12) under its header, and
  /// the row of b at n = 20 carries n/P = 0.5, the half-crossing 20 and the alignment 0.8.
  @Test func tableIsLongFormat() throws {
    let csv = try #require(
      CapacityOverview.csv([try Self.outcome(id: "a", p: 20), try Self.outcome(id: "b", p: 40)]))
    let lines = csv.split(separator: "\n").map(String.init)
    #expect(
      lines[0]
        == "experiment,task,width,depth,parameter_count,threshold_n,threshold_over_p,n,n_over_p,interpolated_fraction,quantity,value,standard_error"
    )
    #expect(lines.count == 13)
    #expect(lines.contains("b,linear_regression,4,1,40,20.0,0.5,20,0.5,0.5,linear_cka,0.8,0.01"), "\(lines)")
    #expect(lines.contains("b,linear_regression,4,1,40,20.0,0.5,40,1.0,0.0,test_error,4.0,0.1"), "\(lines)")
  }
}
