import Foundation
import Testing

/// `sweep --shard i/N` + `merge` reproduce the unsharded sweep byte for byte (built binary).
@Suite struct SweepShardingTests {
  /// A 3 × 2 grid (6 points), so shards of 2, 3 and 4 all split it unevenly or leave one empty.
  static func setUp() throws -> URL {
    let dir = try CLI.temporaryDirectory("shard")
    try CLI.write(json: CLI.tinySpec(sizes: [2, 4, 7], levels: [0.5, 8]), to: dir.appendingPathComponent("spec.json"))
    let full = try CLI.run(["sweep", "--spec", "spec.json", "--out", "full.jsonl"], in: dir)
    #expect(full.status == 0, "\(full)")
    return dir
  }

  @Test(arguments: [2, 3, 4, 7])
  func mergedShardsEqualTheUnshardedSweep(_ shards: Int) throws {
    let dir = try Self.setUp()
    defer { try? FileManager.default.removeItem(at: dir) }
    var files: [String] = []
    for i in 0..<shards {
      let file = "part-\(i).jsonl"
      let outcome = try CLI.run(["sweep", "--spec", "spec.json", "--shard", "\(i)/\(shards)", "--out", file], in: dir)
      #expect(outcome.status == 0, "\(outcome)")
      files.append(file)
    }
    // Each shard owns exactly the indices ≡ i (mod N).
    for (i, file) in files.enumerated() {
      let lines = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
      let indices = lines.compactMap { line -> Int? in
        guard let r = line.range(of: "\"index\":") else { return nil }
        return Int(line[r.upperBound...].prefix { $0.isNumber })
      }
      #expect(indices == Array(stride(from: i, to: 6, by: shards)), "shard \(i)/\(shards)")
    }
    // Merge order must not matter.
    let merged = try CLI.run(["merge", "merged.jsonl"] + files.reversed(), in: dir)
    #expect(merged.status == 0, "\(merged)")
    let a = try Data(contentsOf: dir.appendingPathComponent("full.jsonl"))
    let b = try Data(contentsOf: dir.appendingPathComponent("merged.jsonl"))
    #expect(!a.isEmpty && a == b, "merged \(b.count) bytes vs unsharded \(a.count) bytes")
  }

  @Test func mergeRefusesConflictingAndForeignShards() throws {
    let dir = try Self.setUp()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try CLI.run(["sweep", "--spec", "spec.json", "--shard", "0/2", "--out", "a.jsonl"], in: dir)
    _ = try CLI.run(["sweep", "--spec", "spec.json", "--shard", "0/2", "--out", "b.jsonl", "--seed", "99"], in: dir)
    let mixed = try CLI.run(["merge", "m.jsonl", "a.jsonl", "b.jsonl"], in: dir)
    #expect(mixed.status == 2 && mixed.isOneLineError, "\(mixed)")
    // A corrupt shard must be resumed before merging, not merged with a hole.
    var data = try Data(contentsOf: dir.appendingPathComponent("a.jsonl"))
    data.removeLast(30)
    try data.write(to: dir.appendingPathComponent("a.jsonl"))
    let corrupt = try CLI.run(["merge", "m.jsonl", "a.jsonl"], in: dir)
    #expect(corrupt.status == 2 && corrupt.isOneLineError, "\(corrupt)")
  }

  /// Shards that do not cover the grid are not a merge: refused naming the missing points, or
  /// written with `--allow-partial`, which lists them on standard error.
  @Test func incompleteShardsAreRefusedUnlessPartialIsAllowed() throws {
    let dir = try Self.setUp()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try CLI.run(["sweep", "--spec", "spec.json", "--shard", "0/3", "--out", "a.jsonl"], in: dir)
    _ = try CLI.run(["sweep", "--spec", "spec.json", "--shard", "1/3", "--out", "b.jsonl"], in: dir)
    let refused = try CLI.run(["merge", "m.jsonl", "a.jsonl", "b.jsonl"], in: dir)
    #expect(refused.status == 2 && refused.isOneLineError, "\(refused)")
    #expect(refused.stderr.contains("4 of 6 grid points (missing 2, 5)"), "\(refused)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.jsonl").path))
    let partial = try CLI.run(["merge", "m.jsonl", "a.jsonl", "b.jsonl", "--allow-partial"], in: dir)
    #expect(partial.status == 0 && partial.stderr.contains("missing grid points 2, 5"), "\(partial)")
    let lines = try String(contentsOf: dir.appendingPathComponent("m.jsonl"), encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 4)
  }

  /// Shards of two versions of a spec (same id and seed, other steps) carry different
  /// fingerprints and are never merged.
  @Test func shardsOfAnEditedSpecAreRefused() throws {
    let dir = try Self.setUp()
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try CLI.run(["sweep", "--spec", "spec.json", "--shard", "0/2", "--out", "a.jsonl"], in: dir)
    try CLI.write(
      json: CLI.tinySpec(sizes: [2, 4, 7], levels: [0.5, 8], steps: 41), to: dir.appendingPathComponent("spec.json"))
    _ = try CLI.run(["sweep", "--spec", "spec.json", "--shard", "1/2", "--out", "b.jsonl"], in: dir)
    let mixed = try CLI.run(["merge", "m.jsonl", "a.jsonl", "b.jsonl"], in: dir)
    #expect(mixed.status == 2 && mixed.isOneLineError && mixed.stderr.contains("fingerprint"), "\(mixed)")
  }

  /// Two writers of one output: the second is refused at once (advisory lock), and the first
  /// finishes with its own records only.
  @Test func aSecondWriterIsRefused() throws {
    let dir = try Self.setUp()
    defer { try? FileManager.default.removeItem(at: dir) }
    try CLI.write(
      json: CLI.tinySpec(id: "long", sizes: [2, 4, 7], levels: [0.5, 8], steps: 200_000),
      to: dir.appendingPathComponent("long.json"))
    let (first, _, _) = try CLI.start(["sweep", "--spec", "long.json", "--out", "o.jsonl", "--quiet"], in: dir)
    defer { if first.isRunning { first.terminate() } }
    // The output exists once the first writer holds the lock (it truncates the file after locking).
    let output = dir.appendingPathComponent("o.jsonl").path
    var waited = 0
    while !FileManager.default.fileExists(atPath: output) && waited < 600 && first.isRunning {
      usleep(50_000)
      waited += 1
    }
    #expect(FileManager.default.fileExists(atPath: output), "the first sweep never created its output")
    let second = try CLI.run(["sweep", "--spec", "spec.json", "--out", "o.jsonl", "--quiet"], in: dir)
    #expect(second.status == 1 && second.isOneLineError, "\(second)")
    #expect(second.stderr.contains("being written by another repalign process"), "\(second)")
    first.terminate()
    first.waitUntilExit()
  }
}
