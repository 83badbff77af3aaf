import Foundation
import Testing
import _TestSupport

/// `repalign measure` end to end: the exit status of `--metric all`, pandas-style CSV headers and
/// index columns, the permutation null and `--ensemble`.
@Suite struct MeasureCommandTests {
  /// Deterministic m × p values (no RNG needed): sin of a lattice, distinct per entry.
  static func values(_ m: Int, _ p: Int, phase: Double) -> [[Double]] {
    (0..<m).map { i -> [Double] in
      (0..<p).map { j -> Double in
        let angle: Double = phase + 0.7 * Double(i) + 1.3 * Double(j)
        return sin(angle) + 0.1 * Double(i % 3)
      }
    }
  }

  static func csv(_ rows: [[Double]], header: String? = nil, index: Bool = false) -> String {
    var text = header.map { $0 + "\n" } ?? ""
    for (i, row) in rows.enumerated() {
      text += ((index ? ["\(i)"] : []) + row.map { "\($0)" }).joined(separator: ",") + "\n"
    }
    return text
  }

  static func folder() throws -> URL {
    let dir = try CLI.temporaryDirectory("measure")
    func write(_ name: String, _ text: String) throws {
      try Data(text.utf8).write(to: dir.appendingPathComponent(name))
    }
    let a = values(20, 3, phase: 0.1)
    let b = values(20, 2, phase: 0.9)
    try write("a.csv", csv(a))
    try write("b.csv", csv(b))
    try write("c.csv", csv(values(20, 4, phase: 2.3)))
    // pandas: df.to_csv("a_index.csv") and df.to_csv("a_numeric.csv", index=False).
    try write("a_index.csv", csv(a, header: ",0,1,2", index: true))
    try write("a_numeric.csv", csv(a, header: "0,1,2"))
    try write("b_index.csv", csv(b, header: ",0,1", index: true))
    try write("b_numeric.csv", csv(b, header: "0,1"))
    try write("short.csv", csv(values(19, 2, phase: 0.9)))
    try write("three.csv", csv(values(3, 2, phase: 0.1)))
    try write("three_b.csv", csv(values(3, 2, phase: 1.7)))
    return dir
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Shapes that disagree are bad input for every measure: one line, exit 2, no JSON.
  @Test func allMeasuresRefusingIsExitTwo() throws {
    let dir = try Self.folder()
    let outcome = try CLI.run(["measure", "--metric", "all", "a.csv", "short.csv"], in: dir)
    #expect(outcome.status == 2 && outcome.isOneLineError && outcome.stdout.isEmpty, "\(outcome)")
    #expect(outcome.stderr.contains("rows"), "\(outcome)")
  }

  /// Three samples: debiased CKA (m ≥ 4) and mutual k-NN (k = 10 < m) refuse, the others have
  /// values: the JSON is printed with the errors, one line names them, exit 1.
  @Test func someMeasuresRefusingIsExitOneWithTheJSON() throws {
    let dir = try Self.folder()
    let outcome = try CLI.run(["measure", "--metric", "all", "three.csv", "three_b.csv"], in: dir)
    #expect(outcome.status == 1 && outcome.isOneLineError, "\(outcome)")
    let object = try Self.json(outcome.stdout)
    #expect((object["debiased_cka"] as? [String: Any])?["error"] != nil, "\(outcome.stdout)")
    #expect((object["mutual_knn"] as? [String: Any])?["error"] != nil, "\(outcome.stdout)")
    #expect(object["linear_cka"] is Double, "\(outcome.stdout)")
    #expect(outcome.stderr.contains("debiased_cka") && outcome.stderr.contains("mutual_knn"), "\(outcome)")
    let good = try CLI.run(["measure", "--metric", "all", "a.csv", "b.csv"], in: dir)
    #expect(good.status == 0 && good.stderr.isEmpty, "\(good)")
  }

  /// pandas' files: `to_csv()` (header ",0,1,2" recognised by its empty first field, plus
  /// `--index-col 0`) and `to_csv(index=False)` (numeric header, needs `--header`) give the value
  /// of the plain files (both options apply to every CSV file given); without `--header` the
  /// numeric header is read as a data row.
  @Test func pandasHeadersAndIndexColumns() throws {
    let dir = try Self.folder()
    let plain = try CLI.run(["measure", "a.csv", "b.csv"], in: dir)
    #expect(plain.status == 0, "\(plain)")
    let indexed = try CLI.run(["measure", "--index-col", "0", "a_index.csv", "b_index.csv"], in: dir)
    #expect(indexed.status == 0 && indexed.stdout == plain.stdout, "\(indexed) vs \(plain.stdout)")
    let numeric = try CLI.run(["measure", "--header", "a_numeric.csv", "b_numeric.csv"], in: dir)
    #expect(numeric.status == 0 && numeric.stdout == plain.stdout, "\(numeric)")
    // The numeric header read as data gives 21 rows against B's 20: bad input, one line.
    let misread = try CLI.run(["measure", "a_numeric.csv", "b.csv"], in: dir)
    #expect(misread.status == 2 && misread.isOneLineError, "\(misread)")
    for bad in [["--index-col", "7"], ["--index-col", "-1"]] {
      let outcome = try CLI.run(["measure"] + bad + ["a.csv", "b.csv"], in: dir)
      #expect(outcome.status == 2 && outcome.isOneLineError && outcome.stderr.contains("index-col"), "\(outcome)")
    }
  }

  /// `--null permutations=N`: the JSON carries the value of the plain call, a p-value in
  /// [1/(N + 1), 1] and calibrated = value − null mean; bad specifications are one-line errors.
  @Test func permutationNull() throws {
    let dir = try Self.folder()
    let outcome = try CLI.run(["measure", "--metric", "cca", "--null", "permutations=30", "a.csv", "b.csv"], in: dir)
    #expect(outcome.status == 0, "\(outcome)")
    let object = try Self.json(outcome.stdout)
    let value = try #require(object["value"] as? Double)
    let p = try #require(object["p_value"] as? Double)
    let mean = try #require(object["null_mean"] as? Double)
    let calibrated = try #require(object["calibrated"] as? Double)
    let plain = try CLI.run(["measure", "--metric", "cca", "a.csv", "b.csv"], in: dir)
    // JSONSerialization prints doubles to about 16 digits, not always the round-trip 17: compare
    // within 4 ε (relative, values are O(1)).
    let printed = try #require(Double(plain.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(abs(printed - value) <= 4 * Tolerance.epsilon, "\(printed) vs \(value)")
    #expect(p >= 1.0 / 31 && p <= 1, "p = \(p)")
    #expect(abs(calibrated - (value - mean)) <= 4 * Tolerance.epsilon, "\(calibrated) vs \(value) − \(mean)")
    for bad in ["permutations=1", "perms=10", "permutations=x", "10"] {
      let b = try CLI.run(["measure", "--null", bad, "a.csv", "b.csv"], in: dir)
      #expect(b.status == 2 && b.isOneLineError, "\(b)")
    }
  }

  /// `--ensemble`: the M × M table, its off-diagonal entries equal to the pairwise calls (up to
  /// the round-off of the ensemble route's summation order, 1e3 ε), and a jackknife s.e. (M = 3).
  @Test func ensembleTable() throws {
    let dir = try Self.folder()
    let outcome = try CLI.run(["measure", "--metric", "linear_cka", "--ensemble", "a.csv", "b.csv", "c.csv"], in: dir)
    #expect(outcome.status == 0, "\(outcome)")
    let object = try Self.json(outcome.stdout)
    let table = try #require(object["values"] as? [[Double]])
    #expect(table.count == 3 && table.allSatisfy { $0.count == 3 })
    #expect(object["standard_error"] is Double, "\(outcome.stdout)")
    let pair = try CLI.run(["measure", "a.csv", "c.csv"], in: dir)
    let value = try #require(Double(pair.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(abs(table[0][2] - value) <= 1e3 * Tolerance.epsilon, "\(table[0][2]) vs \(value)")
    let mean = (table[0][1] + table[0][2] + table[1][2]) / 3
    #expect(abs(try #require(object["mean"] as? Double) - mean) <= 8 * Tolerance.epsilon)
    for bad in [["--ensemble", "a.csv"], ["--ensemble", "--metric", "all", "a.csv", "b.csv"]] {
      let b = try CLI.run(["measure"] + bad, in: dir)
      #expect(b.status == 2 && b.isOneLineError, "\(b)")
    }
  }
}
