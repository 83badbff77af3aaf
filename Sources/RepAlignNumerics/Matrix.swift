/// A dense, row-major matrix of `Double` with value semantics.
///
/// Rows are samples and columns are features throughout RepAlign (a representation of m inputs
/// with p units is an m × p matrix). Element (i, j) lives at `elements[i * columns + j]`, so a
/// `Matrix` can be handed to CBLAS (`CblasRowMajor`, leading dimension `columns`) and to GSL
/// (`gsl_matrix_view_array`) without copying.
///
/// Shape mismatches in the arithmetic below are programming errors and trap (like `Array`
/// subscripts); data arriving from users is validated where it enters, by throwing initializers
/// and by each layer's own checks.
public struct Matrix: Equatable, Hashable, Sendable {
  /// Number of rows (samples).
  public let rows: Int
  /// Number of columns (features).
  public let columns: Int
  /// The elements in row-major order; `count == rows * columns`.
  public private(set) var elements: [Double]

  /// A `rows × columns` matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// Wraps row-major `elements`; throws unless `elements.count == rows * columns`.
  public init(rows: Int, columns: Int, elements: [Double]) throws(ParameterError) {
    try require(rows >= 0, "rows", "must be ≥ 0", got: rows)
    try require(columns >= 0, "columns", "must be ≥ 0", got: columns)
    try require(
      elements.count == rows * columns, "elements",
      "must hold rows × columns = \(rows * columns) values", got: "\(elements.count) values")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// Builds a matrix from nested rows; throws for ragged input.
  public init(_ nestedRows: [[Double]]) throws(ParameterError) {
    let columns = nestedRows.first?.count ?? 0
    for (i, row) in nestedRows.enumerated() {
      try require(
        row.count == columns, "rows", "must all have \(columns) entries",
        got: "row \(i) with \(row.count)")
    }
    try self.init(rows: nestedRows.count, columns: columns, elements: nestedRows.flatMap { $0 })
  }

  /// A matrix whose element (i, j) is `entry(i, j)`.
  public init(rows: Int, columns: Int, _ entry: (Int, Int) throws -> Double) rethrows {
    self.init(rows: rows, columns: columns)
    for i in 0..<rows {
      for j in 0..<columns { elements[i * columns + j] = try entry(i, j) }
    }
  }

  /// The `n × n` identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = 1 }
    return m
  }

  /// A column vector (n × 1).
  public init(column: [Double]) {
    self.rows = column.count
    self.columns = 1
    self.elements = column
  }

  @inlinable public var count: Int { rows * columns }
  @inlinable public var isSquare: Bool { rows == columns }

  public subscript(row: Int, column: Int) -> Double {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
      return elements[row * columns + column]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
      elements[row * columns + column] = newValue
    }
  }

  /// Row `i` as an array.
  public func row(_ i: Int) -> [Double] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] { (0..<rows).map { elements[$0 * columns + j] } }

  /// The sub-matrix of the given rows (in order).
  public func selectingRows(_ indices: some Sequence<Int>) -> Matrix {
    var out: [Double] = []
    var n = 0
    for i in indices {
      out.append(contentsOf: elements[(i * columns)..<((i + 1) * columns)])
      n += 1
    }
    return try! Matrix(rows: n, columns: columns, elements: out)
  }

  /// The sub-matrix of the given columns (in order).
  public func selectingColumns(_ indices: [Int]) -> Matrix {
    Matrix(rows: rows, columns: indices.count) { i, j in elements[i * columns + indices[j]] }
  }

  /// The transpose (a copy).
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    elements.withUnsafeBufferPointer { src in
      t.elements.withUnsafeMutableBufferPointer { dst in
        for i in 0..<rows {
          for j in 0..<columns { dst[j * rows + i] = src[i * columns + j] }
        }
      }
    }
    return t
  }

  /// True when every element is finite.
  public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

  /// Throws unless every element is finite; `name` is the parameter name for the message.
  public func requireFinite(_ name: String) throws(ParameterError) {
    if let k = elements.firstIndex(where: { !$0.isFinite }) {
      throw ParameterError(
        name, "must have finite entries", got: "\(elements[k]) at (\(k / columns), \(k % columns))")
    }
  }

  /// Read-only access to the row-major storage.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows
    -> R
  { try elements.withUnsafeBufferPointer(body) }

  /// Mutable access to the row-major storage (the shape cannot change).
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R { try elements.withUnsafeMutableBufferPointer(body) }

  /// Applies `transform` to every element.
  public func map(_ transform: (Double) throws -> Double) rethrows -> Matrix {
    try! Matrix(rows: rows, columns: columns, elements: try elements.map(transform))
  }
}

extension Matrix: CustomStringConvertible {
  public var description: String {
    let shown = (0..<Swift.min(rows, 6)).map { i in
      (0..<Swift.min(columns, 6)).map { j in String(self[i, j]) }.joined(separator: ", ")
        + (columns > 6 ? ", …" : "")
    }
    return "Matrix \(rows)×\(columns) [" + shown.joined(separator: "; ") + (rows > 6 ? "; …" : "")
      + "]"
  }
}
