import Foundation
import Testing

/// Golden files: data, re-recorded on purpose.
///
/// Each golden file `golden/<name>.json` holds named fields with their values and the tolerance
/// they are checked with, in named units. `checkGolden` compares freshly computed fields with the
/// file. With `GOLDEN_RECORD=1` it re-writes the file instead and records a test issue, so the run
/// fails once, saying so; rerun without the variable to verify. A failure prints the field, both
/// values to 17 digits and the tolerance. `GoldenFiles.expected` lists every golden file a test
/// checks; a test asserts that the folder holds exactly those (nothing orphaned, nothing missing).
public struct GoldenField: Sendable {
  public let key: String
  public let value: Double
  public let tolerance: GoldenTolerance
  public init(_ key: String, _ value: Double, _ tolerance: GoldenTolerance) {
    self.key = key
    self.value = value
    self.tolerance = tolerance
  }
}

/// A tolerance in named units.
public enum GoldenTolerance: Sendable, Codable, Equatable, CustomStringConvertible {
  /// |Δ| ≤ k·ε·max(1, |golden|): deterministic numerics that may only move by round-off
  /// (BLAS summation order on another machine).
  case ulps(Double)
  /// |Δ| ≤ z·se: stochastic results compared in standard errors of the recorded estimate (for
  /// results that are deterministic given the seed this still catches any real change).
  case standardErrors(z: Double, se: Double)
  /// |Δ| ≤ amount, absolute, with a stated reason in the test.
  case absolute(Double)

  func allows(_ actual: Double, golden: Double) -> Bool {
    guard actual.isFinite == golden.isFinite else { return false }
    if !golden.isFinite { return actual == golden || (actual.isNaN && golden.isNaN) }
    return abs(actual - golden) <= bound(golden)
  }

  func bound(_ golden: Double) -> Double {
    switch self {
    case let .ulps(k): return k * Double.ulpOfOne * max(1, abs(golden))
    case let .standardErrors(z, se): return z * se
    case let .absolute(a): return a
    }
  }

  private enum CodingKeys: String, CodingKey { case unit, amount, se }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let amount = try c.decode(Double.self, forKey: .amount)
    switch try c.decode(String.self, forKey: .unit) {
    case "ulp": self = .ulps(amount)
    case "se": self = .standardErrors(z: amount, se: try c.decode(Double.self, forKey: .se))
    case "absolute": self = .absolute(amount)
    case let other:
      throw DecodingError.dataCorruptedError(forKey: .unit, in: c, debugDescription: "unknown tolerance unit \(other)")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case let .ulps(k): try c.encode("ulp", forKey: .unit); try c.encode(k, forKey: .amount)
    case let .standardErrors(z, se):
      try c.encode("se", forKey: .unit); try c.encode(z, forKey: .amount); try c.encode(se, forKey: .se)
    case let .absolute(a): try c.encode("absolute", forKey: .unit); try c.encode(a, forKey: .amount)
    }
  }

  public var description: String {
    switch self {
    case let .ulps(k): "\(k) ulp (relative, ε = 2⁻⁵²)"
    case let .standardErrors(z, se): "\(z) s.e. (s.e. = \(format17(se)))"
    case let .absolute(a): "absolute \(format17(a))"
    }
  }
}

/// The registry of golden files and where they live.
public enum GoldenFiles {
  /// Every golden file some test checks. Add a name here when adding a golden check.
  public static let expected: Set<String> = [
    "numerics-fixtures",
  ]

  /// `<repo>/golden`, found from this source file's location.
  public static var directory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("golden")
  }

  /// True when `GOLDEN_RECORD=1`.
  public static var recording: Bool { ProcessInfo.processInfo.environment["GOLDEN_RECORD"] == "1" }
}

private struct GoldenDocument: Codable {
  struct Entry: Codable {
    let key: String
    let value: Double
    let tolerance: GoldenTolerance
  }
  let name: String
  let note: String
  let fields: [Entry]
}

/// Compares `fields` with `golden/<name>.json`, or re-records it under `GOLDEN_RECORD=1`.
public func checkGolden(
  _ name: String, note: String, _ fields: [GoldenField], sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(GoldenFiles.expected.contains(name), "golden file \(name) is not registered in GoldenFiles.expected", sourceLocation: sourceLocation)
  let url = GoldenFiles.directory.appendingPathComponent("\(name).json")
  if GoldenFiles.recording {
    let document = GoldenDocument(
      name: name, note: note,
      fields: fields.map { .init(key: $0.key, value: $0.value, tolerance: $0.tolerance) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      try encoder.encode(document).write(to: url, options: .atomic)
      Issue.record("GOLDEN_RECORD=1: re-recorded \(url.path); rerun without GOLDEN_RECORD to verify", sourceLocation: sourceLocation)
    } catch {
      Issue.record("cannot write golden file \(url.path): \(error)", sourceLocation: sourceLocation)
    }
    return
  }
  guard let data = try? Data(contentsOf: url) else {
    Issue.record("golden file \(url.path) is missing; record it with GOLDEN_RECORD=1", sourceLocation: sourceLocation)
    return
  }
  guard let document = try? JSONDecoder().decode(GoldenDocument.self, from: data) else {
    Issue.record("golden file \(url.path) is malformed", sourceLocation: sourceLocation)
    return
  }
  let recorded = Dictionary(document.fields.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
  for field in fields {
    guard let golden = recorded[field.key] else {
      Issue.record("\(name): field \(field.key) is not in the golden file; re-record with GOLDEN_RECORD=1", sourceLocation: sourceLocation)
      continue
    }
    if !field.tolerance.allows(field.value, golden: golden.value) {
      Issue.record(
        "\(name): field \(field.key): actual \(format17(field.value)) golden \(format17(golden.value)) |diff| \(format17(abs(field.value - golden.value))) > tolerance \(field.tolerance) = \(format17(field.tolerance.bound(golden.value)))",
        sourceLocation: sourceLocation)
    }
  }
  let produced = Set(fields.map(\.key))
  for key in recorded.keys.sorted() where !produced.contains(key) {
    Issue.record("\(name): golden field \(key) is no longer produced (orphaned); re-record with GOLDEN_RECORD=1", sourceLocation: sourceLocation)
  }
}
