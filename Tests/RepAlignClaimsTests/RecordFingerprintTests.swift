import Foundation
import Testing
import _TestSupport

@testable import RepAlignClaims

/// `ExperimentSpec.recordFingerprint`: changes with every field that determines a record and with
/// none of the fields that only judge or describe it.
@Suite struct RecordFingerprintTests {
  static func spec(_ edit: (inout ExperimentSpec) -> Void = { _ in }) throws -> ExperimentSpec {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fp-\(UUID().uuidString).json")
    try Data(ExperimentSpecTests.valid.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    var s = try ExperimentSpec.load(url)
    edit(&s)
    return s
  }

  @Test func determinedByTheComputationOnly() throws {
    let base = try Self.spec().recordFingerprint()
    #expect(base.count == 16)
    #expect(try Self.spec().recordFingerprint() == base, "deterministic")
    let judged: [(String, (inout ExperimentSpec) -> Void)] = [
      ("description", { $0.description += " edited" }), ("tier", { $0.tier = $0.tier == .fast ? .slow : .fast }),
      ("statistics", { $0.statistics.significance /= 2 }),
    ]
    for (field, edit) in judged { #expect(try Self.spec(edit).recordFingerprint() == base, "\(field) must not count") }
    let computed: [(String, (inout ExperimentSpec) -> Void)] = [
      ("steps", { $0.training.steps += 1 }), ("learning rate", { $0.training.learningRate *= 1.5 }),
      ("grid", { $0.grid.n.append(($0.grid.n.last ?? 1) + 1) }), ("members", { $0.members += 1 }),
      ("test size", { $0.testSize += 1 }), ("width", { $0.model.width += 1 }), ("id", { $0.id += "x" }),
      ("measures", { $0.measures = Array($0.measures.reversed()) + ["rbf_cka"] }),
      ("control", { $0.control = .sharedNoise }), ("designs", { $0.designs = ($0.designs ?? 1) + 1 }),
    ]
    for (field, edit) in computed { #expect(try Self.spec(edit).recordFingerprint() != base, "\(field) must count") }
  }

  /// The lock refuses a second writer of one output inside one process too (two `OutputLock`s).
  @Test func outputLockIsExclusive() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(atPath: url.path + ".lock") }
    let first = try OutputLock(for: url)
    #expect(throws: OutputLock.Busy.self) { _ = try OutputLock(for: url) }
    first.release()
    let again = try OutputLock(for: url)
    again.release()
  }
}
