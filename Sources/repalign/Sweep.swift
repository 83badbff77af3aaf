import ArgumentParser
import Foundation
import RepAlignClaims
import RepAlignNumerics

/// `repalign sweep --spec FILE`: the spec's grid, one durable self-describing JSON line per grid
/// point (`SweepRunner`, `RecordStore`). `--shard i/N` computes only the points with
/// index mod N = i; `--resume` keeps the valid records of an interrupted run and recomputes the
/// rest. The finished file is canonical, so merged shards and resumed runs equal an
/// uninterrupted run byte for byte.
struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a spec's grid into a JSON-lines file; shardable and resumable.")

  @Option(help: "Spec file (JSON, as in Validation/specs).") var spec: String
  @Option(help: "Output file (default: <id>.jsonl, or <id>.shard-i-of-N.jsonl with --shard).")
  var out: String?
  @Option(
    help: ArgumentHelp(
      "Compute only shard i of N (0 ≤ i < N): the grid points with index mod N = i.", valueName: "i/N"),
    transform: GridShard.parsedArgument)
  var shard: GridShard?
  @Flag(help: "Keep valid records already in the output; recompute missing, truncated or corrupt ones.")
  var resume = false
  @Option(help: "Master seed (default: the spec's seed).") var seed: UInt64?
  @Flag(help: "No progress on standard error.") var quiet = false
  @OptionGroup var budget: BudgetOptions

  func validate() throws {
    if let out, out.isEmpty { throw ValidationError("invalid --out = '': must name a file") }
    guard !spec.isEmpty else { throw ValidationError("invalid --spec = '': must name a file") }
  }

  func run() throws {
    let experiment = try SpecLoading.load(file: spec, allowLarge: budget.allowLarge)
    let part = shard ?? .all
    let path =
      out
      ?? (part.count == 1 ? "\(experiment.id).jsonl" : "\(experiment.id).shard-\(part.index)-of-\(part.count).jsonl")
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
      guard !isDirectory.boolValue else {
        throw ValidationError("invalid --out = \(path): is a folder, expected a file")
      }
      guard FileManager.default.isWritableFile(atPath: url.path) else {
        throw ValidationError("invalid --out = \(path): not writable")
      }
    }
    if resume, FileManager.default.fileExists(atPath: url.path), !FileManager.default.isReadableFile(atPath: url.path) {
      throw ValidationError("invalid --out = \(path): not readable, cannot resume")
    }
    let meter = ProgressMeter(label: "\(experiment.id) shard \(part)", quiet: quiet)
    let summary: SweepRunner.Summary
    do {
      summary = try SweepRunner.run(
        experiment, output: url, shard: part, resume: resume, masterSeed: seed,
        progress: { done, total in meter.update(done: done, total: total) })
    } catch let error as SweepRunner.ForeignRecord {
      meter.finish()
      throw ValidationError("\(error)")
    } catch let error as CocoaError
      where error.code == .fileWriteNoPermission || error.code == .fileNoSuchFile || error.code == .fileWriteUnknown
    {
      meter.finish()
      throw ValidationError("invalid --out = \(path): \(error.localizedDescription)")
    } catch {
      meter.finish()
      throw RunFailure("sweep \(experiment.id) failed: \(error)")
    }
    meter.finish()
    var line =
      "\(path): \(summary.owned) points of shard \(part) (computed \(summary.computed), reused \(summary.reused)"
    if !summary.corruptLines.isEmpty {
      line += ", recomputed after \(summary.corruptLines.count) corrupt or truncated line(s)"
    }
    print(line + ")")
  }
}

/// `--shard i/N` (`GridShard(parsing:)`: integers with 0 ≤ i < N).
extension GridShard: ExpressibleByArgument {
  public init?(argument: String) {
    guard let shard = try? GridShard(parsing: argument) else { return nil }
    self = shard
  }

  /// The option's transform: like `init?(argument:)`, but a bad value says what is allowed
  /// (argument-parser appends the reason to "The value … is invalid for '--shard <i/N>'").
  static func parsedArgument(_ argument: String) throws -> GridShard {
    do { return try GridShard(parsing: argument) } catch { throw ValidationError(error.requirement) }
  }
}
