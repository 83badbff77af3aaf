import Foundation
import Testing
import _TestSupport

/// Extreme values of every numeric option of `simulate` and `theory`, and of every numeric spec
/// field, on the built binary. Before any allocation the tool checks sizes against memory and a
/// cost budget (`ResourceBudget`), so each case must end without a trap, with either exit 2 and
/// one `Error:` line, or (a value that is extreme but legal) exit 0/1 — and never a non-finite
/// number on standard output.
@Suite struct ExtremeValueTests {
  static let hugeIntegers = ["1000000000", "4294967296", "1099511627776", "9223372036854775807"]
  static let extremeDoubles = ["nan", "inf", "-inf", "1e308", "-1e308", "1e-320", "0"]

  /// A tiny valid base, so an extreme value that is legal finishes in milliseconds.
  static let simulateBase = [
    "simulate", "--d", "2", "--n", "3", "--width", "2", "--members", "2", "--steps", "2", "--test-size", "4",
  ]
  static let theoryBase = ["theory", "--d", "3", "--n", "5", "--snr", "2"]

  static let cases: [[String]] = {
    var cases: [[String]] = []
    func replacing(_ base: [String], _ flag: String, _ value: String) -> [String] {
      var args = base
      if let i = args.firstIndex(of: flag) { args[i + 1] = value } else { args += [flag, value] }
      return args
    }
    for flag in ["--d", "--n", "--width", "--members", "--steps", "--test-size", "--classes", "--workers"] {
      for v in hugeIntegers { cases.append(replacing(simulateBase, flag, v)) }
    }
    for v in hugeIntegers { cases.append(replacing(simulateBase + ["--task", "multiclass"], "--classes", v)) }
    for flag in ["--snr", "--lr", "--flip-probability", "--weight-decay", "--init-scale"] {
      for v in extremeDoubles { cases.append(replacing(simulateBase, flag, v)) }
    }
    for flag in ["--d", "--n", "--designs"] {
      for v in hugeIntegers {
        cases.append(replacing(theoryBase, flag, v))
        cases.append(replacing(theoryBase + ["--tier", "exact"], flag, v))
      }
    }
    for v in hugeIntegers { cases.append(theoryBase + ["--gd-steps", v, "--lr", "0.1"]) }
    for flag in ["--snr", "--signal", "--ridge", "--lr"] {
      for v in extremeDoubles {
        let base = flag == "--lr" ? theoryBase + ["--gd-steps", "10"] : theoryBase
        cases.append(replacing(base, flag, v))
        cases.append(replacing(base, flag, v) + ["--format", "csv"])
      }
    }
    return cases
  }()

  /// `measure` on small CSV inputs with extreme options and extreme entries.
  static let measureCases: [[String]] = {
    var cases: [[String]] = []
    for null in ["permutations=9223372036854775807", "permutations=4294967296", "permutations=2"] {
      cases.append(["measure", "--metric", "cca", "--null", null, "small-a.csv", "small-b.csv"])
    }
    for file in ["tiny-values.csv", "huge-values.csv", "small-a.csv"] {
      cases.append(["measure", "--metric", "all", file, "small-b.csv"])
      cases.append(["measure", "--ensemble", "--metric", "cknna", file, "small-b.csv", "small-a.csv"])
    }
    cases.append(["measure", "--index-col", "9223372036854775807", "small-a.csv", "small-b.csv"])
    return cases
  }()

  static let measureDirectory: URL = {
    let dir = try! CLI.temporaryDirectory("extreme-measure")
    func write(_ name: String, _ scale: Double, _ seed: Int) {
      let rows = (0..<12).map { i in (0..<3).map { j in "\(scale * sin(Double(i * 7 + j * 3 + seed)))" } }
      try! rows.map { $0.joined(separator: ",") }.joined(separator: "\n").write(
        to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    write("small-a.csv", 1, 1)
    write("small-b.csv", 1, 5)
    write("tiny-values.csv", 1e-310, 2)
    write("huge-values.csv", 1e300, 3)
    return dir
  }()

  @Test(arguments: measureCases)
  func extremeMeasureInputEndsCleanly(_ arguments: [String]) throws {
    let outcome = try CLI.run(arguments, in: Self.measureDirectory)
    #expect(!outcome.signaled, "\(outcome)")
    #expect(
      outcome.status == 0 || ([1, 2].contains(outcome.status) && outcome.isOneLineError), "\(outcome)")
    #expect(!Self.printsNonFinite(outcome.stdout), "\(outcome) printed \(outcome.stdout.debugDescription)")
  }

  /// Tokens a non-finite Float64 prints as (Swift, C printf, JSON extensions).
  static func printsNonFinite(_ text: String) -> Bool {
    text.range(of: #"(?i)(^|[^a-z])(-?nan|-?inf(inity)?)([^a-z]|$)"#, options: .regularExpression) != nil
  }

  @Test(arguments: cases)
  func extremeOptionEndsCleanly(_ arguments: [String]) throws {
    let outcome = try CLI.run(arguments, in: Fixture.directory)
    #expect(!outcome.signaled, "\(outcome)")
    #expect(
      outcome.status == 0 || ([1, 2].contains(outcome.status) && outcome.isOneLineError), "\(outcome)")
    #expect(!Self.printsNonFinite(outcome.stdout), "\(outcome) printed \(outcome.stdout.debugDescription)")
  }

  /// Sizes that cannot be allocated or computed are refused as bad input, naming the option.
  @Test(arguments: [
    (Self.simulateBase + ["--width", "1000000000"], "--width"),
    (Self.simulateBase + ["--d", "9223372036854775807"], "--d"),
    (Self.simulateBase + ["--steps", "9223372036854775807"], "--steps"),
    (Self.simulateBase + ["--members", "50000"], "--members"), (Self.theoryBase + ["--n", "1000000000"], "--n"),
    (Self.theoryBase + ["--tier", "exact", "--designs", "9223372036854775807"], "--designs"),
    (Self.theoryBase + ["--d", "4294967296"], "--d"),
  ])
  func impossibleSizesAreBadInputNamingTheOption(_ arguments: [String], _ option: String) throws {
    let outcome = try CLI.run(arguments, in: Fixture.directory)
    #expect(outcome.status == 2 && outcome.isOneLineError, "\(outcome)")
    #expect(outcome.stderr.contains("invalid \(option) ="), "\(outcome)")
  }

  /// `--allow-large` lifts the arithmetic budget only: an impossible allocation is still refused.
  @Test func allowLargeNeverLiftsTheMemoryLimit() throws {
    let huge = try CLI.run(Self.simulateBase + ["--width", "1000000000", "--allow-large"], in: Fixture.directory)
    #expect(huge.status == 2 && huge.isOneLineError && huge.stderr.contains("memory"), "\(huge)")
    let slow = try CLI.run(Self.simulateBase + ["--steps", "9223372036854775807"], in: Fixture.directory)
    #expect(slow.stderr.contains("--allow-large"), "\(slow)")
  }

  /// A prediction that is not representable (every direction shrunk to zero by λ = 1e300) is a
  /// failed computation: exit 1 naming the quantity, nothing on standard output, in both formats.
  @Test(arguments: ["json", "csv"])
  func nonFinitePredictionIsAnErrorNotAnOutput(_ format: String) throws {
    let outcome = try CLI.run(Self.theoryBase + ["--ridge", "1e300", "--format", format], in: Fixture.directory)
    #expect(outcome.status == 1 && outcome.isOneLineError, "\(outcome)")
    #expect(outcome.stderr.contains("alignment_c"), "\(outcome)")
    #expect(outcome.stdout.isEmpty, "\(outcome)")
  }

  /// Every numeric field of a spec at extreme values, through `sweep`: never a trap; bad input is
  /// one line with exit 2 and writes no records.
  /// (field path, JSON text of the value).
  static let specCases: [(field: String, json: String)] = {
    var cases: [(String, String)] = []
    for path in [
      "members", "test_size", "seed", "designs", "task.input_dimension", "model.width", "training.steps",
      "training.batch_size",
    ] {
      for v in ["1000000000", "4294967296", "9223372036854775807", "-1", "0"] { cases.append((path, v)) }
    }
    for path in ["task.signal_variance", "model.init_scale", "training.learning_rate", "training.weight_decay"] {
      for v in ["1e308", "-1e308", "1e-320", "0.0"] { cases.append((path, v)) }
    }
    for v in ["[9223372036854775807]", "[1000000000]", "[3, 9223372036854775807]", "[-1]"] {
      cases.append(("grid.n", v))
    }
    for v in ["[1e308]", "[1e-320]", "[0.0]"] { cases.append(("grid.snr", v)) }
    return cases
  }()

  @Test(arguments: specCases.indices)
  func extremeSpecFieldEndsCleanly(_ index: Int) throws {
    let (path, json) = Self.specCases[index]
    let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
    var spec = CLI.tinySpec()
    let keys = path.split(separator: ".").map(String.init)
    if keys.count == 1 {
      spec[keys[0]] = value
    } else {
      var inner = spec[keys[0]] as? [String: Any] ?? [:]
      inner[keys[1]] = value
      spec[keys[0]] = inner
    }
    let dir = try CLI.temporaryDirectory("extreme-spec")
    defer { try? FileManager.default.removeItem(at: dir) }
    try CLI.write(json: spec, to: dir.appendingPathComponent("spec.json"))
    let outcome = try CLI.run(["sweep", "--spec", "spec.json", "--out", "o.jsonl", "--quiet"], in: dir)
    #expect(!outcome.signaled, "\(path) = \(value): \(outcome)")
    #expect(
      outcome.status == 0 || ([1, 2].contains(outcome.status) && outcome.isOneLineError),
      "\(path) = \(value): \(outcome)")
    if outcome.status == 2 {
      #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.jsonl").path), "\(path)")
    }
    let written = (try? String(contentsOf: dir.appendingPathComponent("o.jsonl"), encoding: .utf8)) ?? ""
    #expect(!Self.printsNonFinite(written), "\(path) = \(value) wrote \(written.prefix(200))")
  }
}
