import ArgumentParser
import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics

/// `repalign measure`: an alignment measure between two representations saved by another tool.
///
///     repalign measure --metric linear_cka A.npy B.csv     # prints the value
///     repalign measure --metric all A.npy B.npy            # every measure, as JSON
///     repalign measure --metric cca --null permutations=200 A.npy B.npy   # value against its null
///     repalign measure --metric linear_cka --ensemble a.npy b.npy c.npy   # pairwise table, JSON
///
/// A and B are m × p and m × q matrices (rows are the same m inputs, columns are units), read by
/// `MatrixIO` (CSV or NumPy `.npy` float64 C order). CSV from pandas: `df.to_csv("a.csv")`
/// writes a header `,0,1,…` (recognised by rule: a non-numeric or empty first field) and an index
/// column, so pass `--index-col 0`; `df.to_csv("a.csv", index=False)` with integer column names
/// writes a numeric header `0,1,…` that looks like data, so pass `--header`.
///
/// With `--metric all`, Information Imbalance is reported in both directions
/// (`information_imbalance` is Δ(A→B), `information_imbalance_b_to_a` is Δ(B→A)); a measure that
/// cannot be computed on these inputs is reported as `{"error": "..."}`. **Exit status:** 0 when
/// every measure has a value; 1 when some measures refuse (the JSON is printed, with their errors,
/// and one `Error:` line names them); 2 with one `Error:` line and no JSON when the input is bad
/// for every measure (unreadable file, NaN, shapes that disagree, …).
struct Measure: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compute representational alignment between two matrices (CSV or .npy float64).",
    discussion: """
      Exit status with --metric all: 0 every measure has a value; 1 some measures refused (their \
      errors are in the JSON); 2 the input is bad for every measure (one error line, no JSON). \
      CSV from pandas: df.to_csv("a.csv") needs --index-col 0 (its header ",0,1,..." is \
      recognised because a field is empty or not a number); df.to_csv("a.csv", index=False) with \
      integer column names writes a numeric header "0,1,...", so pass --header.
      """)

  @Option(help: "Measure name, or 'all' for every measure as JSON.")
  var metric: MetricChoice = .one(LinearCKA())

  @Flag(help: "The first line of every CSV file is a header (needed when it is numeric, e.g. 0,1,2).")
  var header = false

  @Option(name: .customLong("index-col"), help: "Drop this 0-based column of every CSV file (pandas' index_col).")
  var indexColumn: Int?

  @Option(
    help: ArgumentHelp(
      "Permutation null: 'permutations=N' (N ≥ 2) scores A against N row-shuffles of B and prints JSON.",
      valueName: "permutations=N"))
  var null: NullChoice?

  @Option(help: "Seed of the permutation null.")
  var seed: UInt64 = 1

  @Flag(help: "Treat the files as an ensemble (≥ 2 members): print the pairwise table and its mean ± jackknife s.e.")
  var ensemble = false

  @OptionGroup var budget: BudgetOptions

  @Argument(help: "Representations: A (m × p) and B (m × q), or the members with --ensemble; .csv or .npy.")
  var files: [String] = []

  func validate() throws {
    if ensemble {
      if files.count < 2 { throw ValidationError("--ensemble needs at least 2 files, got \(files.count)") }
      if case .all = metric { throw ValidationError("--ensemble needs one --metric, not 'all'") }
      if null != nil { throw ValidationError("--null and --ensemble cannot be combined") }
    } else if files.count != 2 {
      throw ValidationError("measure needs exactly 2 files A and B (or --ensemble), got \(files.count)")
    }
    if null != nil, case .all = metric { throw ValidationError("--null needs one --metric, not 'all'") }
  }

  private func read(_ path: String, _ parameter: String) throws -> Matrix {
    do {
      return try MatrixIO.read(
        path: path, parameter: parameter, header: header ? .present : .optional, indexColumn: indexColumn)
    } catch { throw ValidationError("\(error)") }
  }

  /// BLAS is pinned to one thread for the whole command (`BLASPinning`), so every value is
  /// bitwise the same for any `OPENBLAS_NUM_THREADS` (SVCCA's SVD reduced differently on 2).
  func run() throws {
    try BLASPinning.withSingleThreadedBLAS { try runPinned() }
  }

  private func runPinned() throws {
    if ensemble { return try runEnsemble() }
    let matrixA = try read(files[0], "A")
    let matrixB = try read(files[1], "B")
    try checkBudget([matrixA, matrixB])
    if case .one(let measure) = metric {
      if let null {
        let result: PermutationNull
        do {
          result = try PermutationNull.compute(measure, matrixA, matrixB, permutations: null.permutations, seed: seed)
        } catch { throw ValidationError("\(error)") }
        try printJSON([
          "measure": measure.name, "value": result.value, "null_mean": result.nullMean,
          "null_sd": result.nullStandardDeviation, "calibrated": result.calibrated, "z": result.z,
          "p_value": result.pValue, "permutations": null.permutations, "seed": seed,
        ])
        return
      }
      let value: Double
      do { value = try measure.callAsFunction(matrixA, matrixB) } catch { throw ValidationError("\(error)") }
      try FiniteOutput.require(value, context: "measure \(measure.name)")
      print(String(format: "%.17g", value))
      return
    }
    var object: [String: Any] = [
      "samples": matrixA.rows, "width_a": matrixA.columns, "width_b": matrixB.columns,
    ]
    var entries: [(String, () throws -> Double)] = AlignmentMeasures.all.map { measure in
      (measure.name, { try measure.callAsFunction(matrixA, matrixB) })
    }
    entries.append(("information_imbalance_b_to_a", { try InformationImbalance()(matrixB, matrixA) }))
    var refused: [(String, String)] = []
    for (name, compute) in entries {
      do { object[name] = try compute() } catch {
        object[name] = ["error": "\(error)"]
        refused.append((name, "\(error)"))
      }
    }
    if refused.count == entries.count {
      // Bad input for every measure: one line, exit 2 (the errors usually coincide; name the first).
      let distinct = Set(refused.map(\.1))
      throw ValidationError(
        distinct.count == 1
          ? refused[0].1 : "no measure can be computed on these inputs; first: \(refused[0].0): \(refused[0].1)")
    }
    try printJSON(object)
    if !refused.isEmpty {
      throw RunFailure(
        "\(refused.count) of \(entries.count) measures could not be computed (errors in the JSON): "
          + refused.map(\.0).joined(separator: ", "))
    }
  }

  private func runEnsemble() throws {
    guard case .one(let measure) = metric else { return }
    let members = try files.enumerated().map { try read($0.element, "member \($0.offset + 1)") }
    try checkBudget(members)
    let result: PairwiseAlignment
    do {
      result = try EnsembleAlignment.compute(members, measures: [measure])[0]
    } catch { throw ValidationError("\(error)") }
    let count = members.count
    let table = (0..<count).map { a in (0..<count).map { b in result.values[a, b] } }
    var object: [String: Any] = [
      "measure": measure.name, "members": files, "values": table, "mean": result.mean,
    ]
    object["standard_error"] = result.standardError.map { $0 as Any } ?? NSNull()
    try printJSON(object)
  }

  /// The measures' cost on these inputs (`EnsembleAlignment.cost`; permutations repeat it) against
  /// the budget, before any Gram matrix is allocated.
  private func checkBudget(_ inputs: [Matrix]) throws {
    let count: Double
    if case .one = metric { count = 1 } else { count = Double(AlignmentMeasures.all.count + 1) }
    // The score plus one per permutation, in Double (permutations may be near Int.max).
    let sizes = [
      ("rows", inputs.map(\.rows).max() ?? 0), ("columns", inputs.map(\.columns).max() ?? 0),
      ("files", inputs.count), ("permutations", null?.permutations ?? 0),
    ]
    do {
      try budget.budget.check("the measure", sizes: sizes) { s in
        EnsembleAlignment.cost(members: s[2], rows: s[0], width: s[1], measures: count).repeated(
          1 + (null == nil ? 0 : s[3]))
      }
    } catch {
      throw ValidationError(
        error.parameter == "permutations"
          ? "invalid --null = permutations=\(error.value): \(error.requirement)"
          : "invalid input \(error.parameter) = \(error.value): \(error.requirement)")
    }
  }

  private func printJSON(_ object: [String: Any]) throws {
    try FiniteOutput.require(object, context: "measure")
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    print(String(decoding: data, as: UTF8.self))
  }
}

/// `--null permutations=N`.
struct NullChoice: ExpressibleByArgument {
  let permutations: Int

  init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[0] == "permutations", let n = Int(parts[1]), n >= 2 else { return nil }
    permutations = n
  }

  var defaultValueDescription: String { "permutations=\(permutations)" }
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
