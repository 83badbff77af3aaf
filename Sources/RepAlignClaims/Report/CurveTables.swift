import Foundation
import RepAlignData
import RepAlignNumerics

/// The numbers behind every figure, in files pandas and NumPy read directly.
///
/// - `curves/<id>.csv`: long format, one row per (grid point, measure), with a header:
///   `experiment,index,n,snr,flip_probability,measure,alignment,alignment_se,test_error,
///   test_error_se,train_loss,train_loss_se,interpolated_fraction,parameter_count,seed`.
///   Missing values are empty fields (NaN in pandas).
///   When a theory describes the experiment (the linear network, `TheoryOverlay`), four columns
///   follow (`theoryColumns`): `theory` (the prediction for this row's measure at its n and SNR,
///   linear CKA only, else empty), `theory_residual_se` = (alignment − theory) / alignment_se,
///   `test_error_theory` (the predicted excess risk) and `test_error_residual_se` =
///   (test_error − test_error_theory) / test_error_se. The residuals use the simulation's
///   standard error only (the exact tier's own Monte Carlo error, over `TheoryOverlay.overlayDesigns` designs, is not in it).
///   Every other experiment's CSV has exactly the columns above, unchanged.
///   A network with L ≥ 2 hidden layers (`model.depth`) appends 2L columns (`layerColumns`):
///   `layer1_alignment,layer1_alignment_se,…,layerL_alignment,layerL_alignment_se`, the row's
///   measure on every hidden layer (input side first, `PointResult.layerAlignment`); `alignment`
///   stays the layer the claims read (`model.measured_layer`), so its column equals one of them.
///   Rows and the other columns are as for one layer; a one-layer CSV is unchanged.
/// - `curves/<id>-theory.csv`: `experiment,n,snr,measure,theory` when a theory overlay was drawn
///   (alignment vs n, at every integer n of the grid's range, at most 200 of them).
/// - `curves/<id>-theory-vs-snr.csv`: the same columns, at each grid n over 200 log-spaced SNRs.
/// - `curves/<id>-theory-test-error.csv`: the same columns with `measure` = `test_error`: the
///   predicted excess risk against n.
/// - `matrices/<id>-<measure>-alignment.npy`, `matrices/<id>-test-error.npy`: float64 matrices
///   with rows = training-set sizes (`matrices/<id>-n.npy`, a column) and columns = SNR levels
///   (`matrices/<id>-snr.npy`, a column); NaN where the grid has no point. With L ≥ 2 hidden
///   layers also `matrices/<id>-<measure>-layer<l>-alignment.npy` for l = 1…L.
package enum CurveTables {
  package static let header = [
    "experiment", "index", "n", "snr", "flip_probability", "measure", "alignment", "alignment_se",
    "test_error", "test_error_se", "train_loss", "train_loss_se", "interpolated_fraction",
    "parameter_count", "seed",
  ]

  /// The theory columns appended when a `GridTheory` is given.
  package static let theoryColumns = ["theory", "theory_residual_se", "test_error_theory", "test_error_residual_se"]

  /// The theory at the grid's points (by `GridPoint.index`): `alignment` for `measure`, the
  /// predicted test error for every row.
  package struct GridTheory: Sendable, Equatable {
    package var measure: String
    package var alignment: [Int: Double]
    package var testError: [Int: Double]
    package init(measure: String, alignment: [Int: Double], testError: [Int: Double]) {
      self.measure = measure
      self.alignment = alignment
      self.testError = testError
    }
  }

  /// The per-layer columns of a network with `layers` ≥ 2 hidden layers (none for one layer).
  package static func layerColumns(layers: Int) -> [String] {
    guard layers >= 2 else { return [] }
    return (1...layers).flatMap { ["layer\($0)_alignment", "layer\($0)_alignment_se"] }
  }

  /// (value − theory) / se, nil when any is missing or se is not positive.
  static func residual(_ value: Double?, _ theory: Double?, _ se: Double?) -> Double? {
    guard let value, let theory, let se, se > 0, value.isFinite, theory.isFinite else { return nil }
    return (value - theory) / se
  }

  /// The long-format CSV text of an experiment's results.
  package static func csv(_ outcome: ExperimentOutcome) -> String { csv(outcome, theory: nil) }

  /// The long-format CSV text, with the `theoryColumns` when `theory` is given.
  package static func csv(_ outcome: ExperimentOutcome, theory: GridTheory?) -> String {
    let layers = outcome.spec.model.hiddenLayers
    let layerHeader = layerColumns(layers: layers)
    var out = (header + (theory == nil ? [] : theoryColumns) + layerHeader).joined(separator: ",") + "\n"
    for r in outcome.results.sorted(by: { $0.point.index < $1.point.index }) {
      for measure in outcome.spec.measures {
        let a = r.alignment[measure]
        let fields: [String] = [
          field(r.experiment), "\(r.point.index)", "\(r.point.n)", number(r.snr),
          r.point.flipProbability.map(number) ?? "", field(measure), number(a?.mean),
          number(a?.standardError), number(r.testError.mean), number(r.testError.standardError),
          number(r.trainLoss.mean), number(r.trainLoss.standardError), number(r.interpolatedFraction),
          "\(r.parameterCount)", "\(r.seed)",
        ]
        var extra: [String] = []
        if let theory {
          let t = measure == theory.measure ? theory.alignment[r.point.index] : nil
          let e = theory.testError[r.point.index]
          extra = [
            number(t), number(residual(a?.mean, t, a?.standardError)), number(e),
            number(residual(r.testError.mean, e, r.testError.standardError)),
          ]
        }
        if !layerHeader.isEmpty {
          // A record without per-layer values (written before they existed) gives empty fields.
          for l in 0..<layers {
            let e = r.layerAlignment.flatMap { l < $0.count ? $0[l][measure] : nil }
            extra += [number(e?.mean), number(e?.standardError)]
          }
        }
        out += (fields + extra).joined(separator: ",") + "\n"
      }
    }
    return out
  }

  /// The theory CSV text for the given curves (measure, SNR → (n, value)).
  package static func theoryCSV(
    experiment: String, measure: String, curves: [(snr: Double, points: [(n: Int, value: Double)])]
  ) -> String {
    var out = "experiment,n,snr,measure,theory\n"
    for c in curves {
      for p in c.points { out += "\(field(experiment)),\(p.n),\(number(c.snr)),\(field(measure)),\(number(p.value))\n" }
    }
    return out
  }

  /// Grid matrix (rows: sizes, columns: noise levels by increasing SNR) of `value`, NaN where
  /// missing.
  package static func gridMatrix(_ outcome: ExperimentOutcome, _ value: (PointResult) -> Double?) -> Matrix {
    let sizes = outcome.sizes
    let levels = outcome.levels
    return Matrix(rows: sizes.count, columns: levels.count) { i, j in
      outcome.result(n: sizes[i], level: levels[j]).flatMap(value) ?? .nan
    }
  }

  /// Writes the CSV and `.npy` files of one experiment under `directory`; returns their paths
  /// relative to it.
  package static func write(_ outcome: ExperimentOutcome, to directory: URL) throws -> [String] {
    try write(outcome, theory: nil, to: directory)
  }

  /// As `write(_:to:)`, with the theory columns in `curves/<id>.csv` when `theory` is given.
  package static func write(_ outcome: ExperimentOutcome, theory: GridTheory?, to directory: URL) throws -> [String] {
    let id = outcome.spec.id
    let fm = FileManager.default
    for sub in ["curves", "matrices"] {
      try fm.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    var written: [String] = []
    func put(_ relative: String, _ text: String) throws {
      try Data(text.utf8).write(to: try OutputPath.file(relative, in: directory), options: .atomic)
      written.append(relative)
    }
    func npy(_ relative: String, _ matrix: Matrix) throws {
      try MatrixIO.writeNPY(matrix, to: try OutputPath.file(relative, in: directory).path)
      written.append(relative)
    }
    try put("curves/\(id).csv", csv(outcome, theory: theory))
    try npy("matrices/\(id)-n.npy", Matrix(column: outcome.sizes.map(Double.init)))
    try npy("matrices/\(id)-snr.npy", Matrix(column: outcome.levels.map(outcome.snr(level:))))
    try npy("matrices/\(id)-test-error.npy", gridMatrix(outcome) { $0.testError.mean })
    for measure in outcome.spec.measures {
      try npy("matrices/\(id)-\(measure)-alignment.npy", gridMatrix(outcome) { $0.alignment[measure]?.mean })
      let layers = outcome.spec.model.hiddenLayers
      guard layers >= 2 else { continue }
      for l in 0..<layers {
        try npy(
          "matrices/\(id)-\(measure)-layer\(l + 1)-alignment.npy",
          gridMatrix(outcome) { r in r.layerAlignment.flatMap { l < $0.count ? $0[l][measure]?.mean : nil } })
      }
    }
    return written
  }

  /// Shortest round-trip decimal; empty for nil (NaN in pandas); `nan`/`inf`/`-inf` for
  /// non-finite values (pandas parses them as floats).
  static func number(_ x: Double?) -> String {
    guard let x else { return "" }
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return "\(x)"
  }

  /// A CSV field, quoted when it holds a comma, quote or newline (RFC 4180).
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
