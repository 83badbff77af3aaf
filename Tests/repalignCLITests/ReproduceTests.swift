import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `repalign reproduce` end to end on a folder with one tiny spec (built binary): the verdict
/// table, the exit code, and every output file in a form pandas and NumPy load.
@Suite struct ReproduceTests {
  /// `--controls`: every spec also runs under each negative control, as its own experiment
  /// (`<id>--<control>`); the control rows are listed under "Controls" and do not decide the exit
  /// code. `no_signal` gives both noise levels identical data, so it must break every check.
  @Test func controlsAreRunAndReportedButNotCounted() throws {
    let dir = try CLI.temporaryDirectory("reproduce-controls")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
    try CLI.write(json: CLI.tinySpec(), to: dir.appendingPathComponent("specs/tiny.json"))
    let outcome = try CLI.run(["reproduce", "--specs", "specs", "--out", "out", "--controls"], in: dir)
    let out = dir.appendingPathComponent("out")
    let claims = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("claims.json")))
        as? [[String: Any]])
    let experiments = Set(claims.compactMap { $0["experiment"] as? String })
    #expect(experiments == ["tiny", "tiny--shared_noise", "tiny--train_inputs", "tiny--no_signal"], "\(experiments)")
    let noSignal = claims.filter { ($0["experiment"] as? String) == "tiny--no_signal" }
    #expect(noSignal.count == 2 * 2 && noSignal.allSatisfy { ($0["status"] as? String) == "BROKEN by no_signal" })
    #expect(noSignal.allSatisfy { ($0["control"] as? String) == "no_signal" })
    let realFailed = claims.contains { ($0["experiment"] as? String) == "tiny" && ($0["passed"] as? Bool) == false }
    #expect(outcome.status == (realFailed ? 1 : 0), "\(outcome)")
    #expect(outcome.stdout.contains("negative-control checks"), "\(outcome.stdout)")
    let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    #expect(report.contains("## Controls") && report.contains("| tiny--no_signal | snr_monotone | `no_signal` |"))
  }

  /// A control that cannot run (train_inputs on a grid starting below the 4 samples debiased
  /// CKA needs) is listed in the report, not run, and does not make the run fail.
  @Test func inapplicableControlsAreListedNotFailed() throws {
    let dir = try CLI.temporaryDirectory("reproduce-inapplicable")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
    var spec = CLI.tinySpec(sizes: [2, 6])
    spec["measures"] = ["linear_cka", "debiased_cka"]
    try CLI.write(json: spec, to: dir.appendingPathComponent("specs/tiny.json"))
    let outcome = try CLI.run(["reproduce", "--specs", "specs", "--out", "out", "--controls", "--quiet"], in: dir)
    let report = try String(contentsOf: dir.appendingPathComponent("out/report.md"), encoding: .utf8)
    #expect(
      report.contains("tiny--train_inputs: train_inputs measures on the training inputs"), "\(report.prefix(400))")
    #expect(!outcome.stderr.contains("tiny--train_inputs (seed"), "\(outcome)")
    let claims = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/claims.json")))
        as? [[String: Any]])
    #expect(!claims.contains { ($0["experiment"] as? String) == "tiny--train_inputs" })
    let realFailed = claims.contains { ($0["experiment"] as? String) == "tiny" && ($0["passed"] as? Bool) == false }
    #expect(outcome.status == (realFailed ? 1 : 0), "\(outcome)")
  }

  @Test func writesReportDataAndFiguresWithAConsistentExitCode() throws {
    let dir = try CLI.temporaryDirectory("reproduce")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
    try CLI.write(
      json: CLI.tinySpec(sizes: [2, 4, 7], levels: [0.5, 8]), to: dir.appendingPathComponent("specs/tiny.json"))
    var slow = CLI.tinySpec(id: "tiny-slow")
    slow["tier"] = "slow"
    try CLI.write(json: slow, to: dir.appendingPathComponent("specs/tiny-slow.json"))
    let outcome = try CLI.run(["reproduce", "--specs", "specs", "--out", "out", "--tier", "fast"], in: dir)
    let out = dir.appendingPathComponent("out")

    // claims.json: a flat array of rows; the exit code is 1 iff a row failed.
    let claims = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("claims.json")))
        as? [[String: Any]])
    #expect(claims.count == 3 * 2, "3 sizes × 2 measures for an SNR claim")
    #expect(Set(claims.compactMap { $0["experiment"] as? String }) == ["tiny"], "fast tier leaves the slow spec out")
    let anyFailed = claims.contains { ($0["passed"] as? Bool) == false }
    #expect(outcome.status == (anyFailed ? 1 : 0), "\(outcome)")
    #expect(outcome.stdout.hasPrefix("experiment  claim"), "\(outcome.stdout)")
    // Standard error is a pipe here: one progress line per finished experiment, then one for the
    // report, nothing else.
    let progress = outcome.stderr.split(separator: "\n")
    #expect(
      progress.count == 2 && progress[0].hasPrefix("[1/1] tiny: finished in ") && progress[0].contains("elapsed")
        && progress[1].hasPrefix("writing the report to out"),
      "one line per experiment when stderr is not a terminal: \(outcome.stderr)")

    // CSV: header and one row per point × measure.
    let csv = try String(contentsOf: out.appendingPathComponent("curves/tiny.csv"), encoding: .utf8).split(
      separator: "\n")
    #expect(csv.first?.hasPrefix("experiment,index,n,snr,") == true)
    #expect(csv.count == 1 + 6 * 2)
    #expect(
      csv.dropFirst().allSatisfy {
        $0.split(separator: ",", omittingEmptySubsequences: false).count == csv[0].split(separator: ",").count
      })

    // .npy: magic, float64 C order, shape (sizes, levels).
    let npy = try Data(contentsOf: out.appendingPathComponent("matrices/tiny-linear_cka-alignment.npy"))
    #expect(npy.prefix(6) == Data([0x93]) + Data("NUMPY".utf8))
    let header = String(decoding: npy.prefix(128), as: UTF8.self)
    #expect(header.contains("'descr': '<f8'") && header.contains("(3, 2)"), "\(header)")

    // Records: JSON lines, one per grid point.
    let records = try String(contentsOf: out.appendingPathComponent("records/tiny.jsonl"), encoding: .utf8).split(
      separator: "\n")
    #expect(records.count == 6)
    for line in records { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any]) }

    // Figures: one per kind (panels per measure, the test error under alignment vs n),
    // well-formed SVG documents.
    let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path)
      .sorted()
    for kind in ["alignment-vs-n", "alignment-vs-snr", "alignment-vs-test-error"] {
      #expect(figures.contains("tiny-\(kind).svg"), "\(figures)")
    }
    for file in figures {
      let svg = try String(contentsOf: out.appendingPathComponent("figures/\(file)"), encoding: .utf8)
      #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
      #expect((try? XMLDocument(xmlString: svg)) != nil, "\(file) is not well-formed XML")
    }
    let threshold = try String(
      contentsOf: out.appendingPathComponent("figures/tiny-alignment-vs-n.svg"), encoding: .utf8)
    #expect(threshold.contains("n* = d"), "the threshold is marked")

    // report.md links every figure and states the provenance.
    let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    for file in figures { #expect(report.contains("(figures/\(file))")) }
    // report.html holds every figure inline.
    let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(html.components(separatedBy: "<svg ").count - 1 == figures.count)
    for field in ["| version |", "| git commit |", "| seeds |", "| BLAS |", "| wall time |"] {
      #expect(report.contains(field))
    }

    // provenance.json records every stream path below each experiment's master seed (spec seed 11).
    let provenance = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("provenance.json")))
        as? [String: Any])
    let streams = try #require((provenance["streams"] as? [String: Any])?["tiny"] as? [String: String], "\(provenance)")
    #expect(streams["task"] == "11/tiny/task" && streams["theory_overlay"] == "11/tiny/overlay/<n>", "\(streams)")
    #expect(streams["batches"] == "11/tiny/init/members/<a>/batches", "\(streams)")
  }

  /// Fixed seeds: two runs give identical data files (not the report, which records wall times).
  @Test func fixedSeedsAreReproducible() throws {
    let dir = try CLI.temporaryDirectory("reproduce-twice")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
    try CLI.write(json: CLI.tinySpec(), to: dir.appendingPathComponent("specs/tiny.json"))
    _ = try CLI.run(["reproduce", "--specs", "specs", "--out", "a", "--quiet"], in: dir)
    _ = try CLI.run(["reproduce", "--specs", "specs", "--out", "b", "--quiet"], in: dir)
    for file in ["claims.json", "curves/tiny.csv", "records/tiny.jsonl", "matrices/tiny-test-error.npy"] {
      let a = try Data(contentsOf: dir.appendingPathComponent("a/\(file)"))
      let b = try Data(contentsOf: dir.appendingPathComponent("b/\(file)"))
      #expect(!a.isEmpty && a == b, "\(file)")
    }
  }

  /// An experiment that throws (here: GD diverges at learning rate 50) is reported on one line
  /// and skipped; the other experiments still run and their report is written; exit code 1.
  @Test func aFailingExperimentDoesNotLoseTheOthers() throws {
    let dir = try CLI.temporaryDirectory("reproduce-error")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
    var bad = CLI.tinySpec(id: "diverges", steps: 200)
    bad["training"] = ["optimizer": "gd", "steps": 200, "learning_rate": 50.0]
    try CLI.write(json: bad, to: dir.appendingPathComponent("specs/diverges.json"))
    try CLI.write(json: CLI.tinySpec(id: "tiny"), to: dir.appendingPathComponent("specs/tiny.json"))
    let outcome = try CLI.run(["reproduce", "--specs", "specs", "--out", "out", "--quiet"], in: dir)
    #expect(outcome.status == 1, "\(outcome)")
    #expect(
      outcome.isOneLineError && outcome.stderr.contains("experiment diverges") && outcome.stderr.contains("diverged"),
      "\(outcome)")
    #expect(outcome.stdout.contains("1 experiment(s) did not run"), "\(outcome.stdout)")
    let claims = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/claims.json")))
        as? [[String: Any]])
    #expect(Set(claims.compactMap { $0["experiment"] as? String }) == ["tiny"])
    let report = try String(contentsOf: dir.appendingPathComponent("out/report.md"), encoding: .utf8)
    #expect(report.contains("## Experiments that did not run") && report.contains("experiment diverges"))
  }
}
