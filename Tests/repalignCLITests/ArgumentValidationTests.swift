import Foundation
import Testing
import _TestSupport

/// Bad command lines: every one must end with exit code 2 and exactly one `Error: …` line on
/// standard error — no usage block, no trap, nothing on standard output. Runs the built binary.
@Suite struct ArgumentValidationTests {
  /// Hand-written cases: unknown flags and subcommands, out-of-range values, missing values,
  /// unreadable or wrong-kind paths, for every subcommand.
  static let handWritten: [[String]] = [
    ["--bogus"], ["nosuchcommand"], ["-z"],
    ["reproduce", "--tier", "slow"], ["reproduce", "--tier"], ["reproduce", "--specs", "missing-dir"],
    ["reproduce", "--specs", "tiny.json"], ["reproduce", "--out", ""], ["reproduce", "--specs", ""],
    ["reproduce", "--frobnicate"], ["reproduce", "extra-argument"],
    ["reproduce", "--specs", "specs", "--out", "tiny.json"],
    ["reproduce", "--specs", "empty"], ["reproduce", "--specs", "slowonly", "--tier", "fast"],
    ["reproduce", "--quiet=yes"], ["reproduce", "--fresh-seeds", "--tier", "FAST"],
    ["sweep"], ["sweep", "--spec"], ["sweep", "--spec", "missing.json"], ["sweep", "--spec", "folder"],
    ["sweep", "--spec", ""], ["sweep", "--spec", "tiny.json", "--unknown"],
    ["sweep", "--spec", "tiny.json", "--resume=yes"],
    ["sweep", "--spec", "tiny.json", "positional"],
    ["sweep", "--spec", "tiny.json", "--shard", "2/2"], ["sweep", "--spec", "tiny.json", "--shard", "-1/2"],
    ["sweep", "--spec", "tiny.json", "--shard", "1/0"], ["sweep", "--spec", "tiny.json", "--shard", "a/b"],
    ["sweep", "--spec", "tiny.json", "--shard", "1"], ["sweep", "--spec", "tiny.json", "--shard", "1/2/3"],
    ["sweep", "--spec", "tiny.json", "--shard", ""], ["sweep", "--spec", "tiny.json", "--shard", "0/-1"],
    ["sweep", "--spec", "tiny.json", "--shard", "99999999999999999999/3"],
    ["sweep", "--spec", "tiny.json", "--shard", "0/2000000"],
    ["sweep", "--spec", "tiny.json", "--seed", "-1"], ["sweep", "--spec", "tiny.json", "--seed", "abc"],
    ["sweep", "--spec", "tiny.json", "--seed", "18446744073709551616"], ["sweep", "--spec", "tiny.json", "--out", ""],
    ["sweep", "--spec", "tiny.json", "--out", "folder"],
    ["sweep", "--spec", "tiny.json", "--resume", "--out", "foreign.jsonl"],
    ["merge"], ["merge", "out.jsonl"], ["merge", "out.jsonl", "missing.jsonl"], ["merge", "out.jsonl", "folder"],
    ["merge", "out.jsonl", "bad.jsonl"], ["merge", "folder", "shard.jsonl"],
    ["merge", "out.jsonl", "shard.jsonl", "foreign.jsonl"],
    ["merge", "--x", "a", "b"], ["merge", "", "shard.jsonl"],
    ["info", "--gemm-size=-1"], ["info", "--gemm-size", "9000"], ["info", "--format", "xml"],
    ["info", "--gemm-size", "abc"],
    ["info", "--nope"], ["info", "extra"],
    ["measure"], ["measure", "--metric", "nope", "a", "b"], ["measure", "a.csv", "b.csv"],
    ["simulate", "--members", "1"], ["simulate", "--workers", "0"], ["simulate", "--d", "abc"],
    ["simulate", "--activation", "sigmoid"],
    ["simulate", "--measures", "nope"], ["simulate", "--measures", "linear_cka,linear_cka"],
    ["simulate", "--measures", ""],
    ["simulate", "--measures", "linear_cka,,cca"], ["simulate", "--loss", "hinge"], ["simulate", "--task", "ranking"],
    ["simulate", "--spectrum", "cubic"], ["simulate", "--spectrum", "power:-1"],
    ["simulate", "--spectrum", "power:1", "--task", "binary"],
    ["simulate", "--optimizer", "newton"], ["simulate", "--optimizer", "lbfgs", "--loss-threshold", "-1"],
    ["simulate", "--optimizer", "bfgs", "--gradient-norm-threshold", "nan"],
    ["capacity"], ["capacity", "--spec", "missing.json"], ["capacity", "--spec", "tiny.json", "--widths", "0"],
    ["capacity", "--spec", "tiny.json", "--ratios", "a"], ["capacity", "--spec", "tiny.json", "--replicates", "1"],
    ["theory", "--d", "5", "--snr", "2", "--sweep-n", "5:2"], ["theory", "--d", "5", "--snr", "2", "--sweep-n", "a:b"],
    ["theory", "--d", "5", "--n", "9", "--snr", "2", "--tier", "psychic"], ["theory", "--d", "5", "--snr", "2"],
    ["measure", "--metric", "all", "missing.csv", "tiny.json"], ["measure", "tiny.json", "tiny.json"],
  ]

  @Test(arguments: handWritten)
  func handWrittenBadArgumentsGiveOneLineExitTwo(_ arguments: [String]) throws {
    let outcome = try CLI.run(arguments, in: Fixture.directory)
    #expect(outcome.status == 2 && !outcome.signaled, "\(outcome)")
    #expect(outcome.isOneLineError, "\(outcome)")
    #expect(outcome.stdout.isEmpty, "\(outcome)")
  }

  /// Typed options say what is allowed, not only that the value is invalid (argument-parser's
  /// `ExpressibleByArgument` alone can only say "invalid"; their transforms add the rule).
  static let typedOptionReasons: [(arguments: [String], reason: String)] = [
    (["sweep", "--spec", "tiny.json", "--shard", "2/2"], "0 ≤ i < N"),
    (["sweep", "--spec", "tiny.json", "--shard", "a/b"], "0 ≤ i < N"),
    (["theory", "--d", "5", "--snr", "2", "--sweep-n", "5:2"], "1 ≤ a ≤ b"),
    (["theory", "--d", "5", "--snr", "2", "--sweep-n", "a:b"], "a:b or a:b:step"),
    (["simulate", "--measures", "nope"], "each must be one of linear_cka, debiased_cka"),
    (["simulate", "--measures", "cca,cca"], "'cca' is listed twice"),
    (["simulate", "--measures", "linear_cka,,cca"], "an empty name is not a measure"),
  ]

  @Test(arguments: typedOptionReasons.indices)
  func typedOptionErrorsNameTheRule(_ index: Int) throws {
    let (arguments, reason) = Self.typedOptionReasons[index]
    let outcome = try CLI.run(arguments, in: Fixture.directory)
    #expect(outcome.status == 2 && outcome.isOneLineError, "\(outcome)")
    #expect(outcome.stderr.contains(reason), "\(outcome) should say \(reason.debugDescription)")
  }

  /// Fuzzed command lines from a fixed seed: a subcommand, a shuffle of harmless valid options,
  /// and at least one poison (an unknown flag, a value out of range or of the wrong type, a
  /// missing path, stray bytes) at a random position. Poisons never use an option the valid part
  /// sets, and never spell --help or --version, so each line is invalid by construction.
  static let fuzzed: [[String]] = {
    var rng = SplitMix64(seed: TestSeeds.seed(0x5EED_A11C))
    func word(_ n: Int) -> String {
      let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-_./é∆ ")
      return String((0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }
    func int() -> String { String(Int.random(in: -1_000_000...1_000_000, using: &rng)) }
    var cases: [[String]] = []
    for _ in 0..<120 {
      let sub = ["reproduce", "sweep", "merge", "info"].randomElement(using: &rng)!
      var valid: [[String]]
      var poisons: [[String]] = [["--zz" + word(Int.random(in: 1...8, using: &rng))]]
      switch sub {
      case "reproduce":
        valid = [["--quiet"], ["--out", "fuzz-out"], ["--fresh-seeds"]]
        poisons += [["--tier", "zz" + word(3)], ["--specs", "missing-" + word(5)], ["zz" + word(6)]]
      case "sweep":
        valid = [["--spec", "tiny.json"], ["--quiet"], ["--out", "fuzz.jsonl"]]
        let i = Int.random(in: -5...20, using: &rng)
        let n = Int.random(in: -3...10, using: &rng)
        let badShard = (n >= 1 && i >= 0 && i < n) ? "\(n + i)/\(n)" : "\(i)/\(n)"
        poisons += [
          ["--shard", badShard], ["--shard", "zz" + word(3)],
          ["--seed", "-" + String(Int.random(in: 1...99, using: &rng))],
          ["--seed", "zz" + word(3)], ["zz" + word(4)],
        ]
      case "merge":
        valid = [["shard.jsonl"]]
        poisons += [["missing-" + word(5) + ".jsonl"], ["bad.jsonl"]]
      default:
        valid = Bool.random(using: &rng) ? [["--format", "json"]] : []
        let big = String(Int.random(in: 8001...1_000_000, using: &rng))
        poisons += [
          ["--gemm-size", big], ["--gemm-size=" + "-" + String(Int.random(in: 1...500, using: &rng))],
          ["--gemm-size", "zz" + word(3)], ["zz" + word(5)],
        ]
        if valid.isEmpty { poisons.append(["--format", "zz" + word(3)]) }
      }
      if sub == "reproduce" || sub == "sweep" {
        valid = valid.filter { $0.first == "--spec" || Bool.random(using: &rng) }
      }
      let chosen = poisons.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng))
      var groups = valid.shuffled(using: &rng)
      for p in chosen { groups.insert(p, at: Int.random(in: 0...groups.count, using: &rng)) }
      if sub == "merge" { groups.insert(["merged.jsonl"], at: 0) }
      cases.append([sub] + groups.flatMap { $0 })
    }
    return cases
  }()

  @Test(arguments: fuzzed)
  func fuzzedBadArgumentsGiveOneLineExitTwo(_ arguments: [String]) throws {
    let outcome = try CLI.run(arguments, in: Fixture.directory)
    #expect(outcome.status == 2 && !outcome.signaled, "\(outcome)")
    #expect(outcome.isOneLineError, "\(outcome)")
  }

  @Test func helpAndVersionStillExitZero() throws {
    for arguments in [["--help"], ["sweep", "--help"], ["reproduce", "--help"], ["merge", "--help"], ["--version"]] {
      let outcome = try CLI.run(arguments)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(!outcome.stdout.isEmpty, "\(outcome)")
    }
  }
}
