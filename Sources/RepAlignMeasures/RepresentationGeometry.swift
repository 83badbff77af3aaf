import RepAlignNumerics

/// Per-representation geometry shared by the measures: centred features, squared Euclidean
/// distances, neighbour orders and orthonormal bases of the centred column space. Internal.
enum RepresentationGeometry {
  /// Squared Euclidean distances between samples (rows), m × m, from the centred features X̃:
  /// d²ᵢⱼ = Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ with G = X̃X̃ᵀ (one `dsyrk`), clamped at 0, exact zeros on the
  /// diagonal. Centring first keeps the cancellation error at O(m·ε·‖x̃‖²) instead of O(‖x‖²).
  static func squaredDistances(centered x: Matrix) -> Matrix {
    let m = x.rows
    var g = x.transposed.gramian()
    g.withUnsafeMutableBufferPointer { p in
      var diagonal = [Double](repeating: 0, count: m)
      for i in 0..<m { diagonal[i] = p[i * m + i] }
      for i in 0..<m {
        for j in 0..<m {
          p[i * m + j] = i == j ? 0 : Swift.max(0, diagonal[i] + diagonal[j] - 2 * p[i * m + j])
        }
      }
    }
    return g
  }

  /// The neighbours of sample i, nearest first, i itself excluded. **Tie rule:** samples are
  /// ordered by (distance, index): among equidistant samples the smaller index comes first. The
  /// rule is deterministic and makes the nearest neighbour the sample of rank 1.
  static func neighbourOrder(_ distances: UnsafeBufferPointer<Double>, row i: Int, m: Int) -> [Int] {
    var order = [Int]()
    order.reserveCapacity(m - 1)
    for j in 0..<m where j != i { order.append(j) }
    let base = i * m
    order.sort { j, k in
      let dj = distances[base + j]
      let dk = distances[base + k]
      return dj < dk || (dj == dk && j < k)
    }
    return order
  }

  /// Ranks r(i, j) ∈ 1...m−1 of j among i's neighbours (1 = nearest) under the (distance, index)
  /// tie rule, row-major m × m; the diagonal is 0.
  static func neighbourRanks(_ distances: Matrix) -> [Int32] {
    let m = distances.rows
    var ranks = [Int32](repeating: 0, count: m * m)
    distances.withUnsafeBufferPointer { d in
      for i in 0..<m {
        for (r, j) in neighbourOrder(d, row: i, m: m).enumerated() { ranks[i * m + j] = Int32(r + 1) }
      }
    }
    return ranks
  }

  /// Nearest neighbour of each sample under the (distance, index) tie rule: the smallest j ≠ i
  /// attaining min_j d(i, j).
  static func nearestNeighbours(_ distances: Matrix) -> [Int] {
    let m = distances.rows
    return distances.withUnsafeBufferPointer { d in
      (0..<m).map { i in
        var best = -1
        var bestDistance = Double.infinity
        for j in 0..<m where j != i && (best < 0 || d[i * m + j] < bestDistance) {
          best = j
          bestDistance = d[i * m + j]
        }
        return best
      }
    }
  }

  /// An orthonormal basis (m × r, columns ordered by decreasing singular value) of the column
  /// space of the centred features X̃ (m × p), and the singular values σ₁ ≥ … ≥ σ_r.
  ///
  /// Shape decides the route: for p ≤ m the p × p Gram X̃ᵀX̃ = VΛVᵀ is diagonalised and
  /// Q = X̃·V·Λ^{−1/2}; for p > m the m × m Gram X̃X̃ᵀ = UΛUᵀ gives Q = U directly. Directions with
  /// λᵢ ≤ `relativeEigenvalueCutoff`·λ₁ are treated as null: the Gram eigenvalues carry absolute
  /// round-off ≈ max(m, p)·ε·λ₁ ≲ 1e-12·λ₁, so the kept ones are accurate to ≲ 1e-2 relative at
  /// the cut-off and to ~ε·κ² for well-conditioned data.
  static func orthonormalBasis(centered x: Matrix) throws -> (basis: Matrix, singularValues: [Double]) {
    let m = x.rows
    let p = x.columns
    let featureSpace = p <= m
    let gram = featureSpace ? x.gramian() : x.transposed.gramian()
    let eigen = try gram.symmetricEigendecomposition(name: "Gram matrix")
    let n = gram.rows
    let largest = Swift.max(0, eigen.eigenvalues.last ?? 0)
    var kept: [Int] = []
    for k in stride(from: n - 1, through: 0, by: -1)
    where eigen.eigenvalues[k] > relativeEigenvalueCutoff * largest {
      kept.append(k)
    }
    let sigma = kept.map { eigen.eigenvalues[$0].squareRoot() }
    var vectors = eigen.eigenvectors.selectingColumns(kept)
    if featureSpace {
      vectors.withUnsafeMutableBufferPointer { v in
        for i in 0..<p {
          for (c, s) in sigma.enumerated() { v[i * kept.count + c] /= s }
        }
      }
      return (Matrix.product(x, vectors), sigma)
    }
    return (vectors, sigma)
  }

  /// Eigenvalues of the Gram matrix below this fraction of the largest are treated as zero.
  static let relativeEigenvalueCutoff = 1e-10

  /// Features with the same Gram matrix X̃X̃ᵀ but at most min(m, p) columns: X̃ itself when p ≤ m,
  /// otherwise U·Λ^{1/2} from X̃X̃ᵀ = UΛUᵀ (the Gram-space route for wide representations).
  static func compactFeatures(centered x: Matrix) throws -> Matrix {
    if x.columns <= x.rows { return x }
    let (basis, sigma) = try orthonormalBasis(centered: x)
    var f = basis
    let r = sigma.count
    f.withUnsafeMutableBufferPointer { v in
      for i in 0..<x.rows {
        for c in 0..<r { v[i * r + c] *= sigma[c] }
      }
    }
    return f
  }
}
