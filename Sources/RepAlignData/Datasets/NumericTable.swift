import RepAlignNumerics

/// A rectangular table of numbers read from delimited text — the one reader of numeric text in
/// the package: scikit-learn's bundled `digits.csv` (commas) and `diabetes_data_raw.csv`
/// (blanks), and the CSV files of `MatrixIO` (`repalign measure`).
///
/// ## Rules
/// - One sample per line; `\n` or `\r\n` line ends; blank lines are ignored; no quoting.
/// - Fields are separated by a comma (blanks around it are ignored) or by a run of blanks (space,
///   tab). Two commas with nothing between them are an error (an empty field, i.e. a missing
///   value), never a silent shift of the columns.
/// - Every field must be a finite number: each is converted with `Double(_:)` (correctly rounded),
///   so integers and decimal or exponent notation such as `1.510000000000000000e+02` are read
///   exactly as a C `strtod` would; `nan`, `inf` and words are errors.
/// - `header: .optional` skips a first line that is recognised as a header **by rule**: some field
///   is not a number (`Double(_:)` fails: a column name), or its first field is empty (the
///   header pandas writes for its index column, `,0,1,2`). A numeric header (`0,1,2`, what
///   `pandas.DataFrame.to_csv(index=False)` writes for integer column names) cannot be told from
///   data: `header: .present` skips the first line whatever it holds (`repalign measure --header`).
///
/// - A UTF-8 byte-order mark (EF BB BF) at the start of the file is skipped (Excel and Windows
///   tools write one); it is never part of the first field. A NUL byte anywhere is an error naming
///   its line and field (`Double(_:)` would stop at it and silently truncate the number).
///
/// Every error is a `DatasetFileError` of kind `.malformed` naming the parameter, the path and the
/// 1-based line (and field) of the file.
public struct NumericTable: Sendable, Equatable {
  /// Whether a first line of column names may precede the numbers.
  public enum Header: Sendable, Equatable {
    /// Every line holds numbers.
    case none
    /// A first line with a non-numeric field, or an empty first field, is skipped.
    case optional
    /// The first non-blank line is a header and is skipped.
    case present
  }

  /// The table as a rows × columns matrix.
  public let matrix: Matrix

  /// Parses `bytes` (UTF-8 text). `parameter` and `path` only label the error.
  public init(parsing bytes: [UInt8], parameter: String, path: String, header: Header = .none)
    throws(DatasetFileError)
  {
    func malformed(_ detail: String) -> DatasetFileError {
      DatasetFileError(.malformed, parameter: parameter, path: path, detail)
    }
    var values: [Double] = []
    values.reserveCapacity(bytes.count / 2)
    var columns = -1
    var rows = 0
    var skippedHeader = false
    var lineNumber = 0
    var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while lineStart <= bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
      lineNumber += 1
      let line = bytes[lineStart..<lineEnd]
      let number = lineNumber
      let fail: (String) -> DatasetFileError = { malformed("line \(number): \($0)") }
      lineStart = lineEnd + 1
      if header != .none && rows == 0 && !skippedHeader {
        let cells = try Self.fields(line, allowingEmpty: true, fail)
        if cells.isEmpty { continue } // blank line
        if header == .present || cells[0].isEmpty || cells.contains(where: { !$0.isEmpty && Double($0) == nil }) {
          skippedHeader = true
          continue
        }
      }
      let fields = try Self.fields(line, fail)
      if fields.isEmpty { continue } // blank line
      if columns < 0 { columns = fields.count }
      guard fields.count == columns else {
        throw malformed("line \(lineNumber) has \(fields.count) fields, earlier lines have \(columns)")
      }
      for (k, text) in fields.enumerated() {
        guard let v = Double(text), v.isFinite else {
          throw malformed("line \(lineNumber), field \(k + 1): '\(text.prefix(40))' is not a finite number")
        }
        values.append(v)
      }
      rows += 1
    }
    if rows == 0 { throw malformed(skippedHeader ? "has a header but no data rows" : "holds no numbers") }
    matrix = try! Matrix(rows: rows, columns: columns, elements: values)
  }

  /// The fields of one line (no `\n`): split at commas and at runs of blanks; a comma with no field
  /// before or after it (at the line's start or end, or next to another comma) is an empty field.
  /// With `allowingEmpty`, an empty field is returned as "" instead (for recognising a header).
  private static func fields(
    _ line: ArraySlice<UInt8>, allowingEmpty: Bool = false, _ error: (String) -> DatasetFileError
  ) throws(DatasetFileError) -> [String] {
    func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
    var fields: [String] = []
    var start: Int? = nil // start of the current field
    var afterComma = false // a comma was seen and no field has followed it yet
    for i in line.indices {
      let b = line[i]
      if b == 0 { throw error("field \(fields.count + 1) holds a NUL byte (binary data, not text)") }
      if b == 0x2C || isBlank(b) {
        if let s = start {
          fields.append(String(decoding: line[s..<i], as: UTF8.self))
          start = nil
          afterComma = false
        }
        if b == 0x2C {
          if afterComma || fields.isEmpty {
            if !allowingEmpty { throw error("field \(fields.count + 1) is empty") }
            fields.append("")
          }
          afterComma = true
        }
      } else if start == nil {
        start = i
      }
    }
    if let s = start {
      fields.append(String(decoding: line[s..<line.endIndex], as: UTF8.self))
    } else if afterComma {
      if !allowingEmpty { throw error("field \(fields.count + 1) is empty") }
      fields.append("")
    }
    return fields
  }
}
