import Foundation
import RepAlignData
import RepAlignNumerics
import Testing

@testable import RepAlignClaims

@Suite struct CurveTablesTests {
  static func outcome() throws -> ExperimentOutcome {
    let spec = try JSONDecoder.snake.decode(
      ExperimentSpec.self,
      from: Data(
        """
        {"id":"t","claim":"snr_monotone","description":"d","tier":"fast",
         "task":{"kind":"linear_regression","input_dimension":4},
         "model":{"activation":"identity","width":4,"init_scale":0.001},
         "training":{"optimizer":"gd","steps":10,"learning_rate":0.05},
         "grid":{"n":[3,6],"snr":[1,4]},"members":3,"test_size":20,"seed":1,
         "measures":["linear_cka"],"statistics":{"significance":0.01}}
        """.utf8))
    // Hand-made results with recognizable values: alignment = n + snr/10, error = n·snr.
    let results = ExperimentRunner.gridPoints(spec).map { p in
      PointResult(
        experiment: "t", point: p, snr: p.snr!,
        alignment: ["linear_cka": Estimate(Double(p.n) + p.snr! / 10, standardError: 0.5)],
        testError: Estimate(Double(p.n) * p.snr!, standardError: nil), trainLoss: Estimate(0, standardError: 0),
        interpolatedFraction: 1, parameterCount: 20, seed: 1)
    }
    return ExperimentOutcome(spec: spec, results: results, claims: [], note: nil, seed: 1, wallSeconds: 0)
  }

  @Test func csvHasHeaderAndOneRowPerPointAndMeasure() throws {
    let lines = CurveTables.csv(try Self.outcome()).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first.map(String.init) == CurveTables.header.joined(separator: ","))
    #expect(lines.count == 1 + 4 + 1, "header, 4 rows, final newline")
    // Point index 1 is n = 3, SNR = 4: alignment 3.4, error 12; its s.e. is missing → empty field.
    #expect(lines[2] == "t,1,3,4.0,,linear_cka,3.4,0.5,12.0,,0.0,0.0,1.0,20,1")
  }

  /// With a theory, four columns follow; the residual is (value − theory) / s.e., empty where the
  /// theory or the s.e. is missing; without one the header and rows are unchanged.
  @Test func theoryColumnsHoldResidualsInStandardErrors() throws {
    let outcome = try Self.outcome()
    // Point index 1 (n = 3, SNR 4): alignment 3.4 ± 0.5, error 12 (no s.e.).
    let theory = CurveTables.GridTheory(measure: "linear_cka", alignment: [1: 3.0], testError: [1: 11])
    let lines = CurveTables.csv(outcome, theory: theory).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first.map(String.init) == (CurveTables.header + CurveTables.theoryColumns).joined(separator: ","))
    let residual = (3.4 - 3.0) / 0.5
    #expect(lines[2] == "t,1,3,4.0,,linear_cka,3.4,0.5,12.0,,0.0,0.0,1.0,20,1,3.0,\(residual),11.0,")
    #expect(lines[1].hasSuffix(",1,,,,"), "no theory at point 0")
    #expect(CurveTables.csv(outcome) == CurveTables.csv(outcome, theory: nil))
    #expect(CurveTables.residual(1, 0.5, 0) == nil && CurveTables.residual(1, nil, 1) == nil)
  }

  /// With L = 2 hidden layers, 2L columns follow with every layer's value of the row's measure;
  /// `alignment` stays the measured layer's; a one-layer outcome has no such column.
  @Test func deepNetworksCarryEveryLayersAlignment() throws {
    let base = try Self.outcome()
    #expect(CurveTables.layerColumns(layers: 1).isEmpty)
    var spec = base.spec
    spec.model.depth = 2
    // Layer l + 1 of point i holds 100·(l + 1) + i with s.e. 0.25; the record of point 0 predates
    // per-layer values (nil) and gives empty fields.
    let results = base.results.map { r in
      var r = r
      if r.point.index > 0 {
        r.layerAlignment = (0..<2).map { l in
          ["linear_cka": Estimate(Double(100 * (l + 1) + r.point.index), standardError: 0.25)]
        }
      }
      return r
    }
    let outcome = ExperimentOutcome(spec: spec, results: results, claims: [], note: nil, seed: 1, wallSeconds: 0)
    let lines = CurveTables.csv(outcome).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      lines.first.map(String.init)
        == (CurveTables.header + ["layer1_alignment", "layer1_alignment_se", "layer2_alignment", "layer2_alignment_se"])
        .joined(separator: ","))
    #expect(lines[1].hasSuffix(",1,,,,"), "no per-layer values at point 0")
    #expect(lines[2] == "t,1,3,4.0,,linear_cka,3.4,0.5,12.0,,0.0,0.0,1.0,20,1,101.0,0.25,201.0,0.25")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("curve-layers-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let written = try CurveTables.write(outcome, to: directory)
    #expect(written.contains("matrices/t-linear_cka-layer2-alignment.npy"))
    let layer2 = try MatrixIO.readNPY(
      path: directory.appendingPathComponent("matrices/t-linear_cka-layer2-alignment.npy").path)
    #expect(layer2[0, 0].isNaN && layer2[0, 1] == 201 && layer2[1, 1] == 203)
  }

  @Test func gridMatrixIsSizesByLevels() throws {
    let m = CurveTables.gridMatrix(try Self.outcome()) { $0.testError.mean }
    #expect(m.rows == 2 && m.columns == 2)
    #expect(m[0, 0] == 3 && m[0, 1] == 12 && m[1, 0] == 6 && m[1, 1] == 24)
  }
}

extension JSONDecoder {
  static var snake: JSONDecoder {
    let d = JSONDecoder()
    d.keyDecodingStrategy = .convertFromSnakeCase
    return d
  }
}
