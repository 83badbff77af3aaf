import Foundation
import Testing

/// `repalign simulate --spec FILE --point I` reproduces grid point I of a spec bit for bit: its
/// record equals the one `sweep` (i.e. `ExperimentRunner.run(spec, point:)`) writes for index I
/// (built binary).
@Suite struct SimulateSpecPointTests {
  /// Writes a spec (tiny by default), sweeps it, returns the folder and the record lines.
  static func sweep(_ spec: [String: Any]) throws -> (URL, [String]) {
    let dir = try CLI.temporaryDirectory("simulate-point")
    try CLI.write(json: spec, to: dir.appendingPathComponent("spec.json"))
    let sweep = try CLI.run(["sweep", "--spec", "spec.json", "--out", "all.jsonl", "--quiet"], in: dir)
    #expect(sweep.status == 0, "\(sweep)")
    let text = try String(contentsOf: dir.appendingPathComponent("all.jsonl"), encoding: .utf8)
    return (dir, text.split(separator: "\n").map(String.init))
  }

  /// The record line without its trailing `,"record_checksum":"…"}`: the canonical JSON.
  static func canonical(_ line: String) -> String {
    guard let range = line.range(of: ",\"record_checksum\":\"", options: .backwards) else { return line }
    return String(line[..<range.lowerBound]) + "}"
  }

  /// JSON output: the whole record, byte for byte (JSON doubles are printed shortest round-trip,
  /// so equal text is equal bits); then the alignment and test error compared as Float64 bit
  /// patterns.
  @Test(arguments: [0, 1, 3])
  func jsonRecordEqualsTheSweepRecord(point: Int) throws {
    var spec = CLI.tinySpec(id: "sim-point")
    spec["training"] = ["optimizer": "sgd", "batch_size": 2, "steps": 30, "learning_rate": 0.05]
    let (dir, lines) = try Self.sweep(spec)
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(["simulate", "--spec", "spec.json", "--point", "\(point)", "--format", "json"], in: dir)
    #expect(outcome.status == 0, "\(outcome)")
    let printed = outcome.stdout.trimmingCharacters(in: .newlines)
    #expect(printed == Self.canonical(lines[point]), "point \(point)")

    struct Mean: Decodable { let mean: Double }
    struct Record: Decodable {
      struct Point: Decodable { let index: Int }
      let point: Point
      let alignment: [String: Mean]
      let testError: Mean
    }
    let simulated = try JSONDecoder().decode(Record.self, from: Data(printed.utf8))
    let swept = try JSONDecoder().decode(Record.self, from: Data(Self.canonical(lines[point]).utf8))
    #expect(simulated.point.index == point)
    #expect(simulated.testError.mean.bitPattern == swept.testError.mean.bitPattern)
    for name in ["linear_cka", "information_imbalance"] {
      let a = try #require(simulated.alignment[name]?.mean)
      let b = try #require(swept.alignment[name]?.mean)
      #expect(a.bitPattern == b.bitPattern, "\(name) at point \(point)")
    }
  }

  /// Text output prints the same doubles at full precision.
  @Test func textOutputPrintsTheRecordsDoubles() throws {
    let (dir, lines) = try Self.sweep(CLI.tinySpec(id: "sim-text"))
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(["simulate", "--spec", "spec.json", "--point", "2"], in: dir)
    #expect(outcome.status == 0, "\(outcome)")
    struct Mean: Decodable { let mean: Double }
    struct Record: Decodable {
      let alignment: [String: Mean]
      let testError: Mean
    }
    let swept = try JSONDecoder().decode(Record.self, from: Data(Self.canonical(lines[2]).utf8))
    func value(after prefix: String) -> Double? {
      outcome.stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }
        .flatMap { $0.dropFirst(prefix.count).split(separator: " ").first }.flatMap { Double(String($0)) }
    }
    #expect(value(after: "test_error: ")?.bitPattern == swept.testError.mean.bitPattern, "\(outcome.stdout)")
    #expect(value(after: "alignment linear_cka: ")?.bitPattern == swept.alignment["linear_cka"]?.mean.bitPattern)
  }

  @Test(arguments: [
    ["--spec", "spec.json", "--point", "4"], ["--spec", "spec.json", "--point=-1"], ["--spec", "spec.json"],
    ["--point", "0"], ["--spec", "missing.json", "--point", "0"],
  ])
  func badPointOrSpecIsAOneLineError(arguments: [String]) throws {
    let dir = try CLI.temporaryDirectory("simulate-bad")
    defer { try? FileManager.default.removeItem(at: dir) }
    try CLI.write(json: CLI.tinySpec(), to: dir.appendingPathComponent("spec.json"))
    let outcome = try CLI.run(["simulate"] + arguments, in: dir)
    #expect(outcome.status == 2 && outcome.isOneLineError, "\(outcome)")
  }

  /// A spec with flip probability 0 is refused at load (exit 2, the field named) before any point
  /// is computed, by `sweep` and by `simulate --spec`.
  @Test func flipProbabilityZeroIsRefusedAtLoad() throws {
    let dir = try CLI.temporaryDirectory("flip-zero")
    defer { try? FileManager.default.removeItem(at: dir) }
    var spec = CLI.tinySpec(id: "flip-zero")
    spec["task"] = ["kind": "sign_classification", "input_dimension": 4]
    spec["grid"] = ["n": [3, 6], "flip_probability": [0.2, 0]]
    try CLI.write(json: spec, to: dir.appendingPathComponent("spec.json"))
    for arguments in [
      ["sweep", "--spec", "spec.json", "--out", "o.jsonl"], ["simulate", "--spec", "spec.json", "--point", "0"],
    ] {
      let outcome = try CLI.run(arguments, in: dir)
      #expect(outcome.status == 2 && outcome.isOneLineError, "\(outcome)")
      #expect(outcome.stderr.contains("grid.flip_probability"), "\(outcome)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.jsonl").path))
  }
}
