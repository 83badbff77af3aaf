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
    abstract: "Compute representational alignment between two matrices (CSV or .npy float64).",
    discussion: "Metrics: \(AlignmentMeasures.names.joined(separator: ", ")), or all (JSON).")

  @Option(help: "Measure name, or 'all' for every measure as JSON.")
  var metric: String = "linear_cka"

  @Argument(help: "Representation A (m × p): .csv or .npy.")
  var a: String?

  @Argument(help: "Representation B (m × q): .csv or .npy.")
  var b: String?

  @Flag(help: .hidden)
  var benchmark = false

  @Option(help: .hidden)
  var benchmarkMembers: Int = 32

  @Option(help: .hidden)
  var benchmarkSamples: Int = 2000

  @Option(help: .hidden)
  var benchmarkWidth: Int = 256

  func validate() throws {
    if metric != "all" {
      do { _ = try AlignmentMeasures.named(metric) } catch { throw badInput("\(error)") }
    }
    if benchmark {
      guard benchmarkMembers >= 2, benchmarkSamples >= 4, benchmarkWidth >= 1 else {
        throw badInput("--benchmark-members must be ≥ 2, --benchmark-samples ≥ 4, --benchmark-width ≥ 1")
      }
    } else if a == nil || b == nil {
      throw badInput("give two matrix files A and B (.csv or .npy)")
    }
  }

  func run() throws {
    if benchmark { return runBenchmark() }
    let matrixA: Matrix
    let matrixB: Matrix
    do {
      matrixA = try MatrixIO.read(path: a!)
      matrixB = try MatrixIO.read(path: b!)
    } catch { throw badInput("\(error)") }
    if metric != "all" {
      do {
        let measure = try AlignmentMeasures.named(metric)
        let value = try measure.callAsFunction(matrixA, matrixB)
        print(String(format: "%.17g", value))
      } catch { throw badInput("\(error)") }
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

  /// Prints `Error: message` (one line) to standard error and returns exit code 2 (bad input).
  private func badInput(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    return ExitCode(2)
  }

  /// Times the full pairwise matrix for synthetic members (not a test; prints wall-clock seconds).
  private func runBenchmark() {
    let names = metric == "all" ? ["linear_cka", "information_imbalance"] : [metric]
    let stream = RandomStream(master: 2026, "measure-benchmark")
    let members = (0..<benchmarkMembers).map { _ in
      stream.normalMatrix(rows: benchmarkSamples, columns: benchmarkWidth)
    }
    print("M=\(benchmarkMembers) m=\(benchmarkSamples) width=\(benchmarkWidth) blas_threads=\(BLASBackend.threads)")
    for name in names {
      do {
        let measure = try AlignmentMeasures.named(name)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try EnsembleAlignment.compute(members, measure: measure)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        print(String(format: "%@: %.3f s (mean %.6f)", name, seconds, result.mean))
      } catch {
        print("\(name): error \(error)")
      }
    }
  }
}
