import Foundation
import RepAlignNumerics

/// Durable JSON-lines storage of per-grid-point records, for sweeps that resume and shard.
///
/// Each line is one self-describing JSON object: the record's own fields (sorted keys) plus
/// `"record_checksum"`, the FNV-1a-64 hex digest of the record's canonical encoding. Lines are
/// appended with `fsync`, one write per record, so an interruption (SIGINT, SIGTERM, `kill -9`,
/// power loss) can only leave a truncated *last* line. Reading validates every line: a line that
/// does not parse, or whose checksum does not match its content, is reported as corrupt and its
/// grid point counts as not done — it is recomputed, never silently used.
///
/// `finalize` rewrites the file sorted by grid index (temp file + rename), so a resumed run, a
/// merged set of shards and an uninterrupted run produce byte-identical files.
package struct RecordStore<Record: Codable & Sendable> {
  package let url: URL
  /// The grid index of a record (its identity within the sweep).
  let index: @Sendable (Record) -> Int

  package init(url: URL, index: @escaping @Sendable (Record) -> Int) {
    self.url = url
    self.index = index
  }

  /// The outcome of reading a store.
  package struct Contents {
    /// Valid records by grid index (the last valid one wins if an index repeats).
    package var records: [Int: Record]
    /// 1-based line numbers that were truncated, unparsable or failed their checksum.
    package var corruptLines: [Int]
  }

  /// Reads and validates the file; a missing file is empty.
  package func read() throws -> Contents {
    guard FileManager.default.fileExists(atPath: url.path) else { return Contents(records: [:], corruptLines: []) }
    let data = try Data(contentsOf: url)
    var records: [Int: Record] = [:]
    var corrupt: [Int] = []
    let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for (i, line) in lines.enumerated() where !line.isEmpty {
      if let record = Self.decodeLine(Data(line)) {
        records[index(record)] = record
      } else {
        corrupt.append(i + 1)
      }
    }
    return Contents(records: records, corruptLines: corrupt)
  }

  /// Appends one record durably (write + fsync). A truncated last line from an earlier
  /// interruption is first terminated so the new record starts on its own line.
  package func append(_ record: Record) throws {
    let fm = FileManager.default
    try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    if !fm.fileExists(atPath: url.path) { _ = fm.createFile(atPath: url.path, contents: nil) }
    let handle = try FileHandle(forUpdating: url)
    defer { try? handle.close() }
    let end = try handle.seekToEnd()
    var line = try Self.encodeLine(record)
    if end > 0 {
      try handle.seek(toOffset: end - 1)
      if try handle.read(upToCount: 1) != Data([UInt8(ascii: "\n")]) { line.insert(UInt8(ascii: "\n"), at: 0) }
      try handle.seekToEnd()
    }
    try handle.write(contentsOf: line)
    try handle.synchronize()
  }

  /// Rewrites the file with exactly `records`, sorted by index, atomically.
  package func write(_ records: [Record]) throws {
    var data = Data()
    for r in records.sorted(by: { index($0) < index($1) }) { data.append(try Self.encodeLine(r)) }
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: url, options: .atomic)
  }

  /// Rewrites the file canonically from its valid records (drops corrupt lines and duplicates).
  package func finalize() throws {
    try write(Array(read().records.values))
  }

  // MARK: Encoding

  /// The record's canonical JSON (sorted keys, shortest round-trip doubles): what a line holds
  /// before its checksum. `repalign simulate --spec --point` prints a point in this form.
  package static func canonical(_ record: Record) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .throw
    return try encoder.encode(record)
  }

  static func checksum(_ data: Data) -> String { FNV1a.hex64(data) }

  /// `{...record fields..., "record_checksum": "…"}\n`.
  static func encodeLine(_ record: Record) throws -> Data {
    let body = try canonical(record)
    guard body.first == UInt8(ascii: "{"), body.last == UInt8(ascii: "}") else {
      throw ParameterError(
        "record", "must encode as a JSON object", got: String(decoding: body.prefix(20), as: UTF8.self))
    }
    var line = Data(body.dropLast())
    if body.count > 2 { line.append(contentsOf: Array(",".utf8)) }
    line.append(contentsOf: Array("\"record_checksum\":\"\(checksum(body))\"}\n".utf8))
    return line
  }

  static func decodeLine(_ line: Data) -> Record? {
    let marker = Data(",\"record_checksum\":\"".utf8)
    guard let range = line.range(of: marker, options: .backwards),
      line.count == range.upperBound + 16 + 2,
      line.last == UInt8(ascii: "}")
    else { return nil }
    let digest = String(decoding: line[range.upperBound..<(range.upperBound + 16)], as: UTF8.self)
    var body = Data(line[..<range.lowerBound])
    body.append(UInt8(ascii: "}"))
    guard checksum(body) == digest else { return nil }
    let decoder = JSONDecoder()
    guard let record = try? decoder.decode(Record.self, from: body),
      let again = try? canonical(record), again == body
    else { return nil }
    return record
  }
}
