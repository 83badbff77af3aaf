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

  @Test(arguments: ["1,x\n", "1,nan\n", "1,inf\n", "", "\n\n"])
  func nonNumbersAndEmptyFilesAreErrors(text: String) {
    RealDataTestSupport.expectFileError(.malformed, parameter: "file", path: "t.csv") {
      _ = try Self.parse(text)
    }
  }
}
