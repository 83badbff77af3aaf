import Foundation
import RepAlignNumerics

/// The exact tier for any design and any noise-free target vector, with the alignment measured in
/// any inner product (THEORY.md §3–5; issue 18, items 1–2).
///
/// For a design X = U·diag(S)·Vᵀ (thin SVD, singular values above `Matrix.defaultRankCutoff`), a
/// clean target vector y (not necessarily Xβ) and targets y_a = y + ξ_a, ξ_a ~ N(0, σ²Iₙ), an
/// estimator with filter φ (sᵢ = Sᵢ²/n) fits β̂_a = V x_a with
///
///   x_a ~ N(m, D),   mᵢ = φᵢ (uᵢᵀy)/Sᵢ,   Dᵢ = σ²φᵢ²/Sᵢ²
///
/// (min-norm: b = X⁺y, noise covariance σ²M, M = (XᵀX)⁺). In an inner product ⟨p, q⟩_G = pᵀΣ_G q
/// with Gram matrix G = VᵀΣ_G V on the row space, write x = D^{½}w, w ~ N(D^{−½}m, I), and
/// H = D^{½}GD^{½} = Q diag(h) Qᵀ: then ⟨β̂_a, β̂_b⟩_G = w'_a·w'_b with w' = diag(h)^{½}Qᵀw ~
/// N(diag(h)^{½}QᵀD^{−½}m, diag(h)), independent coordinates, so `GaussianDirectionMoments` gives
/// E[cos_G] and E[cos²_G] exactly. Eigenvalues h ≤ k·ε·h_max are dropped (their mean component is
/// √h times a bounded number, so both vanish to rounding).
///
/// Uses: Σ_G = diag(λ) for anisotropic Gaussian inputs (the m → ∞ test-set cosine, §3), and for a
/// real design Σ_G = the centred second-moment matrix of the given test inputs, for which
/// E[cos²_G] is the exact linear CKA of the rank-one representations X_test β̂ (§3; CKA centres).
extension ExactTier {
  /// Exact noise averages in the inner product Σ_G = `metric` (d × d, symmetric positive
  /// semi-definite), plus what the risk needs: the mean fit b̄ = V m and the noise covariance
  /// V D Vᵀ's trace against `riskMetric` (default: `metric`).
  public struct MetricResult: Sendable, Equatable {
    public let expectedCosine: Double
    public let expectedSquaredCosine: Double
    /// THEORY.md §5's ratio of expectations A_X in the Σ_G inner product.
    public let ratioOfExpectations: Double
    /// b̄ = E_ξ β̂ (= X⁺y for min-norm fits), length d.
    public let meanFit: [Double]
    /// E_ξ uᵀ Σ_R u = σ² tr(VᵀΣ_R V · D), the variance term of the risk in the metric Σ_R.
    public let noiseEnergy: Double
  }

  /// See `MetricResult`. `cleanTargets` has n entries; `metric` and `riskMetric` are d × d.
  public static func design(
    _ x: Matrix, cleanTargets y: [Double], noiseVariance sigma2: Double, metric: Matrix,
    riskMetric: Matrix? = nil, estimator: Estimator = .minimumNorm
  ) throws -> MetricResult {
    let d = x.columns
    try require(y.count == x.rows, "cleanTargets", "must have n = \(x.rows) entries", got: y.count)
    try require(y.allSatisfy(\.isFinite), "cleanTargets", "must be finite", got: "non-finite entry")
    try require(sigma2.isFinite && sigma2 > 0, "noiseVariance", "must be finite and > 0", got: sigma2)
    try require(
      metric.rows == d && metric.columns == d, "metric", "must be d × d = \(d) × \(d)",
      got: "\(metric.rows)×\(metric.columns)")
    try metric.requireFinite("metric")
    let rm = riskMetric ?? metric
    try require(
      rm.rows == d && rm.columns == d, "riskMetric", "must be d × d = \(d) × \(d)", got: "\(rm.rows)×\(rm.columns)")
    try rm.requireFinite("riskMetric")
    try estimator.validate()
    try x.requireFinite("X")
    let svd = try x.singularValueDecomposition(name: "X")
    let n = Double(x.rows)
    if case .gradientDescent(_, let eta) = estimator, let top = svd.singularValues.first {
      let sMax = top * top / n
      try require(
        eta * sMax < 2, "lr",
        "must be < 2/s_max = \(2 / sMax) for gradient descent to converge on this design", got: eta)
    }
    let cutoff = Matrix.defaultRankCutoff(svd.singularValues, rows: x.rows, columns: x.columns)
    let uty = svd.u.times(y, transposed: true)
    var kept: [Int] = []
    var m: [Double] = []
    var dd: [Double] = []
    for (i, si) in svd.singularValues.enumerated() where si > cutoff {
      let phi = estimator.filter(si * si / n)
      if phi == 0 { continue }
      kept.append(i)
      m.append(phi * uty[i] / si)
      dd.append(sigma2 * phi * phi / (si * si))
    }
    try require(!kept.isEmpty, "X", "must have a nonzero fitted direction", got: "rank 0 or φ ≡ 0")
    let k = kept.count
    let vk = svd.v.selectingColumns(kept) // d × k
    let meanFit = vk.times(m)
    func gram(_ s: Matrix) -> Matrix { Matrix.product(vk, Matrix.product(s, vk), transposeA: true) }
    let g = gram(metric)
    let gr = riskMetric == nil ? g : gram(rm)
    var noiseEnergy = 0.0
    for i in 0..<k { noiseEnergy += gr[i, i] * dd[i] }
    let sq = dd.map { $0.squareRoot() }
    let h = Matrix(rows: k, columns: k) { i, j in sq[i] * g[i, j] * sq[j] }
    let eig = try h.symmetricEigendecomposition(name: "D½GD½")
    let hMax = eig.eigenvalues.last ?? 0
    try require(
      hMax > 0, "metric", "must be positive on the fitted row space of X", got: "VᵀΣ_G V has no positive eigenvalue")
    let w = zip(m, sq).map { $0 / $1 } // D^{−½} m
    let qtw = eig.eigenvectors.times(w, transposed: true)
    var mu: [Double] = []
    var v: [Double] = []
    let floor = Double(k) * Double.ulpOfOne * hMax
    for (j, hj) in eig.eigenvalues.enumerated() where hj > floor {
      v.append(hj)
      mu.append(hj.squareRoot() * qtw[j])
    }
    let moments = try GaussianDirectionMoments(mean: mu, variance: v)
    return MetricResult(
      expectedCosine: moments.expectedCosine, expectedSquaredCosine: moments.expectedSquaredCosine,
      ratioOfExpectations: moments.ratioOfExpectationsSquaredCosine, meanFit: meanFit, noiseEnergy: noiseEnergy)
  }

  /// Exact noise averages for a design drawn from x ~ N(0, diag(λ)) with a linear teacher β:
  /// alignment in the Σ inner product, excess risk (b̄ − β)ᵀΣ(b̄ − β) + E uᵀΣu.
  public static func design(
    _ x: Matrix, teacher beta: [Double], noiseVariance sigma2: Double, spectrum lambda: [Double],
    estimator: Estimator = .minimumNorm
  ) throws -> DesignResult {
    try require(beta.count == x.columns, "teacher", "must have d = \(x.columns) entries", got: beta.count)
    try require(lambda.count == x.columns, "spectrum", "must have d = \(x.columns) eigenvalues", got: lambda.count)
    try require(
      lambda.allSatisfy { $0.isFinite && $0 > 0 }, "spectrum", "must have every eigenvalue finite and > 0",
      got: lambda.first { !($0.isFinite && $0 > 0) } ?? .nan)
    let sigma = Matrix(rows: x.columns, columns: x.columns) { i, j in i == j ? lambda[i] : 0 }
    let r = try design(
      x, cleanTargets: x.times(beta), noiseVariance: sigma2, metric: sigma, estimator: estimator)
    var bias = 0.0
    for i in 0..<beta.count { bias += lambda[i] * (r.meanFit[i] - beta[i]) * (r.meanFit[i] - beta[i]) }
    return DesignResult(
      expectedCosine: r.expectedCosine, expectedSquaredCosine: r.expectedSquaredCosine,
      excessRisk: bias + r.noiseEnergy, ratioOfExpectations: r.ratioOfExpectations)
  }

  /// A real design: training inputs X with clean targets y, a held-out test set (inputs and clean
  /// targets). Alignment: exact E[CKA] of the rank-one test representations (metric = centred test
  /// second moment, §3); excess risk: E_ξ (1/m)‖X_test β̂ − y_test‖² (uncentred).
  public static func realDesign(
    _ x: Matrix, cleanTargets y: [Double], testInputs: Matrix, testTargets: [Double], noiseVariance sigma2: Double,
    estimator: Estimator = .minimumNorm
  ) throws -> DesignResult {
    let m = testInputs.rows
    try require(m >= 2, "testInputs", "must have at least 2 rows", got: m)
    try require(
      testInputs.columns == x.columns, "testInputs", "must have d = \(x.columns) columns", got: testInputs.columns)
    try require(testTargets.count == m, "testTargets", "must have m = \(m) entries", got: testTargets.count)
    try testInputs.requireFinite("testInputs")
    let metric = testInputs.centeredColumns.gramian(alpha: 1 / Double(m))
    let riskMetric = testInputs.gramian(alpha: 1 / Double(m))
    let r = try design(
      x, cleanTargets: y, noiseVariance: sigma2, metric: metric, riskMetric: riskMetric, estimator: estimator)
    let fitted = testInputs.times(r.meanFit)
    let bias = zip(fitted, testTargets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(m)
    return DesignResult(
      expectedCosine: r.expectedCosine, expectedSquaredCosine: r.expectedSquaredCosine,
      excessRisk: bias + r.noiseEnergy, ratioOfExpectations: r.ratioOfExpectations)
  }

  /// Averages the Σ = diag(λ) design result over `designs` designs X with rows ~ N(0, diag(λ))
  /// (column j of the N(0,1) matrix from `seed.child(.data).child(j)` scaled by √λⱼ), for the
  /// teacher `teacher` rescaled to βᵀΣβ = r² (`AnisotropicTier.rescaled`). Tier: `.exact`.
  public static func predict(
    _ model: LinearModel, spectrum lambda: [Double], teacher: [Double], estimator: Estimator = .minimumNorm,
    designs: Int, seed: StreamSeed
  ) throws -> AlignmentPrediction {
    try require(designs >= 2, "designs", "must be ≥ 2 (a standard error needs two)", got: designs)
    try require(lambda.count == model.d, "spectrum", "must have d = \(model.d) eigenvalues", got: lambda.count)
    let beta = try AnisotropicTier.rescaled(teacher: teacher, spectrum: lambda, signal: model.signal)
    let scales = lambda.map { $0.squareRoot() }
    return try averaged(model, estimator: estimator, designs: designs) { j in
      let z = RandomStream(seed.child(.data).child(j)).normalMatrix(rows: model.n, columns: model.d)
      let x = Matrix(rows: model.n, columns: model.d) { i, k in z[i, k] * scales[k] }
      return try design(x, teacher: beta, noiseVariance: model.noiseVariance, spectrum: lambda, estimator: estimator)
    }
  }
}
