import _CGSL

/// Zero-copy views of RepAlign storage as GSL objects, valid only inside the closure.
extension Matrix {
  /// Passes a `gsl_matrix` viewing this matrix's storage (rows, columns ≥ 1).
  mutating func withGSLMatrix<R>(_ body: (UnsafeMutablePointer<gsl_matrix>) throws -> R) rethrows
    -> R
  {
    precondition(rows >= 1 && columns >= 1, "GSL matrices need at least one row and column")
    let (r, c) = (rows, columns)
    return try withUnsafeMutableBufferPointer { p in
      var view = gsl_matrix_view_array(p.baseAddress, r, c)
      return try withUnsafeMutablePointer(to: &view.matrix) { try body($0) }
    }
  }
}

/// Passes a `gsl_vector` viewing `array` (count ≥ 1).
func withGSLVector<R>(
  _ array: inout [Double], _ body: (UnsafeMutablePointer<gsl_vector>) throws -> R
) rethrows -> R {
  precondition(!array.isEmpty, "GSL vectors need at least one element")
  let n = array.count
  return try array.withUnsafeMutableBufferPointer { p in
    var view = gsl_vector_view_array(p.baseAddress, n)
    return try withUnsafeMutablePointer(to: &view.vector) { try body($0) }
  }
}
