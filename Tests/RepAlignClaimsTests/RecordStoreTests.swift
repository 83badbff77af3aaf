import Foundation
import RepAlignClaims
import Testing

@Suite struct RecordStoreTests {
  struct Row: Codable, Sendable, Equatable {
    var index: Int
    var value: Double
    var tags: [String: Double]
  }

  static func store() -> RecordStore<Row> {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/points.jsonl")
    return RecordStore<Row>(url: url, index: { $0.index })
  }

  static let rows = (0..<5).map { Row(index: $0, value: Double($0) / 3, tags: ["linear_cka": 0.5 + Double($0)]) }

  @Test func roundTripsRecords() throws {
    let s = Self.store()
    for r in Self.rows { try s.append(r) }
    let contents = try s.read()
    #expect(contents.corruptLines.isEmpty)
    #expect((0..<5).map { contents.records[$0] } == Self.rows.map(Optional.some))
  }

  @Test func truncatedLastLineIsDetectedAndTheNextAppendStartsClean() throws {
    let s = Self.store()
    for r in Self.rows.prefix(3) { try s.append(r) }
    // Simulate kill -9 mid-write: chop the file inside the last record.
    var data = try Data(contentsOf: s.url)
    data.removeLast(25)
    try data.write(to: s.url)
    var contents = try s.read()
    #expect(contents.records.keys.sorted() == [0, 1])
    #expect(contents.corruptLines == [3])
    try s.append(Self.rows[2])
    contents = try s.read()
    #expect(contents.records.keys.sorted() == [0, 1, 2])
    #expect(contents.records[2] == Self.rows[2])
  }

  @Test func tamperedRecordFailsItsChecksum() throws {
    let s = Self.store()
    for r in Self.rows.prefix(2) { try s.append(r) }
    let text = try String(contentsOf: s.url, encoding: .utf8)
    let tampered = text.replacingOccurrences(of: "\"value\":0.3333333333333333", with: "\"value\":0.3333333333333334")
    #expect(tampered != text)
    try tampered.write(to: s.url, atomically: true, encoding: .utf8)
    let contents = try s.read()
    #expect(contents.records.keys.sorted() == [0])
    #expect(contents.corruptLines == [2])
  }

  @Test func finalizeIsCanonicalWhateverTheAppendOrder() throws {
    let a = Self.store()
    let b = Self.store()
    for r in Self.rows { try a.append(r) }
    for r in Self.rows.reversed() { try b.append(r) }
    try b.append(Self.rows[1]) // a duplicate from a resumed run
    try a.finalize()
    try b.finalize()
    #expect(try Data(contentsOf: a.url) == Data(contentsOf: b.url))
  }

  @Test func linesAreLoadableAsPlainJSONObjects() throws {
    let s = Self.store()
    try s.append(Self.rows[4])
    let line = try String(contentsOf: s.url, encoding: .utf8).split(separator: "\n")[0]
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    #expect(object?["index"] as? Int == 4)
    #expect((object?["record_checksum"] as? String)?.count == 16)
    #expect((object?["tags"] as? [String: Double])?["linear_cka"] == 4.5)
  }
}
