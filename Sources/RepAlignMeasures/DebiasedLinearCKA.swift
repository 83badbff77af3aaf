import RepAlignNumerics

/// Linear CKA with the unbiased HSIC estimator (Song et al. 2012; Kornblith et al. 2019 §6;
/// THEORY.md §8):
///
///     HSIC_u(K, L) = [tr(K̂L̂) + (1ᵀK̂1)(1ᵀL̂1)/((m−1)(m−2)) − 2/(m−2)·1ᵀK̂L̂1] / (m(m−3)),
///     CKA_u(A, B)  = HSIC_u(K, L) / √(HSIC_u(K, K)·HSIC_u(L, L)),
///
/// with K = ÃÃᵀ, L = B̃B̃ᵀ and K̂, L̂ their copies with the diagonal set to zero. With centred
/// features (1ᵀK = 0) this reduces to the feature-space form used here, cost O(m·p·q):
///
///     m(m−3)·HSIC_u = ‖ÃᵀB̃‖²_F − m/(m−2)·⟨k, l⟩ + tr K·tr L/((m−1)(m−2)),
///
/// k, l the squared row norms of Ã, B̃. HSIC_u is an inner product of U-centred Gram matrices
/// (Székely & Rizzo 2014), so |CKA_u| ≤ 1 by Cauchy–Schwarz and CKA_u(A, A) = 1; it can be
/// negative, and between unrelated representations it is ≈ 0 at any width (unlike the biased
/// estimator's √(pq/((m+p)(m+q)))). Needs m ≥ 4; throws if HSIC_u(A, A) ≤ 0 (possible only for
/// tiny m). Invariant to translation, isotropic scaling, orthogonal maps and unit permutations,
/// not to general invertible linear maps.
public struct DebiasedLinearCKA: PreparedAlignmentMeasure {
  public init() {}
  public var name: String { "debiased_cka" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: -1...1,
      selfValue: .constant(1), minimumSamples: 4)
  }

  /// Either the U-centred Gram matrix (m ≤ `gramFormMaximumSamples`) or the centred features with
  /// their squared row norms and trace, plus m(m−3)·HSIC_u with itself.
  public struct Prepared: Sendable {
    let uCentredGram: Matrix?
    let features: Matrix
    let rowNormsSquared: [Double]
    let trace: Double
    let selfHSIC: Double
  }

  /// Up to this many samples the single-pair path uses the U-centred Gram form
  ///
  ///     K̂ᵢⱼ = Kᵢⱼ − rᵢ/(m−2) − rⱼ/(m−2) + t/((m−1)(m−2))  (i ≠ j),  K̂ᵢᵢ = 0,
  ///     m(m−3)·HSIC_u = ⟨K̂, L̂⟩_F,
  ///
  /// (K with zeroed diagonal, r its row sums, t its total; Székely & Rizzo 2014), which avoids the
  /// cancellation between the three terms of the feature-space form (a factor ≈ 27 on the
  /// THEORY.md §8 fixture: 1e-15 instead of 3e-17). Cost O(m²(p + q)) instead of O(m·p·q).
  public static let gramFormMaximumSamples = 512

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    try MeasureError.validate(x, argument: argument, measure: "debiased CKA", minimumSamples: 4)
    let centred = RepresentationGeometry.centred(x)
    let m = x.rows
    if m <= Self.gramFormMaximumSamples {
      var k = centred.transposed.gramian()
      var rows = [Double](repeating: 0, count: m)
      k.withUnsafeMutableBufferPointer { e in
        for i in 0..<m { e[i * m + i] = 0 }
        for i in 0..<m { rows[i] = (0..<m).reduce(0.0) { $0 + e[i * m + $1] } }
        let total = rows.reduce(0, +)
        let n = Double(m)
        let grand = total / ((n - 1) * (n - 2))
        for i in 0..<m {
          for j in 0..<m where j != i { e[i * m + j] += grand - (rows[i] + rows[j]) / (n - 2) }
        }
      }
      let norm = k.frobeniusNorm
      return try checked(
        Prepared(uCentredGram: k, features: centred, rowNormsSquared: [], trace: 0, selfHSIC: norm * norm),
        argument: argument)
    }
    let f = try RepresentationGeometry.compactFeatures(x, measure: "debiased CKA")
    let norms = (0..<f.rows).map { i in
      f.withUnsafeBufferPointer { e in
        (0..<f.columns).reduce(0.0) { $0 + e[i * f.columns + $1] * e[i * f.columns + $1] }
      }
    }
    let trace = norms.reduce(0, +)
    let crossSquared = f.gramian().frobeniusNorm
    let selfHSIC = Self.scaledHSIC(
      crossNormSquared: crossSquared * crossSquared, rowNormDot: dot(norms, norms),
      traceProduct: trace * trace, m: f.rows)
    return try checked(
      Prepared(uCentredGram: nil, features: f, rowNormsSquared: norms, trace: trace, selfHSIC: selfHSIC),
      argument: argument)
  }

  private func checked(_ p: Prepared, argument: String) throws -> Prepared {
    if !(p.selfHSIC > 0) {
      throw MeasureError.invalidParameter(
        ParameterError(
          argument, "debiased CKA needs a positive unbiased HSIC(\(argument), \(argument)) (more samples)",
          got: p.selfHSIC))
    }
    return p
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    if let ka = a.uCentredGram, let kb = b.uCentredGram {
      return Self.normalize(Matrix.frobeniusInner(ka, kb), a.selfHSIC, b.selfHSIC)
    }
    let cross = Matrix.product(a.features, b.features, transposeA: true).frobeniusNorm
    return Self.normalize(
      Self.scaledHSIC(
        crossNormSquared: cross * cross, rowNormDot: dot(a.rowNormsSquared, b.rowNormsSquared),
        traceProduct: a.trace * b.trace, m: a.features.rows),
      a.selfHSIC, b.selfHSIC)
  }

  /// The ensemble's table in one pass (THEORY.md §8): every member validated and centred once,
  /// the table F_ab = ‖X̃_aᵀX̃_b‖²_F from `LinearHSICTable`, then the feature-space form
  /// m(m−3)·HSIC_u = F_ab − m/(m−2)·⟨k_a, k_b⟩ + tr K_a·tr K_b/((m−1)(m−2)) and its normalisation.
  /// Throws, naming `representations[a]`, if HSIC_u(a, a) ≤ 0. The table is symmetric, so
  /// `symmetric` changes nothing. Equals the pairwise call up to round-off of the two forms
  /// (tested against `EnsembleAlignment.preparedPairs`).
  public func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix {
    let centred = try LinearHSICTable.centredMembers(representations, measure: "debiased CKA", minimumSamples: 4)
    let count = centred.count
    let m = centred[0].rows
    var cross = LinearHSICTable.crossNormsSquared(centred)
    let norms = centred.map { x in
      (0..<m).map { i in
        x.withUnsafeBufferPointer { e in
          (0..<x.columns).reduce(0.0) { $0 + e[i * x.columns + $1] * e[i * x.columns + $1] }
        }
      }
    }
    let traces = norms.map { $0.reduce(0, +) }
    for a in 0..<count {
      for b in a..<count {
        let h = Self.scaledHSIC(
          crossNormSquared: cross[a, b], rowNormDot: dot(norms[a], norms[b]),
          traceProduct: traces[a] * traces[b], m: m)
        cross[a, b] = h
        cross[b, a] = h
      }
    }
    for a in 0..<count where !(cross[a, a] > 0) {
      throw MeasureError.invalidParameter(
        ParameterError(
          "representations[\(a)]", "debiased CKA needs a positive unbiased HSIC with itself (more samples)",
          got: cross[a, a]))
    }
    var values = Matrix(rows: count, columns: count)
    for a in 0..<count {
      for b in 0..<count { values[a, b] = Self.normalize(cross[a, b], cross[a, a], cross[b, b]) }
    }
    return values
  }

  /// m(m−3)·HSIC_u from its three ingredients (centred features).
  static func scaledHSIC(crossNormSquared: Double, rowNormDot: Double, traceProduct: Double, m: Int)
    -> Double
  {
    let n = Double(m)
    return crossNormSquared - n / (n - 2) * rowNormDot + traceProduct / ((n - 1) * (n - 2))
  }

  static func normalize(_ hsic: Double, _ selfA: Double, _ selfB: Double) -> Double {
    // `+ 0` turns a −0 (an HSIC that underflowed) into +0, so nothing prints "-0".
    Swift.min(1, Swift.max(-1, hsic / (selfA.squareRoot() * selfB.squareRoot()))) + 0
  }
}
