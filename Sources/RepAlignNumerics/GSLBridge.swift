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

/// Carries a Swift closure through GSL's `void *params` (the one box behind every `gsl_function`
/// callback: quadrature, root finding). The C callback never hands GSL a non-finite value: it
/// records the first point where `f` was not finite and returns 0 there, so the caller can throw a
/// `GSLError` naming the point instead of letting a NaN propagate.
final class GSLFunctionBox {
  let f: (Double) -> Double
  /// The first (x, f(x)) with f(x) not finite, if any.
  private(set) var firstNonFinite: (x: Double, value: Double)?

  init(_ f: @escaping (Double) -> Double) { self.f = f }

  fileprivate func evaluate(_ x: Double) -> Double {
    let y = f(x)
    if y.isFinite { return y }
    if firstNonFinite == nil { firstNonFinite = (x, y) }
    return 0
  }
}

/// Passes `f` to `body` as a `gsl_function`, valid only inside `body`, with the box that records
/// non-finite values.
func withGSLFunction<R>(
  _ f: (Double) -> Double, _ body: (inout gsl_function, GSLFunctionBox) throws -> R
) rethrows -> R {
  try withoutActuallyEscaping(f) { escapable in
    let box = GSLFunctionBox(escapable)
    let unmanaged = Unmanaged.passRetained(box)
    defer { unmanaged.release() }
    var function = gsl_function(
      function: { x, params in
        Unmanaged<GSLFunctionBox>.fromOpaque(params!).takeUnretainedValue().evaluate(x)
      }, params: unmanaged.toOpaque())
    return try body(&function, box)
  }
}
