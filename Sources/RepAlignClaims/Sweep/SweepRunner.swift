import Foundation
import RepAlignNumerics

/// A sweep: the grid points of one spec (or of one shard of it) computed into a `RecordStore`,
/// one durable JSON line per point, resumable after any interruption.
///
/// ## Contract
/// - Without `resume` the output starts empty. With `resume`, valid records already in the file
///   are kept and their points skipped; truncated or corrupt lines (failed checksum) are dropped
///   and their points recomputed. A valid record that does not belong to this sweep (another
///   experiment, another seed, or a grid point that differs from the spec's point at that index)
///   is an error, never silently mixed in.
/// - When every owned point is done the file is rewritten canonically (`RecordStore.finalize`:
///   sorted by grid index, temp file + rename). A point's record depends only on the spec, the
///   point and the master seed, so an interrupted-and-resumed sweep, the merge of N shards, and
///   an uninterrupted unsharded sweep are byte-identical.
package enum SweepRunner {
  /// What a sweep did.
  package struct Summary: Sendable, Equatable {
    /// Points this shard owns.
    package var owned: Int
    /// Points computed in this run.
    package var computed: Int
    /// Points skipped because a valid record existed (resume).
    package var reused: Int
    /// Lines of the existing file found truncated or corrupt (their points were recomputed).
    package var corruptLines: [Int]
  }

  /// A record that does not belong to the sweep being resumed or merged.
  package struct ForeignRecord: Error, CustomStringConvertible, Equatable {
    package let file: String
    package let message: String
    package var description: String { "\(file): \(message)" }
  }

  package static func store(_ url: URL) -> RecordStore<PointResult> {
    RecordStore<PointResult>(url: url, index: { $0.point.index })
  }

  /// Runs the shard's points of `spec` into `output`. `progress(done, total)` is called after
  /// each computed point (done counts reused points too).
  @discardableResult
  package static func run(
    _ spec: ExperimentSpec, output: URL, shard: GridShard = .all, resume: Bool = false,
    masterSeed: UInt64? = nil, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Summary {
    let seed = masterSeed ?? spec.seed
    let points = ExperimentRunner.gridPoints(spec).filter { shard.owns($0.index) }
    let store = store(output)
    let fingerprint = try spec.recordFingerprint()
    let lock = try OutputLock(for: output)
    defer { lock.release() }
    var existing: [Int: PointResult] = [:]
    var corrupt: [Int] = []
    if resume {
      let contents = try store.read()
      corrupt = contents.corruptLines
      let expected = Dictionary(uniqueKeysWithValues: ExperimentRunner.gridPoints(spec).map { ($0.index, $0) })
      for (index, record) in contents.records {
        guard record.fingerprint == fingerprint else {
          throw ForeignRecord(
            file: output.lastPathComponent,
            message:
              "holds a record (point \(index)) computed from \(record.fingerprint.map { "a spec with fingerprint \($0)" } ?? "an older version without a fingerprint"), but \(spec.id) now has fingerprint \(fingerprint) (the spec or the numerics changed); use another --out or drop --resume"
          )
        }
        guard record.experiment == spec.id, record.seed == seed, expected[index] == record.point,
          shard.owns(index)
        else {
          throw ForeignRecord(
            file: output.lastPathComponent,
            message:
              "holds a record (\(record.experiment), \(record.point), seed \(record.seed)) that is not a point of this sweep (\(spec.id), shard \(shard), seed \(seed)); use another --out or drop --resume"
          )
        }
        existing[index] = record
      }
      // Drop corrupt lines now, so new records are appended after valid ones only.
      if !corrupt.isEmpty { try store.write(Array(existing.values)) }
    } else {
      try store.write([])
    }
    var done = points.filter { existing[$0.index] != nil }.count
    let reused = done
    progress(done, points.count)
    for point in points where existing[point.index] == nil {
      let result = try ExperimentRunner.run(spec, point: point, masterSeed: seed)
      try store.append(result)
      done += 1
      progress(done, points.count)
    }
    try store.finalize()
    return Summary(owned: points.count, computed: points.count - reused, reused: reused, corruptLines: corrupt)
  }

  /// What `merge` wrote.
  package struct MergeSummary: Sendable, Equatable {
    package var records: Int
    /// Grid indices no input held (empty for a complete merge).
    package var missing: [Int]
  }

  /// Combines shard outputs into `output` (canonical order). Every input must be fully valid (a
  /// corrupt line means the shard was interrupted: resume it first); the same grid index in two
  /// inputs must hold identical records; all records must come from one experiment, seed and
  /// spec fingerprint; and together they must cover the whole grid unless `allowPartial` (then the
  /// summary lists the missing points).
  @discardableResult
  package static func merge(_ inputs: [URL], into output: URL, allowPartial: Bool = false) throws -> MergeSummary {
    var merged: [Int: PointResult] = [:]
    var identity: (String, UInt64, String)?
    var fingerprint: (String?, String)?
    var gridSize: Int?
    for url in inputs {
      guard FileManager.default.isReadableFile(atPath: url.path) else {
        throw ForeignRecord(file: url.lastPathComponent, message: "cannot read \(url.path)")
      }
      let contents = try store(url).read()
      if let line = contents.corruptLines.first {
        throw ForeignRecord(
          file: url.lastPathComponent,
          message: "line \(line) is truncated or corrupt; rerun that shard with --resume before merging")
      }
      for (index, record) in contents.records.sorted(by: { $0.key < $1.key }) {
        if let (experiment, seed, source) = identity, experiment != record.experiment || seed != record.seed {
          throw ForeignRecord(
            file: url.lastPathComponent,
            message:
              "record \(index) is from \(record.experiment) seed \(record.seed), but \(source) is from \(experiment) seed \(seed)"
          )
        }
        identity = identity ?? (record.experiment, record.seed, url.lastPathComponent)
        if let (expected, source) = fingerprint, expected != record.fingerprint {
          throw ForeignRecord(
            file: url.lastPathComponent,
            message:
              "record \(index) has spec fingerprint \(record.fingerprint ?? "none"), but \(source) has \(expected ?? "none"): the spec was edited between shards; rerun them from one spec"
          )
        }
        fingerprint = fingerprint ?? (record.fingerprint, url.lastPathComponent)
        guard record.fingerprint != nil, let size = record.gridSize else {
          throw ForeignRecord(
            file: url.lastPathComponent,
            message: "record \(index) has no spec fingerprint (written by an older version); rerun that shard")
        }
        gridSize = gridSize ?? size
        if let previous = merged[index], previous != record {
          throw ForeignRecord(
            file: url.lastPathComponent, message: "grid point \(index) differs from the same point in another input")
        }
        merged[index] = record
      }
    }
    let missing = (0..<(gridSize ?? 0)).filter { merged[$0] == nil }
    if !missing.isEmpty && !allowPartial {
      throw ForeignRecord(
        file: output.lastPathComponent,
        message:
          "the inputs hold \(merged.count) of \(gridSize ?? 0) grid points (missing \(describe(missing))); merge every shard, or pass --allow-partial"
      )
    }
    let lock = try OutputLock(for: output)
    defer { lock.release() }
    try store(output).write(Array(merged.values))
    return MergeSummary(records: merged.count, missing: missing)
  }

  /// "3, 5, 7" or "3, 5, 7, … (12 in all)".
  package static func describe(_ indices: [Int]) -> String {
    let shown = indices.prefix(8).map(String.init).joined(separator: ", ")
    return indices.count > 8 ? "\(shown), … (\(indices.count) in all)" : shown
  }
}
