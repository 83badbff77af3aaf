import _CGSL

/// Products through CBLAS (bound to OpenBLAS, see `BLASBackend`).
///
/// All routines are the level-3/level-2 BLAS contracts with row-major storage: `gemm` computes
/// C ← α·op(A)·op(B) + β·C, `syrk` computes the symmetric C ← α·AᵀA (both triangles filled),
/// `gemv` computes y ← α·op(A)·x + β·y. Round-off is the usual |fl(C) − C| ≤ γ_k·|A||B| with
/// γ_k = k·u / (1 − k·u), u = ε/2, k the inner dimension.
extension Matrix {
  /// op(A)·op(B)·α, with op the optional transpose.
  public static func product(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
    alpha: Double = 1
  ) -> Matrix {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kb, "product: inner dimensions \(k) and \(kb) differ")
    var c = Matrix(rows: m, columns: n)
    gemm(a, b, into: &c, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 0)
    return c
  }

  /// C ← α·op(A)·op(B) + β·C in place.
  public static func gemm(
    _ a: Matrix, _ b: Matrix, into c: inout Matrix, transposeA: Bool = false,
    transposeB: Bool = false, alpha: Double = 1, beta: Double = 0
  ) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let n = transposeB ? b.rows : b.columns
    precondition(
      (transposeB ? b.columns : b.rows) == k && c.rows == m && c.columns == n,
      "gemm: shapes \(a.rows)×\(a.columns), \(b.rows)×\(b.columns) → \(c.rows)×\(c.columns) disagree")
    if m == 0 || n == 0 { return }
    if k == 0 {
      c.withUnsafeMutableBufferPointer { buf in for i in buf.indices { buf[i] *= beta } }
      return
    }
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
            pa.baseAddress, Int32(max(1, a.columns)), pb.baseAddress, Int32(max(1, b.columns)),
            beta, pc.baseAddress, Int32(max(1, n)))
        }
      }
    }
  }

  /// The Gram matrix α·AᵀA (columns × columns) by `dsyrk`, both triangles filled. Half the flops
  /// of the equivalent `gemm`; this is the kernel of linear CKA.
  public func gramian(alpha: Double = 1) -> Matrix {
    let p = columns
    var c = Matrix(rows: p, columns: p)
    if p == 0 || rows == 0 { return c }
    withUnsafeBufferPointer { pa in
      c.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasRowMajor, CblasUpper, CblasTrans, Int32(p), Int32(rows), alpha, pa.baseAddress,
          Int32(p), 0, pc.baseAddress, Int32(p))
        for i in 0..<p {
          for j in 0..<i { pc[i * p + j] = pc[j * p + i] }
        }
      }
    }
    return c
  }

  /// α·op(A)·x.
  public func times(_ x: [Double], transposed: Bool = false, alpha: Double = 1) -> [Double] {
    let inner = transposed ? rows : columns
    let outer = transposed ? columns : rows
    precondition(x.count == inner, "gemv: vector of length \(x.count), matrix needs \(inner)")
    var y = [Double](repeating: 0, count: outer)
    if outer == 0 || inner == 0 { return y }
    withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          cblas_dgemv(
            CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, pa.baseAddress, Int32(columns), px.baseAddress, 1, 0, py.baseAddress, 1)
        }
      }
    }
    return y
  }

  /// A·B.
  public static func * (a: Matrix, b: Matrix) -> Matrix { product(a, b) }

  /// Element-wise sum.
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "+: shapes differ")
    var c = a
    c.add(b)
    return c
  }

  /// Element-wise difference.
  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "-: shapes differ")
    var c = a
    c.add(b, scaledBy: -1)
    return c
  }

  /// Scalar multiple.
  public static func * (s: Double, a: Matrix) -> Matrix {
    var c = a
    c.scale(by: s)
    return c
  }

  /// self ← self + α·other (`daxpy`).
  public mutating func add(_ other: Matrix, scaledBy alpha: Double = 1) {
    precondition(rows == other.rows && columns == other.columns, "add: shapes differ")
    let n = count
    other.withUnsafeBufferPointer { px in
      withUnsafeMutableBufferPointer { py in
        cblas_daxpy(Int32(n), alpha, px.baseAddress, 1, py.baseAddress, 1)
      }
    }
  }

  /// self ← α·self (`dscal`).
  public mutating func scale(by alpha: Double) {
    let n = count
    withUnsafeMutableBufferPointer { p in cblas_dscal(Int32(n), alpha, p.baseAddress, 1) }
  }
}

/// x·y by `ddot`.
public func dot(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
  return x.withUnsafeBufferPointer { px in
    y.withUnsafeBufferPointer { py in cblas_ddot(Int32(x.count), px.baseAddress, 1, py.baseAddress, 1) }
  }
}
