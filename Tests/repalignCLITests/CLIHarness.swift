import Foundation
import Testing
import _TestSupport

/// Runs the built `repalign` binary as a user would (argument-parser's `ExampleTests` habit):
/// SwiftPM builds the executable with the tests, next to the test bundle.
enum CLI {
  struct Outcome: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String
    /// Terminated by a signal (a trap), not an exit.
    let signaled: Bool

    var description: String {
      "repalign \(arguments.map { "'\($0)'" }.joined(separator: " ")) → status \(status)\(signaled ? " (signal)" : ""), stderr: \(stderr.debugDescription)"
    }

    /// Exactly one non-empty line on standard error, starting with "Error: ".
    var isOneLineError: Bool {
      stderr.hasPrefix("Error: ") && stderr.hasSuffix("\n") && stderr.dropLast().allSatisfy { !$0.isNewline }
        && stderr.count > "Error: \n".count
    }
  }

  /// The binary: `REPALIGN_BINARY`, else `repalign` beside the test bundle, else
  /// `<package>/.build/debug/repalign`.
  static let binary: URL = {
    if let path = ProcessInfo.processInfo.environment["REPALIGN_BINARY"] { return URL(fileURLWithPath: path) }
    var candidates: [URL] = []
    if let exe = Bundle.main.executableURL {
      candidates.append(exe.deletingLastPathComponent().appendingPathComponent("repalign"))
    }
    candidates.append(Bundle.main.bundleURL.appendingPathComponent("repalign"))
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("repalign"))
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    candidates.append(package.appendingPathComponent(".build/debug/repalign"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
  }()

  /// Starts the binary; the caller waits (or kills).
  static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> (
    Process, Pipe, Pipe
  ) {
    let process = Process()
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    process.executableURL = binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return (process, out, err)
  }

  /// Runs to completion and captures both streams.
  static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
    -> Outcome
  {
    let (process, out, err) = try start(arguments, in: directory, environment: environment)
    // Read both pipes concurrently so neither can fill up and block the child.
    let errData = LockedData()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData.set(err.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Outcome(
      arguments: arguments, status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.get(), as: UTF8.self), signaled: process.terminationReason == .uncaughtSignal)
  }

  /// A fresh temporary folder.
  static func temporaryDirectory(_ label: String) throws -> URL { try TemporaryDirectory.make("cli-\(label)") }

  /// A tiny valid spec (d = 4, a 2 × 2 grid or larger, 3 members, 40 GD steps): milliseconds per
  /// point even in a debug build. `sizes`/`levels` enlarge the grid.
  static func tinySpec(id: String = "tiny", sizes: [Int] = [3, 6], levels: [Double] = [1, 4], steps: Int = 40)
    -> [String: Any]
  {
    [
      "id": id, "claim": "snr_monotone", "description": "tiny CLI test spec", "tier": "fast",
      "task": ["kind": "linear_regression", "input_dimension": 4, "signal_variance": 1],
      "model": ["activation": "identity", "width": 4, "init_scale": 0.001],
      "training": ["optimizer": "gd", "steps": steps, "learning_rate": 0.05],
      "grid": ["n": sizes, "snr": levels], "members": 3, "test_size": 20, "seed": 11,
      "measures": ["linear_cka", "information_imbalance"], "statistics": ["significance": 0.01],
    ]
  }

  static func write(json object: Any, to url: URL) throws {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
  }
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ d: Data) {
    lock.lock()
    data = d
    lock.unlock()
  }
  func get() -> Data {
    lock.lock()
    defer { lock.unlock() }
    return data
  }
}

/// SplitMix64: a fixed-seed generator for the fuzzed corpora (independent of the library's
/// streams, so a change there does not change the corpus).
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
