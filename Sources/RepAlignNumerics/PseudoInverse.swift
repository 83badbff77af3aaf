/// Moore–Penrose pseudo-inverse and minimum-norm least squares, through the SVD.
///
/// With A = U·diag(s)·Vᵀ, A⁺ = V·diag(1/sᵢ for sᵢ > c, else 0)·Uᵀ where the rank cut-off c defaults
/// to `max(m, n)·ε·σ_max` (`Matrix.defaultRankCutoff`). Singular values at or below c are treated
/// as exact zeros, which makes A⁺ satisfy the four Penrose conditions up to round-off even for
/// rank-deficient A. `leastSquares` returns X⁺y, the minimum-norm minimiser of ‖AX − Y‖_F — the
/// solution gradient descent from zero converges to (THEORY.md §3).
public struct LeastSquaresSolution: Sendable {
  /// The minimum-norm solution, n × k.
  public let solution: Matrix
  /// The numerical rank of A under the cut-off used.
  public let rank: Int
  /// The singular values of A (non-increasing).
  public let singularValues: [Double]
}

extension Matrix {
  /// The Moore–Penrose pseudo-inverse (n × m). `cutoff` overrides the absolute singular-value
  /// threshold.
  public func pseudoInverse(cutoff: Double? = nil, name: String = "A") throws -> Matrix {
    let svd = try singularValueDecomposition(name: name)
    return Matrix.applyPseudoInverse(svd, to: nil, cutoff: cutoff).solution
  }

  /// The minimum-norm least-squares solution of A·X ≈ B (A: m × n, B: m × k).
  public static func leastSquares(_ a: Matrix, _ b: Matrix, cutoff: Double? = nil) throws
    -> LeastSquaresSolution
  {
    try require(b.rows == a.rows, "B", "must have as many rows as A (\(a.rows))", got: b.rows)
    try b.requireFinite("B")
    let svd = try a.singularValueDecomposition(name: "A")
    return applyPseudoInverse(svd, to: b, cutoff: cutoff)
  }

  /// V·diag(1/s)·Uᵀ·B (or V·diag(1/s)·Uᵀ when B is nil), zeroing singular values ≤ cut-off.
  static func applyPseudoInverse(
    _ svd: SingularValueDecomposition, to b: Matrix?, cutoff: Double?
  ) -> LeastSquaresSolution {
    let s = svd.singularValues
    let c = cutoff ?? defaultRankCutoff(s, rows: svd.u.rows, columns: svd.v.rows)
    let inverse = s.map { $0 > c ? 1 / $0 : 0 }
    // Uᵀ·B (k × cols), or Uᵀ itself.
    var utb = b.map { Matrix.product(svd.u, $0, transposeA: true) } ?? svd.u.transposed
    let cols = utb.columns
    utb.withUnsafeMutableBufferPointer { p in
      for i in 0..<s.count {
        for j in 0..<cols { p[i * cols + j] *= inverse[i] }
      }
    }
    return LeastSquaresSolution(
      solution: Matrix.product(svd.v, utb), rank: inverse.filter { $0 != 0 }.count,
      singularValues: s)
  }
}
