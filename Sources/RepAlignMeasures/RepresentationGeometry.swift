import RepAlignNumerics

/// Per-representation geometry shared by the measures: exact rescaling, centred features, squared
/// Euclidean distances, neighbour orders and orthonormal bases of the centred column space.
/// Internal.
///
/// ## Three rules every measure follows
/// 1. **Scale.** A representation is first multiplied by the power of two 2⁻ᵉ that brings its
///    largest |entry| into [1, 2) (`unitScaled`). The product is exact, so every scale-invariant
///    measure gives bitwise the same value at any magnitude a Double holds (1e−300 … 1e300), and
///    no square, Gram entry or GSL iteration sees a magnitude near overflow or underflow.
/// 2. **Distances from coordinate differences.** d²ᵢⱼ = Σₖ (xⱼₖ − xᵢₖ)², summed in k order on the
///    (rescaled, uncentred) coordinates, so distances that are equal in exact arithmetic on
///    integer, binary or other exactly representable inputs are equal in floating point and the
///    tie rules apply as documented. The Gram form Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ is used only where speed needs
///    it (`InformationImbalance.pairwiseTable`), with every comparison closer than its round-off
///    bound (`gramDistanceBound`) re-decided on these exact differences, so the outcome is the same.
/// 3. **Bases from the data, not its Gram matrix.** The column space of the centred data comes
///    from a Householder QR with column pivoting of the column-equilibrated data
///    (`orthonormalBasis`), singular directions from an SVD of the centred data
///    (`singularBasis`); the rank cut-off is the round-off of the data itself, not a fixed ratio.
enum RepresentationGeometry {
  // MARK: - Scale

  /// `x` times the power of two that puts its largest |entry| in [1, 2) (exact; an all-zero
  /// matrix is returned unchanged). Entries more than 2¹⁰⁷⁴ below the largest underflow to 0,
  /// which is below any measure's round-off.
  static func unitScaled(_ x: Matrix) -> Matrix {
    let e = scaleExponent(x)
    if e == 0 { return x }
    // 2⁻ᵉ in at most two exact steps (2^1074 itself is not a Double).
    let first = Swift.max(-1022, Swift.min(1023, -e))
    let second = -e - first
    var y = x
    y.scale(by: Double(sign: .plus, exponent: first, significand: 1))
    if second != 0 { y.scale(by: Double(sign: .plus, exponent: second, significand: 1)) }
    return y
  }

  /// e with 2ᵉ ≤ max |xᵢⱼ| < 2ᵉ⁺¹ (0 for an all-zero or non-finite matrix).
  static func scaleExponent(_ x: Matrix) -> Int {
    var largest = 0.0
    x.withUnsafeBufferPointer { e in for v in e { largest = Swift.max(largest, Swift.abs(v)) } }
    guard largest > 0, largest.isFinite else { return 0 }
    return Int(largest.exponent)
  }

  /// The rescaled (`unitScaled`), column-centred representation X̃. For moderate magnitudes
  /// (|e| < 500) the centring is done first and the power of two applied after, in place: the
  /// same bits (scaling by 2⁻ᵉ commutes exactly with the mean and the subtraction), one copy.
  static func centred(_ x: Matrix) -> Matrix {
    let e = scaleExponent(x)
    if Swift.abs(e) >= 500 { return unitScaled(x).centeredColumns }
    var c = x.centeredColumns
    if e != 0 { c.scale(by: Double(sign: .plus, exponent: -e, significand: 1)) }
    return c
  }

  // MARK: - Distances

  /// One squared distance Σₖ (xⱼₖ − xᵢₖ)², k ascending: the exact-difference form every distance
  /// of the package is computed in (bitwise equal to the entries of `squaredDistances`).
  @inline(__always)
  static func squaredDistance(_ x: UnsafeBufferPointer<Double>, columns p: Int, _ i: Int, _ j: Int) -> Double {
    var s = 0.0
    let (ri, rj) = (i * p, j * p)
    for k in 0..<p {
      let t = x[rj + k] - x[ri + k]
      s += t * t
    }
    return s
  }

  /// Squared Euclidean distances between the samples (rows) of `x`, m × m, from coordinate
  /// differences (rule 2 above), symmetric with an exact zero diagonal. `x` should already be
  /// `unitScaled`. Cost m(m−1)/2·p subtract-multiply-adds, vectorised over j on the transposed
  /// data in blocks of rows i.
  static func squaredDistances(_ x: Matrix) -> Matrix {
    let m = x.rows
    let p = x.columns
    let xt = x.transposed
    var d = Matrix(rows: m, columns: m)
    let block = 8
    var acc = [Double](repeating: 0, count: block * m)
    xt.withUnsafeBufferPointer { t in
      d.withUnsafeMutableBufferPointer { out in
        acc.withUnsafeMutableBufferPointer { a in
          var i0 = 0
          while i0 < m {
            let rows = Swift.min(block, m - i0)
            let start = i0 + 1
            for r in 0..<rows { for j in start..<Swift.max(start, m) { a[r * m + j] = 0 } }
            for k in 0..<p {
              let line = k * m
              for r in 0..<rows {
                let c = t[line + i0 + r]
                let base = r * m
                for j in start..<Swift.max(start, m) {
                  let u = t[line + j] - c
                  a[base + j] += u * u
                }
              }
            }
            for r in 0..<rows {
              let i = i0 + r
              for j in (i + 1)..<Swift.max(i + 1, m) {
                let v = a[r * m + j]
                out[i * m + j] = v
                out[j * m + i] = v
              }
            }
            i0 += rows
          }
        }
      }
    }
    return d
  }

  /// Squared distances in the Gram form d̃ᵢⱼ = Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ, G = X̃X̃ᵀ (one `dsyrk`), clamped
  /// at 0, exact zeros on the diagonal, with the squared row norms nᵢ = Gᵢᵢ. Fast, but equal
  /// distances come out a few ulps apart: callers re-decide close comparisons with
  /// `squaredDistance` (see `gramDistanceBound`).
  static func gramDistances(centered x: Matrix) -> (distances: Matrix, rowNorms: [Double]) {
    let m = x.rows
    var g = x.transposed.gramian()
    var diagonal = [Double](repeating: 0, count: m)
    g.withUnsafeMutableBufferPointer { p in
      for i in 0..<m { diagonal[i] = p[i * m + i] }
      for i in 0..<m {
        for j in 0..<m {
          p[i * m + j] = i == j ? 0 : Swift.max(0, diagonal[i] + diagonal[j] - 2 * p[i * m + j])
        }
      }
    }
    return (g, diagonal)
  }

  /// A bound Eᵢ, for every j, on |d̃ᵢⱼ − dᵢⱼ| + |dᵢⱼ − d̂ᵢⱼ| where d̃ is the Gram form, d the exact
  /// distance and d̂ the exact-difference form (`squaredDistance`) of p-column data with squared
  /// centred row norms nᵢ (largest n_max):
  ///
  ///     Eᵢ = 4(p + 4)·ε·(nᵢ + n_max).
  ///
  /// The Gram entries carry |ΔGᵢⱼ| ≤ γ_p·√(nᵢnⱼ) (any summation order), the centring ≤ 4ε(nᵢ + nⱼ)
  /// and the two additions 4ε(nᵢ + nⱼ), so |d̃ − d| ≤ (2p + 8)ε(nᵢ + nⱼ); the difference form
  /// carries ≤ (p + 2)ε·dᵢⱼ ≤ 2(p + 2)ε(nᵢ + nⱼ). So whenever |d̃ᵢⱼ − d̃ᵢₖ| > 2Eᵢ the Gram order of
  /// j and k is the exact order and the order of the difference form; closer pairs are re-decided
  /// with `squaredDistance`.
  static func gramDistanceBound(rowNorms: [Double], columns p: Int) -> [Double] {
    let largest = rowNorms.max() ?? 0
    let c = 4 * Double(p + 4) * Double.ulpOfOne
    return rowNorms.map { c * ($0 + largest) }
  }

  // MARK: - Neighbours

  /// The neighbours of sample i, nearest first, i itself excluded. **Tie rule:** samples are
  /// ordered by (distance, index): among equidistant samples the smaller index comes first. The
  /// rule is deterministic and makes the nearest neighbour the sample of rank 1. Distances must be
  /// exact-difference ones (`squaredDistances`) for the rule to see exact ties.
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

  /// The k nearest neighbours of each sample under the (distance, index) tie rule, row-major
  /// m × k (k = 1: the smallest j ≠ i attaining min_j d(i, j)).
  static func nearestNeighbours(_ distances: Matrix, k: Int = 1) -> [Int] {
    let m = distances.rows
    if k == 1 {
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
    return distances.withUnsafeBufferPointer { d in
      (0..<m).flatMap { i in neighbourOrder(d, row: i, m: m).prefix(k) }
    }
  }

  /// The k nearest neighbours of every sample (row-major m × k) under the (distance, index) rule
  /// on exact-difference distances, found from the fast Gram form: for each i, the candidates
  /// within 2Eᵢ (`gramDistanceBound`) of the k-th smallest Gram distance are re-measured with
  /// `squaredDistance` and ordered exactly; the others are certainly farther. Equal to
  /// `nearestNeighbours(squaredDistances(unitScaled(x)), k:)`.
  static func nearestNeighboursFast(_ x: Matrix, k: Int) -> [Int] {
    let scaled = unitScaled(x)
    let (d, norms) = gramDistances(centered: scaled.centeredColumns)
    let bound = gramDistanceBound(rowNorms: norms, columns: x.columns)
    let m = x.rows
    let p = x.columns
    var result = [Int](repeating: 0, count: m * k)
    d.withUnsafeBufferPointer { g in
      scaled.withUnsafeBufferPointer { raw in
        var row = [Double](repeating: 0, count: m)
        for i in 0..<m {
          // The k-th smallest Gram distance (k = 1: one pass, no copy).
          var threshold = Double.infinity
          if k == 1 {
            for j in 0..<m where j != i { threshold = Swift.min(threshold, g[i * m + j]) }
          } else {
            for j in 0..<m { row[j] = j == i ? .infinity : g[i * m + j] }
            row.sort()
            threshold = row[k - 1]
          }
          threshold += 2 * bound[i]
          var candidates: [(Double, Int)] = []
          for j in 0..<m where j != i && g[i * m + j] <= threshold {
            candidates.append((squaredDistance(raw, columns: p, i, j), j))
          }
          candidates.sort { $0 < $1 }
          for t in 0..<k { result[i * k + t] = candidates[t].1 }
        }
      }
    }
    return result
  }

  // MARK: - Bases

  /// An orthonormal basis Q (m × r) of the column space of the centred features X̃ (m × p), from a
  /// Householder QR with column pivoting of X̃ with every column scaled to unit norm. Because the
  /// columns are equilibrated first, a direction is kept however small its scale is against the
  /// others (a column map diag(2⁻⁴⁰…1) changes nothing), as long as it stands above the data's
  /// own round-off. **Rank cut-off:** columns that are exactly constant are left out; the QR
  /// stops when the largest remaining column norm is at most
  ///
  ///     τ = 8·max(m, p)·ε·max(1, maxⱼ ‖xⱼ‖/‖x̃ⱼ‖),
  ///
  /// the round-off that centring (‖xⱼ‖ the uncentred column norm: a large offset leaves fewer
  /// correct digits) and the factorisation leave in an equilibrated column. For well-scaled data
  /// τ ≈ 1e-13: a direction is dropped only if it is within 1e-13 of the span of the others.
  static func orthonormalBasis(_ x: Matrix) -> Matrix {
    let scaled = unitScaled(x)
    let c = scaled.centeredColumns
    let m = c.rows
    let p = c.columns
    // Column-major copy of the non-constant, equilibrated columns.
    var a: [Double] = []
    var ratio = 1.0
    a.reserveCapacity(m * p)
    scaled.withUnsafeBufferPointer { raw in
      c.withUnsafeBufferPointer { e in
        for j in 0..<p {
          var constant = true
          for i in 1..<Swift.max(1, m) where raw[i * p + j] != raw[j] {
            constant = false
            break
          }
          if constant { continue }
          var rawNorm = 0.0
          var norm = 0.0
          for i in 0..<m {
            rawNorm += raw[i * p + j] * raw[i * p + j]
            norm += e[i * p + j] * e[i * p + j]
          }
          norm = norm.squareRoot()
          ratio = Swift.max(ratio, rawNorm.squareRoot() / norm)
          for i in 0..<m { a.append(e[i * p + j] / norm) }
        }
      }
    }
    let n = a.count / Swift.max(1, m)
    let cutoff = 8 * Double(Swift.max(m, p)) * Double.ulpOfOne * ratio
    var taus: [Double] = []
    var rank = 0
    a.withUnsafeMutableBufferPointer { a in
      for k in 0..<Swift.min(m, n) {
        var best = k
        var bestNorm = -1.0
        for j in k..<n {
          var s = 0.0
          for i in k..<m { s += a[j * m + i] * a[j * m + i] }
          if s > bestNorm {
            bestNorm = s
            best = j
          }
        }
        let norm = bestNorm.squareRoot()
        if !(norm > cutoff) { break }
        if best != k { for i in 0..<m { a.swapAt(k * m + i, best * m + i) } }
        let alpha = a[k * m + k]
        let beta = alpha >= 0 ? -norm : norm
        let v0 = alpha - beta
        for i in (k + 1)..<m { a[k * m + i] /= v0 }
        let tau = (beta - alpha) / beta
        a[k * m + k] = beta
        for j in (k + 1)..<n {
          var w = a[j * m + k]
          for i in (k + 1)..<m { w += a[k * m + i] * a[j * m + i] }
          w *= tau
          a[j * m + k] -= w
          for i in (k + 1)..<m { a[j * m + i] -= w * a[k * m + i] }
        }
        taus.append(tau)
        rank += 1
      }
    }
    // Q = H₀H₁…H_{r−1}·[I_r; 0], applied from the last reflector to the first (column-major).
    var q = [Double](repeating: 0, count: m * rank)
    for j in 0..<rank { q[j * m + j] = 1 }
    for k in stride(from: rank - 1, through: 0, by: -1) {
      for j in k..<rank {
        var w = q[j * m + k]
        for i in (k + 1)..<m { w += a[k * m + i] * q[j * m + i] }
        w *= taus[k]
        q[j * m + k] -= w
        for i in (k + 1)..<m { q[j * m + i] -= w * a[k * m + i] }
      }
    }
    return Matrix(rows: m, columns: rank) { i, j in q[j * m + i] }
  }

  /// The left singular vectors U_r (m × r, by decreasing singular value) and the singular values
  /// σ₁ ≥ … ≥ σ_r of the centred, rescaled features, from GSL's SVD of X̃ itself (not of its Gram
  /// matrix, which would square the condition number). **Rank cut-off:** σᵢ > τ·σ₁ with
  /// τ = 8·max(m, p)·ε (the LAPACK/NumPy `matrix_rank` rule with a factor 8 of margin): a
  /// direction of relative scale 1e-6 is kept, and is accurate to ≈ τ/1e-6 ≈ 1e-7.
  static func singularBasis(_ x: Matrix, measure: String) throws -> (basis: Matrix, singularValues: [Double]) {
    let c = centred(x)
    let svd = try MeasureError.numerical(measure) { try c.singularValueDecomposition(name: "centred features") }
    let sigma = svd.singularValues
    let cutoff = 8 * Double(Swift.max(c.rows, c.columns)) * Double.ulpOfOne * (sigma.first ?? 0)
    let r = sigma.filter { $0 > cutoff }.count
    return (svd.u.selectingColumns(Array(0..<r)), Array(sigma.prefix(r)))
  }

  /// Features with the same Gram matrix X̃X̃ᵀ as the centred, rescaled X̃ but at most min(m, p)
  /// columns: X̃ itself when p ≤ m, otherwise U_r·diag(σ) from `singularBasis`.
  static func compactFeatures(_ x: Matrix, measure: String) throws -> Matrix {
    if x.columns <= x.rows { return centred(x) }
    let (basis, sigma) = try singularBasis(x, measure: measure)
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
