import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct MatrixIOTests {
  /// A fresh temporary path with the given extension.
  static func temporaryPath(_ ext: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("repalign-io-\(UUID().uuidString).\(ext)").path
  }

  /// Values that stress the decimal round trip: subnormals, extremes, negative zero, 0.1.
  static let awkward = try! Matrix([
    [0.1, -0.0, 4 * Double.leastNonzeroMagnitude],
    [Double.greatestFiniteMagnitude, -Double.leastNonzeroMagnitude, 1 / 3],
  ])

  @Test func npyRoundTripIsBitExact() throws {
    let path = Self.temporaryPath("npy")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let x = RandomStream(master: 7, "io").normalMatrix(rows: 13, columns: 5)
    for m in [x, Self.awkward] {
      try MatrixIO.writeNPY(m, to: path)
      let back = try MatrixIO.read(path: path)
      #expect(back.rows == m.rows && back.columns == m.columns)
      #expect(back.elements.map(\.bitPattern) == m.elements.map(\.bitPattern))
    }
    // The header block is padded to a multiple of 64 bytes (NumPy's format rule).
    let data = MatrixIO.npyData(x)
    let headerLength = Int(data[8]) | Int(data[9]) << 8
    #expect((10 + headerLength) % 64 == 0)
    #expect(data.count == 10 + headerLength + 8 * 13 * 5)
  }

  /// Bytes written by NumPy 2.x for `np.save(f, np.array([[1.5, -2.0], [3.25, 4.0], [0.0, 1e-3]]))`,
  /// typed in from its documented format (magic, v1.0, header, little-endian float64 payload).
  @Test func readsNumPyWrittenFile() throws {
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }"
    let padded = header + String(repeating: " ", count: 128 - 10 - header.utf8.count - 1) + "\n"
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(padded.utf8.count), 0]
    bytes += Array(padded.utf8)
    for v in [1.5, -2.0, 3.25, 4.0, 0.0, 1e-3] {
      bytes += withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) }
    }
    let m = try MatrixIO.parseNPY(Data(bytes))
    #expect(m == (try Matrix([[1.5, -2.0], [3.25, 4.0], [0.0, 1e-3]])))
    // Version 2.0 (4-byte header length) and a 1-D shape (read as a column).
    let header2 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n"
    var v2: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, UInt8(header2.utf8.count), 0, 0, 0]
    v2 += Array(header2.utf8)
    for v in [7.0, 8.0] { v2 += withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    #expect(try MatrixIO.parseNPY(Data(v2)) == Matrix(column: [7, 8]))
  }

  @Test func npyErrorsAreOneLineAndSpecific() throws {
    let good = [UInt8](MatrixIO.npyData(try Matrix([[1, 2], [3, 4]])))
    func message(_ bytes: [UInt8]) -> String {
      do {
        _ = try MatrixIO.parseNPY(Data(bytes), path: "x.npy")
        return "accepted"
      } catch { return "\(error)" }
    }
    /// A version-1.0 file with the given header dictionary and `values` doubles of payload.
    func npy(_ dictionary: String, values: Int = 4) -> [UInt8] {
      let header = dictionary + "\n"
      return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
        + [UInt8](repeating: 0, count: 8 * values)
    }
    let cases: [(String, [UInt8], String)] = [
      ("truncated payload", Array(good.dropLast(3)), "truncated"),
      ("extra payload", good + [0, 0, 0, 0, 0, 0, 0, 0], "truncated or corrupt"),
      ("not npy", Array("hello world, not numpy".utf8), "magic"),
      ("float32", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }"), "dtype"),
      ("big-endian", npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }"), "dtype"),
      ("Fortran order", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }"), "C order"),
      ("3-D", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1, 2), }"), "shape"),
      ("no shape", npy("{'descr': '<f8', 'fortran_order': False, }"), "no 'shape' entry"),
      ("version 9", [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 9, 0, 0, 0], "version"),
      ("truncated header", Array(good.prefix(40)), "truncated"),
    ]
    for (label, bytes, expected) in cases {
      let text = message(bytes)
      #expect(
        text.contains(expected) && text.hasPrefix("invalid matrix = x.npy: ") && !text.contains("\n"),
        "\(label): \(text)")
    }
  }

  @Test func csvRoundTripWithAndWithoutHeader() throws {
    let path = Self.temporaryPath("csv")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let x = RandomStream(master: 8, "io-csv").normalMatrix(rows: 9, columns: 4)
    for m in [x, Self.awkward] {
      try MatrixIO.writeCSV(m, to: path)
      #expect(try MatrixIO.read(path: path) == m)
      try MatrixIO.writeCSV(m, to: path, header: (0..<m.columns).map { "unit\($0)" })
      #expect(try MatrixIO.read(path: path) == m)
      #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("unit0,"))
    }
    expectParameterError("header") { try MatrixIO.writeCSV(x, to: path, header: ["a"]) }
  }

  @Test func csvParsingRulesAndErrors() throws {
    #expect(try MatrixIO.parseCSV("a, b\n1, 2\n 3 ,4\n\n") == Matrix([[1, 2], [3, 4]]))
    #expect(try MatrixIO.parseCSV("1e-3,-2\r\n3,4") == Matrix([[1e-3, -2], [3, 4]]))
    let cases: [(String, String)] = [
      ("", "holds no numbers"),
      ("x,y\n", "has a header but no data rows"),
      ("1,2\n3\n", "line 2 has 1 fields, earlier lines have 2"),
      ("h1,h2\n1,2\n3,four\n", "line 3, field 2: 'four' is not a finite number"),
      ("1,,2\n", "line 1: field 2 is empty"),
      ("1,2,\n", "line 1: field 3 is empty"),
      ("1,nan\n", "line 1, field 2: 'nan' is not a finite number"),
    ]
    for (text, expected) in cases {
      do {
        _ = try MatrixIO.parseCSV(text, path: "x.csv", parameter: "A")
        Issue.record("accepted \(text.debugDescription)")
      } catch {
        #expect(error.kind == .malformed && "\(error)" == "invalid A = x.csv: \(expected)", "\(error)")
      }
    }
  }

  @Test func readDispatchesOnExtensionAndReportsMissingFiles() {
    #expect(throws: DatasetFileError(.missing, parameter: "matrix", path: "/nonexistent/a.npy", "no such file")) {
      try MatrixIO.read(path: "/nonexistent/a.npy")
    }
    #expect(throws: DatasetFileError(.malformed, parameter: "A", path: "a.txt", "extension must be .csv or .npy")) {
      try MatrixIO.read(path: "a.txt", parameter: "A")
    }
  }
}
