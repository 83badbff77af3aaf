import Foundation
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

/// The cross-experiment threshold figure (`ThresholdOverview`) and the per-layer curves of a
/// deeper network's alignment-vs-n figure.
@Suite struct ThresholdOverviewTests {
  /// A hand-made threshold outcome on the linear network (n* = d = `d`), alignment = 1 − n/100 at
  /// n = d/2, d, 2d; `layers` > 1 adds per-layer records (layer l's alignment = that + l/10).
  static func outcome(id: String, d: Int, layers: Int = 1, control: String? = nil) throws -> ExperimentOutcome {
    let depth = layers > 1 ? ",\"depth\":\(layers)" : ""
    let controlField = control.map { ",\"control\":\"\($0)\"" } ?? ""
    let spec = try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"\(id)","claim":"threshold_minimum","description":"d","tier":"fast",
         "task":{"kind":"linear_regression","input_dimension":\(d)},
         "model":{"activation":"identity","width":4,"init_scale":0.001\(depth)},
         "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
         "grid":{"n":[\(d / 2),\(d),\(2 * d)],"snr":[4]},"members":3,"test_size":20,"seed":1,
         "measures":["linear_cka"],"statistics":{"significance":0.01}\(controlField)}
        """.utf8))
    let results = ExperimentRunner.gridPoints(spec).map { p in
      let value = 1 - Double(p.n) / 100
      var r = PointResult(
        experiment: id, point: p, snr: 4, alignment: ["linear_cka": Estimate(value, standardError: 0.01)],
        testError: Estimate(0.5, standardError: nil), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: 1, parameterCount: 20, seed: 1)
      if layers > 1 {
        r.layerAlignment = (0..<layers).map { l in
          ["linear_cka": Estimate(value + (l + 1 == layers ? 0 : Double(l + 1) / 10), standardError: 0.01)]
        }
      }
      return r
    }
    return ExperimentOutcome(spec: spec, results: results, claims: [], note: nil, seed: 1, wallSeconds: 0)
  }

  /// Two threshold experiments with n* = 10 and 40 land on one axis n/n* = 0.5, 1, 2 with their own
  /// values; a single experiment, or one plus a control run, gives no figure.
  @Test func curvesShareTheAxisNOverThreshold() throws {
    let a = try Self.outcome(id: "a", d: 10)
    let b = try Self.outcome(id: "b", d: 40)
    let figure = try #require(ThresholdOverview.figure([a, b]))
    #expect(figure.figure.panels.count == 1)
    let series = figure.figure.panels[0].series
    #expect(series.map(\.label) == ["a", "b"])
    #expect(series.allSatisfy { $0.x == [0.5, 1, 2] })
    // 1 − n/100 at n = 20, 40, 80, to round-off (one subtraction: 1e-15).
    #expect(zip(series[1].y, [0.8, 0.6, 0.2]).allSatisfy { abs($0 - $1) < 1e-15 }, "\(series[1].y)")
    #expect(ThresholdOverview.figure([a]) == nil)
    #expect(ThresholdOverview.figure([a, try Self.outcome(id: "c", d: 20, control: "no_signal")]) == nil)
  }

  /// A two-layer spec's alignment-vs-n figure carries the other layer's curve beside the measured
  /// one, with layer 1's values; a one-layer spec's has no such line.
  @Test func deeperNetworksShowEveryLayer() throws {
    let deep = try Self.outcome(id: "deep", d: 10, layers: 2)
    let figure = try #require(
      ReportFigures.figures(deep, theory: nil).figures.first { $0.name == "deep-alignment-vs-n-linear_cka" })
    let layer1 = try #require(figure.plot.series.first { $0.label.hasPrefix("layer 1") })
    // 1 − n/100 + 1/10 at n = 5, 10, 20, to round-off (one addition each: 1e-15).
    #expect(zip(layer1.y, [1.05, 1.0, 0.9]).allSatisfy { abs($0 - $1) < 1e-15 }, "\(layer1.y)")
    #expect(figure.plot.series.filter { $0.label.hasPrefix("layer") }.count == 1)
    let shallow = try Self.outcome(id: "flat", d: 10)
    let flat = try #require(
      ReportFigures.figures(shallow, theory: nil).figures.first { $0.name == "flat-alignment-vs-n-linear_cka" })
    #expect(!flat.plot.series.contains { $0.label.hasPrefix("layer") })
  }
}
