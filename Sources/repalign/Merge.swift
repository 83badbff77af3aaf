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
    guard !inputs.isEmpty else { throw BadInput.exit("give at least one input file after the output") }
    guard !output.isEmpty else { throw BadInput.exit("invalid output = '': must name a file") }
  }

  func run() throws {
    for path in inputs {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw BadInput.exit("input \(path): no such file") }
      guard !isDirectory.boolValue else { throw BadInput.exit("input \(path): is a folder, expected a .jsonl file") }
      guard FileManager.default.isReadableFile(atPath: path) else { throw BadInput.exit("input \(path): not readable") }
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
      throw BadInput.exit("output \(output): is a folder, expected a file")
    }
    let count: Int
    do {
      count = try SweepRunner.merge(inputs.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: output))
    } catch let error as SweepRunner.ForeignRecord {
      throw BadInput.exit("\(error)")
    } catch {
      throw BadInput.exit("cannot merge into \(output): \(error.localizedDescription)")
    }
    print("\(output): \(count) records from \(inputs.count) file(s)")
  }
}
