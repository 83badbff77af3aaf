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
    let count: Int
    do {
      count = try SweepRunner.merge(inputs.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: output))
    } catch let error as SweepRunner.ForeignRecord {
      throw ValidationError("\(error)")
    } catch {
      throw ValidationError("cannot merge into \(output): \(error.localizedDescription)")
    }
    print("\(output): \(count) records from \(inputs.count) file(s)")
  }
}
