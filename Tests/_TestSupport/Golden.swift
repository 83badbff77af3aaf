import Foundation
import Testing

/// Golden files: data, re-recorded on purpose.
///
/// Each golden file `golden/<name>.json` holds named fields with their values and the tolerance
/// they are checked with, in named units. `checkGolden` compares freshly computed fields with the
/// file under the tolerance **recorded in the file** (the caller's tolerance is only what a
/// recording writes), so a change that inflates the run's own standard errors cannot widen its
/// check; a recorded field without a tolerance is an error. With `GOLDEN_RECORD=1` it re-writes the file instead and records a test issue, so the run
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
    case .ulps(let k): return k * Double.ulpOfOne * max(1, abs(golden))
    case .standardErrors(let z, let se): return z * se
    case .absolute(let a): return a
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
    case .ulps(let k):
      try c.encode("ulp", forKey: .unit)
      try c.encode(k, forKey: .amount)
    case .standardErrors(let z, let se):
      try c.encode("se", forKey: .unit)
      try c.encode(z, forKey: .amount)
      try c.encode(se, forKey: .se)
    case .absolute(let a):
      try c.encode("absolute", forKey: .unit)
      try c.encode(a, forKey: .amount)
    }
  }

  public var description: String {
    switch self {
    case .ulps(let k): "\(k) ulp (relative, ε = 2⁻⁵²)"
    case .standardErrors(let z, let se): "\(z) s.e. (s.e. = \(format17(se)))"
    case .absolute(let a): "absolute \(format17(a))"
    }
  }
}

/// The registry of golden files and where they live.
public enum GoldenFiles {
  /// Every golden file some test checks: the fixed list below, plus `claim-<id>` for every
  /// fast-tier claim experiment in `Validation/specs` (each records its seeded simulation).
  /// Add a name here when adding a golden check.
  public static var expected: Set<String> {
    Set(["numerics-fixtures"]).union(ValidationSpecs.ids(tier: "fast").map { "claim-\($0)" })
  }

  /// `<repo>/golden`, found from this source file's location.
  public static var directory: URL { ValidationSpecs.repositoryRoot.appendingPathComponent("golden") }

  /// True when `GOLDEN_RECORD=1`.
  public static var recording: Bool { ProcessInfo.processInfo.environment["GOLDEN_RECORD"] == "1" }
}

struct GoldenDocument: Codable {
  struct Entry: Codable {
    let key: String
    let value: Double
    /// Optional only so that a file missing one decodes and the error can name the field.
    let tolerance: GoldenTolerance?
  }
  let name: String
  let note: String
  let fields: [Entry]
}

/// Compares `fields` with `golden/<name>.json`, or re-records it under `GOLDEN_RECORD=1`.
public func checkGolden(
  _ name: String, note: String, _ fields: [GoldenField], sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    GoldenFiles.expected.contains(name), "golden file \(name) is not registered in GoldenFiles.expected",
    sourceLocation: sourceLocation)
  let url = GoldenFiles.directory.appendingPathComponent("\(name).json")
  if GoldenFiles.recording {
    let document = GoldenDocument(
      name: name, note: note,
      fields: fields.map { .init(key: $0.key, value: $0.value, tolerance: $0.tolerance) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
      try encoder.encode(document).write(to: url, options: .atomic)
      Issue.record(
        "GOLDEN_RECORD=1: re-recorded \(url.path); rerun without GOLDEN_RECORD to verify",
        sourceLocation: sourceLocation)
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
  for problem in GoldenFiles.compare(name, fields, document: document) {
    Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
  }
}

extension GoldenFiles {
  /// The problems of `fields` against a golden document (empty when it matches): each field is
  /// checked with the tolerance recorded for it in the document, never with the caller's; a
  /// field the document lacks, a recorded field without a tolerance, and a recorded field no
  /// longer produced are each a problem.
  public static func compare(_ name: String, _ fields: [GoldenField], goldenJSON data: Data) -> [String] {
    guard let document = try? JSONDecoder().decode(GoldenDocument.self, from: data) else {
      return ["\(name): golden file is malformed"]
    }
    return compare(name, fields, document: document)
  }

  static func compare(_ name: String, _ fields: [GoldenField], document: GoldenDocument) -> [String] {
    var problems: [String] = []
    let recorded = Dictionary(document.fields.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    for field in fields {
      guard let golden = recorded[field.key] else {
        problems.append("\(name): field \(field.key) is not in the golden file; re-record with GOLDEN_RECORD=1")
        continue
      }
      guard let tolerance = golden.tolerance else {
        problems.append(
          "\(name): golden field \(field.key) has no recorded tolerance; re-record with GOLDEN_RECORD=1")
        continue
      }
      if !tolerance.allows(field.value, golden: golden.value) {
        problems.append(
          "\(name): field \(field.key): actual \(format17(field.value)) golden \(format17(golden.value)) |diff| \(format17(abs(field.value - golden.value))) > recorded tolerance \(tolerance) = \(format17(tolerance.bound(golden.value)))"
        )
      }
    }
    let produced = Set(fields.map(\.key))
    for key in recorded.keys.sorted() where !produced.contains(key) {
      problems.append("\(name): golden field \(key) is no longer produced (orphaned); re-record with GOLDEN_RECORD=1")
    }
    return problems
  }
}

/// Where the declarative claim experiments live, for tests.
public enum ValidationSpecs {
  /// The repository root, found from this source file's location.
  public static var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// `<repo>/Validation/specs`.
  public static var directory: URL { repositoryRoot.appendingPathComponent("Validation/specs") }

  /// The ids of the spec files of a tier, sorted (read with JSONSerialization so that test
  /// discovery does not depend on the code under test).
  public static func ids(tier: String) -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
    return files.filter { $0.pathExtension == "json" }.compactMap { url -> String? in
      guard let data = try? Data(contentsOf: url),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        object["tier"] as? String == tier, let id = object["id"] as? String
      else { return nil }
      return id
    }.sorted()
  }
}

// MARK: - Golden command outputs

/// Golden command-line outputs (`golden/cli/<name>.txt`), argument-parser's `ExampleTests` habit
/// with numbers compared to a tolerance.
///
/// The text is split into numbers (decimal, exponent notation, `nan`, `inf`) and the text between
/// them. The text between numbers must match the golden file exactly (help layouts, key names,
/// labels); each number must match its golden counterpart within `tolerance`. Machine-dependent
/// values (timings, GFLOP/s, paths, library versions, BLAS core names) are replaced by `<masked>`
/// *before* comparing and recording, by the caller's `masks`, so they never enter the golden file.
/// `GOLDEN_RECORD=1` re-writes the file from the masked output and records an issue, as
/// `checkGolden` does.
public enum GoldenOutputs {
  /// `<repo>/golden/cli`.
  public static var directory: URL { GoldenFiles.directory.appendingPathComponent("cli") }

  /// The names of the golden outputs present (file names without `.txt`).
  public static func present() throws -> Set<String> {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    return Set(names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) })
  }

  /// A mask: every match of `pattern` (a regular expression) is replaced by `template`, in which
  /// `$1`… refer to the pattern's groups and `<masked>` marks what was removed.
  public struct Mask: Sendable {
    public let pattern: String
    public let template: String
    public init(_ pattern: String, _ template: String) {
      self.pattern = pattern
      self.template = template
    }

    func apply(_ text: String) -> String {
      guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else {
        return "invalid mask pattern \(pattern)"
      }
      return regex.stringByReplacingMatches(
        in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
  }

  /// `text` with every mask applied in order.
  public static func masked(_ text: String, _ masks: [Mask]) -> String {
    masks.reduce(text) { $1.apply($0) }
  }

  /// The numbers of `text` and the text around them: segments.count == numbers.count + 1.
  static func split(_ text: String) -> (segments: [String], numbers: [(String, Double)]) {
    let pattern = #"(?<![A-Za-z_])(?:nan|[-+]?inf)(?![A-Za-z_])|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"#
    let regex = try! NSRegularExpression(pattern: pattern)
    var segments: [String] = []
    var numbers: [(String, Double)] = []
    var last = text.startIndex
    for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
      let range = Range(match.range, in: text)!
      segments.append(String(text[last..<range.lowerBound]))
      let token = String(text[range])
      numbers.append((token, Double(token) ?? .nan))
      last = range.upperBound
    }
    segments.append(String(text[last...]))
    return (segments, numbers)
  }

  /// Compares `actual` (masked) with `golden/cli/<name>.txt`, or re-records it under
  /// `GOLDEN_RECORD=1`. Returns the problems found (empty when it matches), also recorded as issues.
  @discardableResult
  public static func check(
    _ name: String, _ actual: String, masks: [Mask] = [], tolerance: GoldenTolerance,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> [String] {
    let text = masked(actual, masks)
    let url = directory.appendingPathComponent("\(name).txt")
    if GoldenFiles.recording {
      do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
        Issue.record(
          "GOLDEN_RECORD=1: re-recorded \(url.path); rerun without GOLDEN_RECORD to verify",
          sourceLocation: sourceLocation)
      } catch {
        Issue.record("cannot write golden output \(url.path): \(error)", sourceLocation: sourceLocation)
      }
      return []
    }
    guard let data = try? Data(contentsOf: url) else {
      let problem = "golden output \(url.path) is missing; record it with GOLDEN_RECORD=1"
      Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
      return [problem]
    }
    let problems = compare(text, golden: String(decoding: data, as: UTF8.self), tolerance: tolerance)
    for problem in problems.prefix(5) {
      Issue.record(Comment(rawValue: "\(name): \(problem)"), sourceLocation: sourceLocation)
    }
    return problems
  }

  /// The differences between `actual` and `golden` under the rules of the type (no issues recorded).
  public static func compare(_ actual: String, golden: String, tolerance: GoldenTolerance) -> [String] {
    let a = split(actual)
    let g = split(golden)
    func line(_ segments: [String], _ k: Int) -> Int {
      segments.prefix(k + 1).reduce(1) { $0 + $1.filter(\.isNewline).count }
    }
    var problems: [String] = []
    for k in 0..<min(a.segments.count, g.segments.count) where a.segments[k] != g.segments[k] {
      let (actual, expected) = (a.segments[k].debugDescription, g.segments[k].debugDescription)
      problems.append("text differs near golden line \(line(g.segments, k)): actual \(actual), golden \(expected)")
      return problems // numbers after a text difference are misaligned
    }
    if a.numbers.count != g.numbers.count {
      return ["\(a.numbers.count) numbers, golden has \(g.numbers.count)"]
    }
    for (k, (actualNumber, goldenNumber)) in zip(a.numbers, g.numbers).enumerated()
    where !tolerance.allows(actualNumber.1, golden: goldenNumber.1) {
      problems.append(
        "number \(k + 1) (golden line \(line(g.segments, k))): actual \(actualNumber.0), golden \(goldenNumber.0), "
          + "tolerance \(tolerance)")
    }
    return problems
  }
}
