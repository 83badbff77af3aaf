import ArgumentParser
import Foundation
import RepAlignClaims
import RepAlignNumerics

/// `repalign reproduce`: runs every claim experiment in `Validation/specs` (or `--specs DIR`),
/// prints the verdict table and writes the report folder (`ReportWriter`: report.md, claims.json,
/// provenance.json, records/*.jsonl, curves/*.csv, matrices/*.npy, figures/*.svg, report.html).
///
/// Exit code 0 when every claim check passes (or is documented: not established, or a known
/// intermittent failure under `--fresh-seeds`), 1 when one fails or a real experiment cannot run,
/// 2 for bad input. Negative controls never decide the exit code: a control that cannot apply is
/// listed and not run, and a control run that throws is listed as "cannot run: <reason>" in the
/// report (and on standard error) while the other runs go on — a control is evidence about a
/// check, not a claim of the build.
struct Reproduce: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the claim experiments, print the verdicts and write a report with figures and data.")

  enum Tier: String, ExpressibleByArgument, CaseIterable { case fast, full }

  @Option(help: "Output folder.") var out: String = "out"
  @Option(help: "Which specs: fast runs those with tier fast, full runs every spec.") var tier: Tier = .fast
  @Option(help: "Folder of spec files (default: Validation/specs under the current directory).")
  var specs: String = "Validation/specs"
  @Flag(help: "No progress on standard error.") var quiet = false
  @Flag(help: "Draw fresh master seeds instead of the specs' fixed seeds (recorded in the report).")
  var freshSeeds = false
  @Flag(
    help:
      "Also run every chosen spec under each negative control (shared_noise, train_inputs, no_signal; id <spec>--<control>) and list them under Controls."
  )
  var controls = false
  @OptionGroup var budget: BudgetOptions

  func validate() throws {
    guard !out.isEmpty else { throw ValidationError("invalid --out = '': must name a folder") }
    guard !specs.isEmpty else { throw ValidationError("invalid --specs = '': must name a folder") }
  }

  func run() throws {
    let start = Date()
    let all = try SpecLoading.loadAll(folder: specs, allowLarge: budget.allowLarge)
    var chosen = tier == .fast ? all.filter { $0.tier == .fast } : all
    // The fast tier must run on a clean clone: a fast spec whose downloadable data are not in the
    // cache is skipped with a note naming the fetch command. The full tier requires the data (the
    // experiment then fails with the same command in its error).
    if tier == .fast {
      for spec in chosen where !spec.task.kind.isAvailable {
        FileHandle.standardError.write(
          Data(
            "reproduce: skipping \(spec.id): its \(spec.task.kind) data are not in the data cache (fetch with `\(spec.task.kind.download!.dataset.fetchCommand)`)\n"
              .utf8))
      }
      chosen = chosen.filter { $0.task.kind.isAvailable }
    }
    guard !chosen.isEmpty else { throw ValidationError("no \(tier == .fast ? "fast-tier " : "")specs in \(specs)") }
    // Each control run is its own experiment (id <spec>--<control>, so its files and streams are
    // its own), without the spec's documented exceptions: whether it breaks a check is reported.
    var runs = chosen
    var notApplicable: [String] = []
    if controls {
      for spec in chosen where spec.control == nil {
        for control in NegativeControl.allCases {
          // A control that cannot run on the spec is listed, not run (and not a failure).
          if let reason = control.inapplicability(to: spec) {
            notApplicable.append("\(spec.id)--\(control): \(reason)")
            continue
          }
          var copy = spec
          copy.id = "\(spec.id)--\(control)"
          copy.control = control
          copy.statistics.documentedExceptions = nil
          runs.append(copy)
        }
      }
    }
    let outURL = URL(fileURLWithPath: out)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: outURL.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw ValidationError("invalid --out = \(out): is a file, expected a folder")
    }
    do {
      try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
    } catch {
      throw ValidationError("invalid --out = \(out): cannot create the folder (\(error.localizedDescription))")
    }
    guard FileManager.default.isWritableFile(atPath: outURL.path) else {
      throw ValidationError("invalid --out = \(out): folder is not writable")
    }

    var outcomes: [ExperimentOutcome] = []
    var seeds: [String: UInt64] = [:]
    var streams: [String: ExperimentStreams] = [:]
    // An experiment that throws (a diverged member, a measure refusing its input) is reported and
    // skipped: the others still run and their report is still written, then the exit code is 1.
    var errors: [String] = []
    // Progress: experiment i of N with elapsed and estimated remaining time, rewritten in place
    // on a terminal; one line per finished experiment otherwise (RunProgress); none with --quiet.
    let progress = RunProgress(total: runs.count, quiet: quiet)
    for (i, spec) in runs.enumerated() {
      let seed = freshSeeds ? UInt64.random(in: 0...UInt64.max) : spec.seed
      seeds[spec.id] = seed
      streams[spec.id] = ExperimentRunner.streams(spec, masterSeed: seed)
      progress.begin(index: i + 1, label: spec.id)
      let experimentStart = Date()
      do {
        outcomes.append(try ExperimentOutcome.run(spec, seed: seed) { progress.update(done: $0, of: $1) })
        progress.finish(seconds: Date().timeIntervalSince(experimentStart))
      } catch {
        progress.finish(seconds: Date().timeIntervalSince(experimentStart), failed: true)
        let reason = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        if spec.control != nil {
          notApplicable.append("\(spec.id): cannot run: \(reason) (seed \(seed))")
          FileHandle.standardError.write(Data("reproduce: control \(notApplicable.last!)\n".utf8))
        } else {
          errors.append("experiment \(spec.id) (seed \(seed)) failed: \(reason)")
          BadInput.report(errors.last!)
        }
      }
    }
    let rows = outcomes.flatMap(\.claims)
    print(VerdictTable.text(rows), terminator: "")
    let provenance = Provenance(
      version: RepAlignVersion.string,
      gitCommit: Provenance.gitCommit(in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)),
      tier: tier.rawValue, freshSeeds: freshSeeds, seeds: seeds, streams: streams, startedAt: start,
      wallSeconds: Date().timeIntervalSince(start))
    // Writing the report evaluates the dense theory curves: minutes for the linear network with
    // controls, so say so.
    progress.note("writing the report to \(out)")
    let report: URL
    do {
      report = try ReportWriter.write(
        outcomes, provenance: provenance, theory: TheoryOverlay.exactTier, errors: errors,
        notApplicable: notApplicable, to: outURL)
    } catch {
      throw RunFailure("cannot write the report to \(out): \(error)")
    }
    let failed = rows.filter { !$0.acceptable }.count
    let documented = rows.filter { $0.control == nil && $0.acceptable && !$0.excused.isEmpty }.count
    // Fresh seeds only: checks whose sole failures are declared intermittent comparisons.
    let intermittent = rows.filter { $0.control == nil && $0.acceptable && $0.excused.isEmpty && $0.knownIntermittent }
      .count
    let notRun = errors.isEmpty ? "" : ", \(errors.count) experiment(s) did not run"
    let controls = rows.filter { $0.control != nil }
    let controlNote =
      controls.isEmpty ? "" : ", \(controls.count) negative-control checks (\(controls.filter(\.broken).count) broken)"
    print(
      "\(rows.count - controls.count - failed - documented - intermittent) of \(rows.count - controls.count) claim checks passed, \(documented) not established in documented regimes, "
        + (freshSeeds ? "\(intermittent) known intermittent failures (documented, fresh seeds), " : "")
        + "\(failed) failed\(controlNote)\(notRun); report: \(report.path) (\(String(format: "%.1f", Date().timeIntervalSince(start))) s)"
    )
    if failed > 0 || !errors.isEmpty { throw ExitCode(1) }
  }
}
