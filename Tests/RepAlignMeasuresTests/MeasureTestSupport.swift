import Foundation
import RepAlignMeasures
import RepAlignNumerics
import _TestSupport

/// Random transformations and naive reference computations shared by the measure tests.
enum Transforms {
  /// A Haar-ish random orthogonal p × p matrix: the U factor of a Gaussian matrix's SVD.
  static func orthogonal(_ p: Int, _ rng: RandomStream) throws -> Matrix {
    try rng.normalMatrix(rows: p, columns: p).singularValueDecomposition().u
  }

  /// A random invertible, non-orthogonal p × p map Q₁·diag(s)·Q₂ with s spread over [0.5, 2]
  /// (condition number exactly 4 for p ≥ 2), so round-off amplification stays small.
  static func invertible(_ p: Int, _ rng: RandomStream) throws -> Matrix {
    var left = try orthogonal(p, rng)
    let right = try orthogonal(p, rng)
    left.withUnsafeMutableBufferPointer { e in
      for i in 0..<p {
        for j in 0..<p { e[i * p + j] *= p == 1 ? 2 : 0.5 * pow(4, Double(j) / Double(p - 1)) }
      }
    }
    return Matrix.product(left, right)
  }

  /// Applies one instance of `kind` to `x`.
  static func apply(_ kind: Invariance, to x: Matrix, _ rng: RandomStream) throws -> Matrix {
    switch kind {
    case .translation:
      let shift = (0..<x.columns).map { _ in 10 * rng.normal() }
      return Matrix(rows: x.rows, columns: x.columns) { i, j in x[i, j] + shift[j] }
    case .isotropicScaling:
      // Not a power of two, so the scaling is not exact in floating point.
      return (rng.bernoulli(0.5) ? 0.37 : 5.3) * x
    case .orthogonalTransform:
      return Matrix.product(x, try orthogonal(x.columns, rng))
    case .unitPermutation:
      var permutation = rng.permutation(x.columns)
      if x.columns > 1 && permutation == Array(0..<x.columns) { permutation.swapAt(0, 1) }
      return x.selectingColumns(permutation)
    case .invertibleLinearMap:
      return Matrix.product(x, try invertible(x.columns, rng))
    }
  }
}

enum Naive {
  /// Squared Euclidean distances by direct differences (no Gram form).
  static func squaredDistances(_ x: Matrix) -> Matrix {
    Matrix(rows: x.rows, columns: x.rows) { i, j in
      (0..<x.columns).reduce(0.0) { $0 + (x[i, $1] - x[j, $1]) * (x[i, $1] - x[j, $1]) }
    }
  }

  /// The centring matrix H = I − 11ᵀ/m.
  static func centering(_ m: Int) -> Matrix {
    Matrix(rows: m, columns: m) { i, j in (i == j ? 1 : 0) - 1 / Double(m) }
  }

  /// Neighbours of i sorted by (distance, index), i excluded.
  static func order(_ d: Matrix, _ i: Int) -> [Int] {
    (0..<d.rows).filter { $0 != i }.sorted { (d[i, $0], $0) < (d[i, $1], $1) }
  }

  /// Average ranks (1-based) with ties averaged.
  static func averageRanks(_ x: [Double]) -> [Double] {
    let idx = x.indices.sorted { x[$0] < x[$1] }
    var ranks = [Double](repeating: 0, count: x.count)
    var s = 0
    while s < idx.count {
      var e = s
      while e + 1 < idx.count && x[idx[e + 1]] == x[idx[s]] { e += 1 }
      for t in s...e { ranks[idx[t]] = Double(s + e) / 2 + 1 }
      s = e + 1
    }
    return ranks
  }

  static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n
    let my = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for k in x.indices {
      sxy += (x[k] - mx) * (y[k] - my)
      sxx += (x[k] - mx) * (x[k] - mx)
      syy += (y[k] - my) * (y[k] - my)
    }
    return sxy / (sxx * syy).squareRoot()
  }
}

/// A related pair (A, B) of representations of m samples: B = tanh-or-linear map of A plus noise,
/// or independent, depending on `relation` (0 independent, 1 linear + noise, 2 nonlinear + noise).
func representationPair(m: Int, p: Int, q: Int, relation: Int, seed: Int) -> (Matrix, Matrix) {
  let rng = RandomStream(master: UInt64(seed), "measure-pair")
  let a = rng.normalMatrix(rows: m, columns: p)
  let noise = rng.normalMatrix(rows: m, columns: q, standardDeviation: 0.5)
  switch relation {
  case 0:
    return (a, rng.normalMatrix(rows: m, columns: q))
  case 1:
    return (a, Matrix.product(a, rng.normalMatrix(rows: p, columns: q)) + noise)
  default:
    return (a, Matrix.product(a, rng.normalMatrix(rows: p, columns: q)).map { tanh($0) } + noise)
  }
}

/// Exact references for integer-valued inputs: squared distances in `Int` arithmetic (no
/// round-off at all), neighbour orders by (distance, index), Spearman's ρ with mid-ranks. An
/// implementation independent of `RepresentationGeometry`, for the tie-rule properties.
enum Exact {
  /// Squared distances of an integer-valued matrix, exactly.
  static func squaredDistances(_ x: Matrix) -> [[Int]] {
    (0..<x.rows).map { i in
      (0..<x.rows).map { j in
        (0..<x.columns).reduce(0) { s, c in
          let t = Int(x[i, c]) - Int(x[j, c])
          return s + t * t
        }
      }
    }
  }

  /// Neighbours of i by (distance, index), i excluded.
  static func order(_ d: [[Int]], _ i: Int) -> [Int] {
    (0..<d.count).filter { $0 != i }.sorted { (d[i][$0], $0) < (d[i][$1], $1) }
  }

  /// Δ_k(A→B) = 2·Σ ranks / (m²k) as a numerator over m²k (exact).
  static func informationImbalance(_ a: Matrix, _ b: Matrix, k: Int) -> (numerator: Int, denominator: Int) {
    let da = squaredDistances(a)
    let db = squaredDistances(b)
    let m = a.rows
    var total = 0
    for i in 0..<m {
      let ob = order(db, i)
      for j in order(da, i).prefix(k) { total += ob.firstIndex(of: j)! + 1 }
    }
    return (2 * total, m * m * k)
  }

  /// Mutual k-NN: shared neighbours over m·k (exact).
  static func mutualKNN(_ a: Matrix, _ b: Matrix, k: Int) -> (numerator: Int, denominator: Int) {
    let da = squaredDistances(a)
    let db = squaredDistances(b)
    var shared = 0
    for i in 0..<a.rows {
      shared += Set(order(da, i).prefix(k)).intersection(order(db, i).prefix(k)).count
    }
    return (shared, a.rows * k)
  }

  /// CKNNA on integer inputs: integer kernels K = AAᵀ, neighbours by (−K_ij, j), and the
  /// unbiased masked HSIC scaled by m(m−3)(m−1)(m−2) — T₁(m−1)(m−2) + (1ᵀK̃1)(1ᵀL̃1) −
  /// 2(m−1)·1ᵀK̃L̃1, all `Int` — so the only rounding is the final ratio H_KL/√(H_KK·H_LL).
  /// `conditioning` is Σ over the three HSICs of (|T₁| + |T₂| + |T₃|)/|T₁ + T₂ − T₃|: a floating-point
  /// evaluation that rounds each of the three terms once and their sum twice is within
  /// ~4ε·conditioning (relative) of `value`.
  /// Dense O(m³): the reference formula of Huh et al.'s `hsic_unbiased`, written independently of
  /// the sparse sums of `CKNNA`.
  static func cknna(_ a: Matrix, _ b: Matrix, k: Int) -> (value: Double, conditioning: Double) {
    let m = a.rows
    func kernel(_ x: Matrix) -> [[Int]] {
      (0..<m).map { i in
        (0..<m).map { j in (0..<x.columns).reduce(0) { $0 + Int(x[i, $1]) * Int(x[j, $1]) } }
      }
    }
    func mask(_ g: [[Int]]) -> [[Bool]] {
      (0..<m).map { i in
        let order = (0..<m).filter { $0 != i }.sorted { g[i][$0] > g[i][$1] || (g[i][$0] == g[i][$1] && $0 < $1) }
        let chosen = Set(order.prefix(k))
        return (0..<m).map { chosen.contains($0) }
      }
    }
    func hsic(_ mk: [[Bool]], _ ml: [[Bool]], _ g: [[Int]], _ h: [[Int]]) -> (value: Int, conditioning: Double) {
      let kt = (0..<m).map { i in (0..<m).map { j in mk[i][j] && ml[i][j] ? g[i][j] : 0 } }
      let lt = (0..<m).map { i in (0..<m).map { j in mk[i][j] && ml[i][j] ? h[i][j] : 0 } }
      var trace = 0
      var sumK = 0
      var sumL = 0
      var cross = 0
      for i in 0..<m {
        for j in 0..<m {
          trace += kt[i][j] * lt[j][i]
          sumK += kt[i][j]
          sumL += lt[i][j]
          for l in 0..<m { cross += kt[i][j] * lt[j][l] }
        }
      }
      let terms = [trace * (m - 1) * (m - 2), sumK * sumL, -2 * (m - 1) * cross]
      let value = terms.reduce(0, +)
      return (value, Double(terms.map(abs).reduce(0, +)) / Double(abs(value)))
    }
    let (g, h) = (kernel(a), kernel(b))
    let (mg, mh) = (mask(g), mask(h))
    let (kl, kk, ll) = (hsic(mg, mh, g, h), hsic(mg, mg, g, g), hsic(mh, mh, h, h))
    return (
      Double(kl.value) / (Double(kk.value) * Double(ll.value)).squareRoot(),
      kl.conditioning + kk.conditioning + ll.conditioning
    )
  }

  /// RSA: Pearson correlation of the mid-ranks of the exact upper-triangle distances.
  static func rsa(_ a: Matrix, _ b: Matrix) -> Double {
    func upper(_ d: [[Int]]) -> [Double] {
      (0..<d.count).flatMap { i in ((i + 1)..<d.count).map { Double(d[i][$0]) } }
    }
    return Naive.pearson(
      Naive.averageRanks(upper(squaredDistances(a))), Naive.averageRanks(upper(squaredDistances(b))))
  }

  /// A random m × p matrix with entries uniform on 0...levels−1 (levels = 2: binary).
  static func integerMatrix(rows m: Int, columns p: Int, levels: Int, _ rng: RandomStream) -> Matrix {
    Matrix(rows: m, columns: p) { _, _ in Double(rng.integer(below: levels)) }
  }
}

/// Whether `error` is `MeasureError.invalidParameter` naming `parameter`: for `#expect(throws:)`
/// predicates, so an expectation accepts the one error case it is about and no other.
func isInvalidParameter(_ error: any Error, _ parameter: String) -> Bool {
  guard case .invalidParameter(let p)? = error as? MeasureError else { return false }
  return p.parameter == parameter
}
