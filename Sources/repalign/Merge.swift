import ArgumentParser
import Foundation
import RepAlignClaims

/// `repalign merge OUT IN1 IN2 …`: combines shard outputs of one sweep into OUT, canonically
/// ordered (`SweepRunner.merge`), byte-identical to the unsharded sweep. Refuses inputs with a
/// corrupt or truncated line (resume that shard first), records from different experiments or
/// seeds, and conflicting records for one grid point.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Merge sweep shard outputs (JSON lines) into one file identical to an unsharded run.")

  @Argument(help: "Merged output file.") var output: String
  @Argument(help: "Shard files to merge.") var inputs: [String] = []
  @Flag(help: "Write the merge even when the shards do not cover the whole grid (the missing points are listed).")
  var allowPartial = false

  func validate() throws {
    guard !inputs.isEmpty else { throw ValidationError("give at least one input file after the output") }
    guard !output.isEmpty else { throw ValidationError("invalid output = '': must name a file") }
  }

  func run() throws {
    for path in inputs {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ValidationError("input \(path): no such file")
      }
      guard !isDirectory.boolValue else { throw ValidationError("input \(path): is a folder, expected a .jsonl file") }
      guard FileManager.default.isReadableFile(atPath: path) else {
        throw ValidationError("input \(path): not readable")
      }
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ValidationError("output \(output): is a folder, expected a file")
    }
    let summary: SweepRunner.MergeSummary
    do {
      summary = try SweepRunner.merge(
        inputs.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: output), allowPartial: allowPartial)
    } catch let error as SweepRunner.ForeignRecord {
      throw ValidationError("\(error)")
    } catch let error as OutputLock.Busy {
      throw RunFailure(error.description)
    } catch {
      throw ValidationError("cannot merge into \(output): \(error.localizedDescription)")
    }
    print("\(output): \(summary.records) records from \(inputs.count) file(s)")
    if !summary.missing.isEmpty {
      FileHandle.standardError.write(
        Data("merge: partial, missing grid points \(SweepRunner.describe(summary.missing))\n".utf8))
    }
  }
}
