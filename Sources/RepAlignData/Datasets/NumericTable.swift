import RepAlignNumerics

/// A rectangular table of numbers read from delimited text: one sample per line, fields separated
/// by commas and/or blanks (space, tab), as in scikit-learn's bundled `digits.csv` (commas) and
/// `diabetes_data_raw.csv` (spaces). Blank lines and a carriage return before a newline are
/// ignored, consecutive separators count as one; there is no header and no quoting.
///
/// Each field is converted with `Double(_:)` (correctly rounded), so integers and decimal or
/// exponent notation such as `1.510000000000000000e+02` are read exactly as a C `strtod` would.
public struct NumericTable: Sendable, Equatable {
  /// The table as a rows × columns matrix.
  public let matrix: Matrix

  /// Parses `bytes` (UTF-8 text). `parameter` and `path` only label the error: a ragged row or a
  /// field that is not a finite number throws `DatasetFileError` (`.malformed`) naming the line.
  public init(parsing bytes: [UInt8], parameter: String, path: String) throws(DatasetFileError) {
    var values: [Double] = []
    values.reserveCapacity(bytes.count / 2)
    var columns = -1
    var rows = 0
    var line = 0
    var fieldsInLine = 0
    var start = -1  // start of the current field, or -1 between fields
    func isSeparator(_ b: UInt8) -> Bool { b == 0x2C || b == 0x20 || b == 0x09 || b == 0x0D }

    func endField(_ end: Int) throws(DatasetFileError) {
      let text = String(decoding: bytes[start..<end], as: UTF8.self)
      guard let v = Double(text), v.isFinite else {
        throw DatasetFileError(
          .malformed, parameter: parameter, path: path,
          "line \(line + 1), field \(fieldsInLine + 1): '\(text.prefix(40))' is not a finite number"
        )
      }
      values.append(v)
      fieldsInLine += 1
      start = -1
    }
    func endLine() throws(DatasetFileError) {
      defer {
        line += 1
        fieldsInLine = 0
      }
      if fieldsInLine == 0 { return }  // blank line
      if columns < 0 { columns = fieldsInLine }
      if fieldsInLine != columns {
        throw DatasetFileError(
          .malformed, parameter: parameter, path: path,
          "line \(line + 1) has \(fieldsInLine) fields, earlier lines have \(columns)")
      }
      rows += 1
    }

    for (i, b) in bytes.enumerated() {
      if b == 0x0A {
        if start >= 0 { try endField(i) }
        try endLine()
      } else if isSeparator(b) {
        if start >= 0 { try endField(i) }
      } else if start < 0 {
        start = i
      }
    }
    if start >= 0 { try endField(bytes.count) }
    try endLine()
    if rows == 0 {
      throw DatasetFileError(.malformed, parameter: parameter, path: path, "holds no numbers")
    }
    matrix = try! Matrix(rows: rows, columns: columns, elements: values)
  }
}
