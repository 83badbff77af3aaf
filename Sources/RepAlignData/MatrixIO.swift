import Foundation
import RepAlignNumerics

/// Reading and writing representations (rows are samples, columns are units) for users of other
/// tools, so that `repalign measure` can be run on activations saved from Python.
///
/// - **CSV**: read by `NumericTable` (the package's one text-table reader): one row per line,
///   fields separated by commas (blanks around them ignored) or blanks, every field a finite
///   decimal number, every row the same number of fields, blank lines ignored. A header line is
///   recognised by rule (some field is not a number, or the first field is empty, as in pandas'
///   `,0,1,2`) or declared (`header: .present`, for a numeric header such as `0,1,2`); an index
///   column (pandas' `index_col`) is dropped with `indexColumn`. From pandas:
///
///       df.to_csv("a.csv")               # ",0,1,…" header + index: --index-col 0 (header by rule)
///       df.to_csv("a.csv", index=False)  # "0,1,…" numeric header: --header
///       np.savetxt("a.csv", x, delimiter=",")   # no header, no index: nothing to add
/// - **NumPy `.npy`** (format versions 1.0, 2.0 and 3.0): dtype `<f8` (little-endian float64)
///   only, C order only, shape (m, p) or (m,) (read as m × 1). Anything else — other dtypes,
///   `fortran_order: True`, a truncated or over-long payload — is an error, never a silent
///   conversion. Written files are version 1.0, `<f8`, C order, shape (m, p).
///
/// Every read error is a one-line `DatasetFileError` naming `parameter` (the argument through which
/// the file was given, e.g. `A`), the path and the problem; write errors too.
public enum MatrixIO {
  /// Reads a `.csv` or `.npy` file, chosen by extension (case-insensitive).
  /// `header` and `indexColumn` apply to CSV only (`.npy` files carry their shape; an
  /// `indexColumn` with one is an error).
  public static func read(
    path: String, parameter: String = "matrix", header: NumericTable.Header = .optional, indexColumn: Int? = nil
  ) throws(DatasetFileError) -> Matrix {
    switch (path as NSString).pathExtension.lowercased() {
    case "csv": return try readCSV(path: path, parameter: parameter, header: header, indexColumn: indexColumn)
    case "npy":
      if indexColumn != nil {
        throw DatasetFileError(.malformed, parameter: parameter, path: path, "--index-col applies to .csv files only")
      }
      return try readNPY(path: path, parameter: parameter)
    default: throw DatasetFileError(.malformed, parameter: parameter, path: path, "extension must be .csv or .npy")
    }
  }

  // MARK: - CSV

  /// Reads a CSV file (see the type's documentation).
  /// Reads a CSV file (see the type's documentation); `indexColumn` (0-based, like pandas'
  /// `index_col`) is dropped.
  public static func readCSV(
    path: String, parameter: String = "matrix", header: NumericTable.Header = .optional, indexColumn: Int? = nil
  ) throws(DatasetFileError) -> Matrix {
    let bytes = [UInt8](try contents(path, parameter: parameter))
    let matrix = try NumericTable(parsing: bytes, parameter: parameter, path: path, header: header).matrix
    guard let indexColumn else { return matrix }
    guard indexColumn >= 0 && indexColumn < matrix.columns && matrix.columns >= 2 else {
      throw DatasetFileError(
        .malformed, parameter: parameter, path: path,
        "--index-col must be a column in 0...\(matrix.columns - 1) of a file with at least 2 columns, got \(indexColumn)"
      )
    }
    return matrix.selectingColumns((0..<matrix.columns).filter { $0 != indexColumn })
  }

  /// Parses CSV text; `path` and `parameter` are only used in error messages.
  public static func parseCSV(_ text: String, path: String = "<csv>", parameter: String = "matrix")
    throws(DatasetFileError) -> Matrix
  {
    try NumericTable(parsing: Array(text.utf8), parameter: parameter, path: path, header: .optional).matrix
  }

  /// Writes `matrix` as CSV in the shortest decimal form that round-trips exactly, preceded by
  /// `header` (one name per column) when given.
  public static func writeCSV(_ matrix: Matrix, to path: String, header: [String]? = nil) throws {
    if let header, header.count != matrix.columns {
      throw ParameterError("header", "must name each of the \(matrix.columns) columns", got: header.count)
    }
    var out = ""
    if let header { out += header.joined(separator: ",") + "\n" }
    for i in 0..<matrix.rows {
      out += matrix.row(i).map { "\($0)" }.joined(separator: ",") + "\n"
    }
    try write(Data(out.utf8), to: path)
  }

  // MARK: - NumPy .npy

  private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] // \x93NUMPY

  /// Reads a `.npy` file (see the type's documentation).
  public static func readNPY(path: String, parameter: String = "matrix") throws(DatasetFileError) -> Matrix {
    try parseNPY(contents(path, parameter: parameter), path: path, parameter: parameter)
  }

  /// Parses `.npy` bytes; `path` is only used in error messages.
  public static func parseNPY(_ data: Data, path: String = "<npy>", parameter: String = "matrix")
    throws(DatasetFileError) -> Matrix
  {
    func fail(_ kind: DatasetFileError.Kind, _ detail: String) -> DatasetFileError {
      DatasetFileError(kind, parameter: parameter, path: path, detail)
    }
    let bytes = [UInt8](data)
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
      throw fail(.wrongMagic, "not a NumPy .npy file (missing \\x93NUMPY magic)")
    }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw fail(.truncated, "truncated .npy header") }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw fail(.malformed, ".npy format version \(major).\(bytes[7]) is not supported (1, 2 or 3)")
    }
    guard bytes.count >= headerStart + headerLength else {
      throw fail(.truncated, "truncated .npy header")
    }
    let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
    let descr = try field("descr", in: header, path: path, parameter: parameter)
    guard descr == "'<f8'" || descr == "\"<f8\"" else {
      throw fail(.malformed, "dtype must be little-endian float64 '<f8', got \(descr) (use arr.astype('<f8'))")
    }
    let fortran = try field("fortran_order", in: header, path: path, parameter: parameter)
    guard fortran == "False" else {
      throw fail(.malformed, "must be C order (fortran_order False); use np.ascontiguousarray")
    }
    let shapeText = try field("shape", in: header, path: path, parameter: parameter)
    let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
      .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let shape = dims.compactMap { Int($0) }
    guard shape.count == dims.count, shape.count == 1 || shape.count == 2, shape.allSatisfy({ $0 >= 0 }) else {
      throw fail(.malformed, "shape must be (m, p) or (m,), got \(shapeText)")
    }
    let rows = shape[0]
    let columns = shape.count == 2 ? shape[1] : 1
    let payload = headerStart + headerLength
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow, count <= (bytes.count - payload) / 8 else {
      throw fail(
        .truncated, "payload has \(bytes.count - payload) bytes, shape \(shapeText) needs more (truncated or corrupt)")
    }
    guard bytes.count - payload == 8 * count else {
      throw fail(
        bytes.count - payload < 8 * count ? .truncated : .trailingBytes,
        "payload has \(bytes.count - payload) bytes, shape \(shapeText) needs \(8 * count) (truncated or corrupt)")
    }
    var elements = [Double](repeating: 0, count: count)
    for k in 0..<count {
      var bits: UInt64 = 0
      for t in 0..<8 { bits |= UInt64(bytes[payload + 8 * k + t]) << (8 * UInt64(t)) }
      elements[k] = Double(bitPattern: bits)
    }
    return try! Matrix(rows: rows, columns: columns, elements: elements) // count = rows·columns above
  }

  /// The value text of `'key': value` in a .npy header dictionary (shape tuples included).
  private static func field(_ key: String, in header: String, path: String, parameter: String)
    throws(DatasetFileError) -> String
  {
    guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
      let colon = header[keyRange.upperBound...].firstIndex(of: ":")
    else { throw DatasetFileError(.malformed, parameter: parameter, path: path, ".npy header has no '\(key)' entry") }
    var rest = header[header.index(after: colon)...].drop { $0 == " " }
    if rest.first == "(" {
      guard let close = rest.firstIndex(of: ")") else {
        throw DatasetFileError(
          .malformed, parameter: parameter, path: path, ".npy header has an unterminated '\(key)' tuple")
      }
      rest = rest[...close]
    } else if let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) {
      rest = rest[..<end]
    }
    return rest.trimmingCharacters(in: .whitespaces)
  }

  /// Writes `matrix` as a version-1.0 `.npy` file: dtype `<f8`, C order, shape (rows, columns).
  public static func writeNPY(_ matrix: Matrix, to path: String) throws {
    try write(npyData(matrix), to: path)
  }

  /// The bytes of `writeNPY`.
  public static func npyData(_ matrix: Matrix) -> Data {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(matrix.rows), \(matrix.columns)), }"
    // Pad with spaces so that magic + version + length + header + "\n" is a multiple of 64.
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var bytes = magic + [1, 0]
    let length = header.utf8.count
    bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
    bytes += Array(header.utf8)
    bytes.reserveCapacity(bytes.count + 8 * matrix.count)
    for value in matrix.elements {
      let bits = value.bitPattern
      for t in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(t)))) }
    }
    return Data(bytes)
  }

  // MARK: - Files

  private static func contents(_ path: String, parameter: String) throws(DatasetFileError) -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw DatasetFileError(.missing, parameter: parameter, path: path, "no such file")
    }
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw DatasetFileError(
        .unreadable, parameter: parameter, path: path, "cannot be read (\(error.localizedDescription))")
    }
  }

  private static func write(_ data: Data, to path: String) throws(DatasetFileError) {
    do { try data.write(to: URL(fileURLWithPath: path)) } catch {
      throw DatasetFileError(
        .unwritable, parameter: "output", path: path, "cannot be written (\(error.localizedDescription))")
    }
  }
}
