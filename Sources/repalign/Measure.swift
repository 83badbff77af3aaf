import ArgumentParser
import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics

/// `repalign measure`: an alignment measure between two representations saved by another tool.
///
///     repalign measure --metric linear_cka A.npy B.csv     # prints the value
///     repalign measure --metric all A.npy B.npy            # every measure, as JSON
///
/// A and B are m × p and m × q matrices (rows are the same m inputs, columns are units), read by
/// `MatrixIO` (CSV with optional header, or NumPy `.npy` float64 C order). With `--metric all`,
/// Information Imbalance is reported in both directions (`information_imbalance` is Δ(A→B),
/// `information_imbalance_b_to_a` is Δ(B→A)); a measure that cannot be computed on these inputs
/// is reported as `{"error": "..."}` instead of failing the whole run.
struct Measure: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compute representational alignment between two matrices (CSV or .npy float64).")

  @Option(help: "Measure name, or 'all' for every measure as JSON.")
  var metric: MetricChoice = .one(LinearCKA())

  @Argument(help: "Representation A (m × p): .csv or .npy.")
  var a: String

  @Argument(help: "Representation B (m × q): .csv or .npy.")
  var b: String

  func run() throws {
    let matrixA: Matrix
    let matrixB: Matrix
    do {
      matrixA = try MatrixIO.read(path: a, parameter: "A")
      matrixB = try MatrixIO.read(path: b, parameter: "B")
    } catch { throw ValidationError("\(error)") }
    if case .one(let measure) = metric {
      do {
        print(String(format: "%.17g", try measure.callAsFunction(matrixA, matrixB)))
      } catch { throw ValidationError("\(error)") }
      return
    }
    var object: [String: Any] = [
      "samples": matrixA.rows, "width_a": matrixA.columns, "width_b": matrixB.columns,
    ]
    var entries: [(String, () throws -> Double)] = AlignmentMeasures.all.map { measure in
      (measure.name, { try measure.callAsFunction(matrixA, matrixB) })
    }
    entries.append(("information_imbalance_b_to_a", { try InformationImbalance()(matrixB, matrixA) }))
    for (name, compute) in entries {
      do { object[name] = try compute() } catch { object[name] = ["error": "\(error)"] }
    }
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    print(String(decoding: data, as: UTF8.self))
  }
}

/// `--metric`: one measure of `AlignmentMeasures` by name, or `all`.
enum MetricChoice: ExpressibleByArgument {
  case one(any AlignmentMeasure)
  case all

  init?(argument: String) {
    if argument == "all" {
      self = .all
    } else if let measure = try? AlignmentMeasures.named(argument) {
      self = .one(measure)
    } else {
      return nil
    }
  }

  static var allValueStrings: [String] { AlignmentMeasures.names + ["all"] }
  var defaultValueDescription: String {
    switch self {
    case .one(let measure): measure.name
    case .all: "all"
    }
  }
}
