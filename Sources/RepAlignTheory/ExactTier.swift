import Foundation
import RepAlignNumerics

/// Exact noise averages for given designs (THEORY.md §4–5, §9): no ratio of expectations, valid
/// at every n including the interpolation threshold n = d.
///
/// For a design X = U·diag(S)·Vᵀ (thin SVD, k = rank) and teacher β, an estimator with spectral
/// filter φ (sᵢ = Sᵢ²/n) fits, in the coordinates of V,
///
///   xᵢ = φᵢ zᵢ + σ (φᵢ/Sᵢ) eᵢ,   z = Vᵀβ,  e ~ N(0, Iₖ)  (eᵢ = uᵢᵀξ/σ),
///
/// and β̂ = V x exactly (components outside the row space are 0), so cos(β̂_a, β̂_b) =
/// cos(x_a, x_b) with x ~ N(μ = φz, diag(σ²φ²/S²)). `GaussianDirectionMoments` then gives
/// E_ξ[cos] and E_ξ[cos²] exactly (to ≈1e-15, by quadrature), and the excess risk is
/// E_ξ‖β̂ − β‖² = ‖β‖² − ‖z‖² + Σ(1 − φᵢ)²zᵢ² + σ²Σφᵢ²/Sᵢ².
///
/// Averaged over sampled designs (`predict(_:estimator:designs:seed:)`) the result is a Monte Carlo
/// mean over designs with its standard error (sample s.d./√D); the noise average inside each design
/// is exact. The design average of the excess risk exists only for |n − d| ≥ 2 (E tr M = ∞
/// otherwise): at |n − d| ≤ 1 its mean over sampled designs is reported but does not converge
/// (heavy tail); the alignments are bounded and always converge. Singular values at or below `Matrix.defaultRankCutoff` are treated as zero (the
/// min-norm convention of `Matrix.leastSquares`).
public enum ExactTier {
  /// Noise-averaged quantities for one design.
  public struct DesignResult: Sendable, Equatable {
    public let expectedCosine: Double
    public let expectedSquaredCosine: Double
    public let excessRisk: Double
    /// THEORY.md §5's per-design ratio of expectations A_X.
    public let ratioOfExpectations: Double
  }

  /// Exact noise averages for design `x` (n × d), teacher `beta` (length d), noise variance σ².
  public static func design(
    _ x: Matrix, teacher beta: [Double], noiseVariance sigma2: Double,
    estimator: Estimator = .minimumNorm
  ) throws -> DesignResult {
    try require(
      beta.count == x.columns, "teacher", "must have d = \(x.columns) entries", got: beta.count)
    try require(
      sigma2.isFinite && sigma2 > 0, "noiseVariance", "must be finite and > 0", got: sigma2)
    try require(beta.allSatisfy(\.isFinite), "teacher", "must be finite", got: "non-finite entry")
    try estimator.validate()
    let svd = try x.singularValueDecomposition(name: "X")
    let n = Double(x.rows)
    let cutoff = Matrix.defaultRankCutoff(svd.singularValues, rows: x.rows, columns: x.columns)
    let z = svd.v.times(beta, transposed: true)
    if case .gradientDescent(_, let eta) = estimator, let top = svd.singularValues.first {
      let sMax = top * top / n
      try require(
        eta * sMax < 2, "lr",
        "must be < 2/s_max = \(2 / sMax) for gradient descent to converge on this design", got: eta)
    }
    var mu: [Double] = []
    var v: [Double] = []
    let beta2 = dot(beta, beta)
    var risk = beta2
    for (i, si) in svd.singularValues.enumerated() where si > cutoff {
      let phi = estimator.filter(si * si / n)
      risk -= z[i] * z[i]
      risk += (1 - phi) * (1 - phi) * z[i] * z[i]
      if phi == 0 { continue }
      let vi = sigma2 * phi * phi / (si * si)
      risk += vi
      mu.append(phi * z[i])
      v.append(vi)
    }
    try require(!mu.isEmpty, "X", "must have a nonzero fitted direction", got: "rank 0 or φ ≡ 0")
    let moments = try GaussianDirectionMoments(mean: mu, variance: v)
    return DesignResult(
      expectedCosine: moments.expectedCosine, expectedSquaredCosine: moments.expectedSquaredCosine,
      excessRisk: risk, ratioOfExpectations: moments.ratioOfExpectationsSquaredCosine)
  }

  /// Averages `design(...)` over `designs` Gaussian designs X (N(0,1) entries) drawn from
  /// `seed.child(.data).child(j)`, with one teacher of norm² r² drawn from `seed.child(.teacher)`
  /// (for Σ = I the result depends on β only through ‖β‖, by rotation invariance).
  public static func predict(
    _ model: LinearModel, estimator: Estimator = .minimumNorm, designs: Int, seed: StreamSeed
  ) throws -> AlignmentPrediction {
    try require(designs >= 2, "designs", "must be ≥ 2 (a standard error needs two)", got: designs)
    let teacherStream = RandomStream(seed.child(.teacher))
    var beta = teacherStream.normals(model.d)
    let norm = dot(beta, beta).squareRoot()
    let scale = model.signal.squareRoot() / norm
    beta = beta.map { $0 * scale }
    return try averaged(model, estimator: estimator, designs: designs) { j in
      let x = RandomStream(seed.child(.data).child(j)).normalMatrix(rows: model.n, columns: model.d)
      return try design(x, teacher: beta, noiseVariance: model.noiseVariance, estimator: estimator)
    }
  }

  /// The Monte Carlo mean over designs j = 0..<designs of `result(j)` (each exact in the noise),
  /// with standard errors s/√D: the one averaging of every sampled-design `predict`. BLAS is
  /// pinned to one thread (`BLASPinning`): GSL's SVD reduces through BLAS, whose threaded
  /// reductions round differently for 1 and 2 threads, and a prediction must not depend on that.
  static func averaged(
    _ model: LinearModel, estimator: Estimator, designs: Int, _ result: (Int) throws -> DesignResult
  ) rethrows -> AlignmentPrediction {
    try BLASPinning.withSingleThreadedBLAS {
      try averagedUnpinned(model, estimator: estimator, designs: designs, result)
    }
  }

  private static func averagedUnpinned(
    _ model: LinearModel, estimator: Estimator, designs: Int, _ result: (Int) throws -> DesignResult
  ) rethrows -> AlignmentPrediction {
    var cosines: [Double] = []
    var squared: [Double] = []
    var risks: [Double] = []
    var roe: [Double] = []
    for j in 0..<designs {
      let r = try result(j)
      cosines.append(r.expectedCosine)
      squared.append(r.expectedSquaredCosine)
      risks.append(r.excessRisk)
      roe.append(r.ratioOfExpectations)
    }
    let c = meanAndStandardError(cosines)
    let s = meanAndStandardError(squared)
    let r = meanAndStandardError(risks)
    return AlignmentPrediction(
      tier: .exact, model: model, estimator: estimator, alignmentCosine: c.mean,
      alignmentCKA: s.mean,
      excessRisk: r.mean,
      standardError: .init(alignmentCosine: c.se, alignmentCKA: s.se, excessRisk: r.se),
      ratioOfExpectationsCKA: meanAndStandardError(roe).mean, designs: designs)
  }

  /// Sample mean and its standard error s/√D (s the unbiased sample s.d.); needs ≥ 2 values.
  static func meanAndStandardError(_ values: [Double]) -> (mean: Double, se: Double) {
    let count = Double(values.count)
    let mean = values.reduce(0, +) / count
    guard values.count > 1 else { return (mean, .nan) }
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
    return (mean, (variance / count).squareRoot())
  }
}
