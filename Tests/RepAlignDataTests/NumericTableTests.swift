import RepAlignData
import RepAlignNumerics
import Testing

@Suite struct NumericTableTests {
  static func parse(_ text: String) throws(DatasetFileError) -> Matrix {
    try NumericTable(parsing: Array(text.utf8), parameter: "file", path: "t.csv").matrix
  }

  @Test func commasBlanksAndExponents() throws {
    let m = try Self.parse("1,2,3\n4.5 6\t-7e-1\r\n\n1.510000000000000000e+02, 0 ,2\n")
    #expect(m.rows == 3 && m.columns == 3)
    #expect(m.elements == [1, 2, 3, 4.5, 6, -0.7, 151, 0, 2])
  }

  @Test func lastLineWithoutNewline() throws {
    #expect(try Self.parse("1 2\n3 4").elements == [1, 2, 3, 4])
  }

  @Test func raggedRowNamesItsLine() {
    RealDataTestSupport.expectFileError(.malformed, parameter: "file", path: "t.csv") {
      _ = try Self.parse("1,2\n3,4\n5\n")
    }
    do {
      _ = try Self.parse("1,2\n3,4\n5\n")
    } catch {
      #expect(error.description.contains("line 3 has 1 fields"), "\(error)")
    }
  }

  @Test(arguments: ["1,x\n", "1,nan\n", "1,inf\n", "", "\n\n", "1,,2\n", ",1\n", "1,\n", "1 , ,2\n"])
  func nonNumbersAndEmptyFilesAreErrors(text: String) {
    RealDataTestSupport.expectFileError(.malformed, parameter: "file", path: "t.csv") {
      _ = try Self.parse(text)
    }
  }

  /// A UTF-8 byte-order mark is not part of the first field: with or without a header rule the
  /// first row is read (it used to be taken for a header and dropped, or refused as a word).
  @Test(arguments: [NumericTable.Header.none, .optional])
  func byteOrderMarkIsSkipped(_ header: NumericTable.Header) throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("1,2\n3,4\n".utf8)
    let m = try NumericTable(parsing: bytes, parameter: "file", path: "t.csv", header: header).matrix
    #expect(m.rows == 2 && m.elements == [1, 2, 3, 4])
  }

  /// A NUL byte would end the C string `Double(_:)` parses ("12\u{0}5" read as 12): an error naming
  /// the line and field instead.
  @Test(arguments: ["1,2\n3,4\u{0}5\n", "\u{0}\n", "1,2\u{0}\n"])
  func nulByteIsAnErrorNamingItsPlace(_ text: String) {
    do {
      _ = try Self.parse(text)
      Issue.record("accepted a NUL byte in \(text.debugDescription)")
    } catch {
      #expect(error.description.contains("NUL byte") && error.description.contains("line "), "\(error)")
    }
  }
}

/// The optional CSV header of `MatrixIO` files: skipped only when its first field is not a number,
/// and only as the first line.
@Suite struct NumericTableHeaderTests {
  static func parse(_ text: String) throws(DatasetFileError) -> Matrix {
    try NumericTable(parsing: Array(text.utf8), parameter: "file", path: "t.csv", header: .optional).matrix
  }

  @Test func headerIsSkippedAndNumbersAreNotAHeader() throws {
    #expect(try Self.parse("a, b\n1, 2\n 3 ,4\n\n").elements == [1, 2, 3, 4])
    #expect(try Self.parse("1,2\n3,4\n").elements == [1, 2, 3, 4])
    // A word after the first line is not a header.
    RealDataTestSupport.expectFileError(.malformed, parameter: "file", path: "t.csv") {
      _ = try Self.parse("1,2\nx,y\n")
    }
    // Without `header: .optional` a header is an error.
    RealDataTestSupport.expectFileError(.malformed, parameter: "file", path: "t.csv") {
      _ = try NumericTableTests.parse("a,b\n1,2\n")
    }
  }

  /// The rule: any non-numeric field, or an empty first field (pandas' index header ",0,1"),
  /// makes the first line a header; a numeric header ("0,1", `to_csv(index=False)`) is data
  /// unless `.present` says otherwise. Empty fields elsewhere in a first line stay errors.
  @Test func headerRuleAndDeclaredHeader() throws {
    #expect(try Self.parse(",0,1\n0,5,6\n1,7,8\n").elements == [0, 5, 6, 1, 7, 8])
    #expect(try Self.parse("1,b\n2,3\n").elements == [2, 3])
    #expect(try Self.parse("0,1\n2,3\n").elements == [0, 1, 2, 3])
    let declared = try NumericTable(
      parsing: Array("\n0,1\n2,3\n".utf8), parameter: "file", path: "t.csv", header: .present)
    #expect(declared.matrix.elements == [2, 3])
    for text in ["1,,2\n3,4,5\n", "1,2,\n3,4,5\n", "1,nan\n2,3\n"] {
      RealDataTestSupport.expectFileError(.malformed, parameter: "file", path: "t.csv") { _ = try Self.parse(text) }
    }
  }
}
