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
    let (rowsC, columnsC) = (c.rows, c.columns)
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          gemm(
            pa, MatrixBlock(rows: a.rows, columns: a.columns), transposeA: transposeA,
            pb, MatrixBlock(rows: b.rows, columns: b.columns), transposeB: transposeB,
            into: pc, MatrixBlock(rows: rowsC, columns: columnsC), alpha: alpha, beta: beta)
        }
      }
    }
  }

  /// C ← α·op(A)·op(B) + β·C on blocks of flat row-major buffers: `cblas_dgemm` with offsets and
  /// leading dimensions, so a product can read a sub-block of a larger matrix (some rows, some
  /// columns) and write into a sub-block of another without copying either.
  ///
  /// op(A) = A or Aᵀ is m × k where A is the block `blockA` of `a` (so `blockA` is m × k, or k × m
  /// when `transposeA`), likewise op(B) is k × n, and `blockC` of `c` is m × n. Entries of `c`
  /// outside `blockC` are never touched. β = 0 overwrites the block without reading it (BLAS
  /// convention, so NaN there does not propagate); k = 0 gives C ← β·C.
  ///
  /// Round-off: each entry satisfies |fl(C) − C| ≤ γ_{k+2}·(|α|·|op(A)|·|op(B)| + |β|·|C|)
  /// entry-wise (Higham §3.5), γ_k = k·u / (1 − k·u), whatever order OpenBLAS sums in.
  ///
  /// Preconditions (programming errors, checked): the shapes agree, every block lies inside its
  /// buffer (`block.end ≤ buffer.count`), the elements `blockC` spans do not overlap those of
  /// `blockA` or `blockB` (BLAS does not allow aliasing of the output; A and B may alias each
  /// other), and every dimension and leading dimension fits in `Int32`.
  package static func gemm(
    _ a: UnsafeBufferPointer<Double>, _ blockA: MatrixBlock, transposeA: Bool = false,
    _ b: UnsafeBufferPointer<Double>, _ blockB: MatrixBlock, transposeB: Bool = false,
    into c: UnsafeMutableBufferPointer<Double>, _ blockC: MatrixBlock, alpha: Double = 1, beta: Double = 0
  ) {
    let m = transposeA ? blockA.columns : blockA.rows
    let k = transposeA ? blockA.rows : blockA.columns
    let n = transposeB ? blockB.rows : blockB.columns
    precondition(
      (transposeB ? blockB.columns : blockB.rows) == k && blockC.rows == m && blockC.columns == n,
      "gemm: blocks \(blockA.rows)×\(blockA.columns), \(blockB.rows)×\(blockB.columns) → "
        + "\(blockC.rows)×\(blockC.columns) disagree")
    precondition(
      blockA.end <= a.count && blockB.end <= b.count && blockC.end <= c.count,
      "gemm: a block extends past its buffer (ends \(blockA.end), \(blockB.end), \(blockC.end); "
        + "counts \(a.count), \(b.count), \(c.count))")
    let limit = Int(Int32.max)
    precondition(
      Swift.max(m, n, k) <= limit
        && Swift.max(blockA.leadingDimension, blockB.leadingDimension, blockC.leadingDimension) <= limit,
      "gemm: a dimension exceeds Int32.max")
    if m == 0 || n == 0 { return }
    let cBase = c.baseAddress!
    if k == 0 {
      for i in 0..<m {
        let row = cBase + blockC.offset + i * blockC.leadingDimension
        for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
      }
      return
    }
    let aBase = a.baseAddress!
    let bBase = b.baseAddress!
    let cStart = UnsafePointer(cBase) + blockC.offset
    let cEnd = UnsafePointer(cBase) + blockC.end
    func disjoint(_ base: UnsafePointer<Double>, _ block: MatrixBlock) -> Bool {
      base + block.end <= cStart || cEnd <= base + block.offset
    }
    precondition(disjoint(aBase, blockA) && disjoint(bBase, blockB), "gemm: the output block overlaps an input")
    cblas_dgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, aBase + blockA.offset, Int32(blockA.leadingDimension),
      bBase + blockB.offset, Int32(blockB.leadingDimension), beta, cBase + blockC.offset,
      Int32(blockC.leadingDimension))
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

/// Where a rows × columns row-major block sits inside a flat Float64 buffer: entry (i, j) is
/// element `offset + i·leadingDimension + j` (the row-major "leading dimension" of BLAS). Rows
/// r₀..<r₁ and columns c₀..<c₁ of an R × C row-major matrix are the block with offset r₀·C + c₀,
/// r₁ − r₀ rows, c₁ − c₀ columns and leading dimension C. The argument type of the block
/// `Matrix.gemm`.
package struct MatrixBlock: Sendable, Equatable {
  package let offset: Int
  package let rows: Int
  package let columns: Int
  package let leadingDimension: Int

  /// `leadingDimension` defaults to max(1, `columns`), a contiguous block. Preconditions
  /// (checked): offset, rows and columns ≥ 0 and leadingDimension ≥ max(1, columns).
  package init(offset: Int = 0, rows: Int, columns: Int, leadingDimension: Int? = nil) {
    let ld = leadingDimension ?? Swift.max(1, columns)
    precondition(
      offset >= 0 && rows >= 0 && columns >= 0 && ld >= Swift.max(1, columns),
      "MatrixBlock: offset \(offset), \(rows)×\(columns), leading dimension \(ld) is not a block")
    self.offset = offset
    self.rows = rows
    self.columns = columns
    self.leadingDimension = ld
  }

  /// One past the last buffer element the block covers (`offset` for an empty block).
  package var end: Int { rows == 0 || columns == 0 ? offset : offset + (rows - 1) * leadingDimension + columns }
}

/// x·y by `ddot`.
package func dot(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
  return x.withUnsafeBufferPointer { px in
    y.withUnsafeBufferPointer { py in cblas_ddot(Int32(x.count), px.baseAddress, 1, py.baseAddress, 1) }
  }
}
