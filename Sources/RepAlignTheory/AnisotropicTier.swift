import Foundation
import RepAlignNumerics

/// Deterministic equivalents for anisotropic Gaussian inputs x ~ N(0, Σ) (THEORY.md §2, §6;
/// Hastie, Montanari, Rosset & Tibshirani 2022, the linear model with correlated features, §5 as
/// issue 18 cites it; Bach 2023, "High-dimensional analysis of double descent for linear
/// regression with random projections").
///
/// Σ has eigenvalues λ₁…λ_d > 0; the teacher has coordinates θᵢ along the eigenvectors
/// (θ = Qᵀβ; θ = β for a diagonal Σ), signal variance r² = Σ λᵢθᵢ². The ridge estimator
/// β̂ = (XᵀX + nλI)⁻¹Xᵀy (`Estimator.ridge`, λ ≥ 0; λ → 0 is the minimum-norm fit X⁺y) behaves, as
/// n, d → ∞ proportionally, like population ridge with an **effective regularization κ**, the
/// unique root of
///
///   λ = κ (1 − df₁(κ)/n),   df₁(κ) = Σᵢ λᵢ/(λᵢ + κ)   (HMRT 2022, correlated features; Bach 2023)
///
/// (for λ = 0: κ = 0 when n > d, else df₁(κ) = n), solved by Brent's method (`RootFinding`).
/// With df₂(κ) = Σᵢ λᵢ²/(λᵢ + κ)², the bias, variance and excess risk in the Σ norm are
///
///   B = κ² Σᵢ λᵢθᵢ²/(λᵢ + κ)² / (1 − df₂/n),   V = σ² df₂/(n − df₂),   R = B + V,
///
/// and, since E_X b ≈ (Σ + κ)⁻¹Σβ and ‖b − β‖²_Σ = B for the noise-free fit b, the signal energy
/// shared by two members is S = E bᵀΣb = r² − 2κ Σᵢ λᵢθᵢ²/(λᵢ + κ) + B, while each member's own
/// noise fit adds V. The cosine alignment in the Σ inner product (the m → ∞ test-set cosine, §3)
/// is the ratio of expectations c = S/(S + V), and CKA ≈ c² (cos concentrates in the limit).
///
/// For Σ = I every quantity reduces to the asymptotic tier (§5) for min-norm fits and to the
/// filtered tier's Marchenko–Pastur integrals for ridge (tested). Invariance: (Σ, β, λ) →
/// (tΣ, β/√t, tλ) leaves c and R unchanged (κ → tκ). Finite-size corrections are O(1/|n − d|)
/// relative (for Σ = I the exact noise energy is |n − d|/(|n − d| − 1) times the limit, the
/// inverse-Wishart mean); at |n − d| ≤ 1 the min-norm variance is infinite and this tier refuses
/// n = d.
///
/// **Misspecified targets** (a real design's clean target y(x) = xᵀθ + ρ(x), θ the best linear
/// predictor, ρ uncorrelated with x, E ρ² = σ_ρ², `residualVariance`): the fit of ρ behaves like a
/// noise fit of variance σ_ρ² (HMRT 2022, misspecified model: the part no linear map fits acts as noise) but is **shared** by the
/// members, since they share the clean targets: S gains V_ρ = σ_ρ² df₂/(n − df₂), V is unchanged,
/// and the risk against the clean target is B + V_ρ + V + σ_ρ² (σ_ρ² is not fittable by a linear
/// map). σ_ρ² = 0 is the well-specified model above.
///
/// Domain: every λᵢ finite and > 0, θ finite with r² > 0, σ² finite and > 0, σ_ρ² finite and ≥ 0,
/// n ≥ 1; min-norm or ridge (gradient descent and flow have no κ-equation here: a
/// `ParameterError`).
public enum AnisotropicTier {
  /// The deterministic equivalents at one (spectrum, teacher, n, σ², estimator).
  public struct Result: Sendable, Equatable {
    /// Effective regularization κ (0 for min-norm fits with n > d).
    public let effectiveRegularization: Double
    /// S = E bᵀΣb, the signal energy two members share (including V_ρ when misspecified).
    public let signalEnergy: Double
    /// V = σ² df₂/(n − df₂), one member's noise energy E uᵀΣu (= the variance term of the risk).
    public let noiseEnergy: Double
    /// B, the bias term of the risk.
    public let bias: Double
    /// σ_ρ², the residual variance of a misspecified target (0 if well specified).
    public let residualVariance: Double
    /// c = S/(S + V).
    public var alignmentCosine: Double { signalEnergy / (signalEnergy + noiseEnergy) }
    /// c², the CKA alignment of the limit.
    public var alignmentCKA: Double { alignmentCosine * alignmentCosine }
    /// R = B + V (+ V_ρ + σ_ρ² when misspecified, included in `signalEnergy`'s V_ρ), the test risk
    /// against the clean target, E_x(f(x) − y(x))²; for σ_ρ² = 0 the excess risk E_x(f(x) − βᵀx)².
    public var excessRisk: Double { bias + noiseEnergy + residualFitEnergy + residualVariance }
    /// V_ρ = σ_ρ² df₂/(n − df₂), the shared fit of the residual.
    public let residualFitEnergy: Double
  }

  /// Deterministic equivalents for eigenvalues `spectrum` (λᵢ), teacher coordinates `teacher`
  /// (θᵢ, same length), `n` samples, noise variance σ² and a min-norm or ridge `estimator`.
  public static func evaluate(
    spectrum lambda: [Double], teacher theta: [Double], n: Int, noiseVariance sigma2: Double,
    estimator: Estimator = .minimumNorm, residualVariance rho2: Double = 0
  ) throws -> Result {
    let d = lambda.count
    try require(d >= 1, "spectrum", "must have at least one eigenvalue", got: d)
    try require(
      lambda.allSatisfy { $0.isFinite && $0 > 0 }, "spectrum", "must have every eigenvalue finite and > 0",
      got: lambda.first { !($0.isFinite && $0 > 0) } ?? .nan)
    try require(theta.count == d, "teacher", "must have d = \(d) coordinates like the spectrum", got: theta.count)
    try require(theta.allSatisfy(\.isFinite), "teacher", "must be finite", got: "non-finite entry")
    try require(n >= 1, "n", "must be ≥ 1", got: n)
    try require(sigma2.isFinite && sigma2 > 0, "noiseVariance", "must be finite and > 0", got: sigma2)
    try require(rho2.isFinite && rho2 >= 0, "residualVariance", "must be finite and ≥ 0", got: rho2)
    try estimator.validate()
    let ridge: Double
    switch estimator {
    case .minimumNorm: ridge = 0
    case .ridge(let l): ridge = l
    default:
      throw ParameterError(
        "estimator", "must be minimum-norm or ridge for the anisotropic tier", got: estimator.description)
    }
    let energies = zip(lambda, theta).map { $0 * $1 * $1 } // λᵢθᵢ²
    let r2 = energies.reduce(0, +)
    try require(r2 > 0 && r2.isFinite, "teacher", "must have signal variance θᵀΛθ > 0", got: r2)
    let nn = Double(n)
    let trace = lambda.reduce(0, +)
    func df1(_ k: Double) -> Double { lambda.reduce(0) { $0 + $1 / ($1 + k) } }
    let kappa: Double
    if ridge == 0 {
      try require(
        n != d, "n", "must differ from d = \(d) for min-norm fits (the variance diverges at n = d); use ridge",
        got: n)
      if n > d {
        kappa = 0
      } else {
        // df₁(0) − n = d − n > 0 and df₁(tr Σ/n) − n < tr Σ/(tr Σ/n) − n = 0: a bracket.
        kappa = try RootFinding.brent({ df1($0) - nn }, bracket: 0, trace / nn)
      }
    } else {
      // f(κ) = κ − λ − κ df₁(κ)/n: f(λ) < 0, f(λ + tr Σ/n) > 0 (κ df₁(κ) < tr Σ); f' = 1 − df₂/n > 0.
      kappa = try RootFinding.brent({ $0 - ridge - $0 * df1($0) / nn }, bracket: ridge, ridge + trace / nn)
    }
    var df2 = 0.0
    var biasSum = 0.0
    var cross = 0.0
    for (l, e) in zip(lambda, energies) {
      let a = l / (l + kappa)
      df2 += a * a
      biasSum += e / ((l + kappa) * (l + kappa))
      cross += e / (l + kappa)
    }
    let slack = 1 - df2 / nn
    try require(
      slack > 0, "n", "must exceed df₂ = \(df2) (no deterministic equivalent; |n − d| too small)", got: n)
    let bias = kappa * kappa * biasSum / slack
    let variance = sigma2 * df2 / (nn - df2)
    let residualFit = rho2 * df2 / (nn - df2)
    let signal = max(r2 - 2 * kappa * cross + bias, 0) + residualFit
    return Result(
      effectiveRegularization: kappa, signalEnergy: signal, noiseEnergy: variance, bias: bias,
      residualVariance: rho2, residualFitEnergy: residualFit)
  }

  /// The prediction for `model` (its d, n, SNR and r² = βᵀΣβ), eigenvalues `spectrum` and a teacher
  /// with eigen-coordinates `teacher`, rescaled here so that θᵀΛθ = r² exactly (only its direction
  /// matters). Σ = I with any teacher reproduces `AsymptoticTier.predict(_:)` (min-norm).
  public static func predict(
    _ model: LinearModel, spectrum: [Double], teacher: [Double], estimator: Estimator = .minimumNorm
  ) throws -> AlignmentPrediction {
    try require(
      spectrum.count == model.d, "spectrum", "must have d = \(model.d) eigenvalues", got: spectrum.count)
    let scaled = try rescaled(teacher: teacher, spectrum: spectrum, signal: model.signal)
    let r = try evaluate(
      spectrum: spectrum, teacher: scaled, n: model.n, noiseVariance: model.noiseVariance, estimator: estimator)
    return AlignmentPrediction(
      tier: .anisotropic, model: model, estimator: estimator, alignmentCosine: r.alignmentCosine,
      alignmentCKA: r.alignmentCKA, excessRisk: r.excessRisk)
  }

  /// θ scaled by √(r² / θᵀΛθ), so that its signal variance is r² (THEORY.md §2's normalisation).
  public static func rescaled(teacher theta: [Double], spectrum lambda: [Double], signal r2: Double) throws
    -> [Double]
  {
    try require(theta.count == lambda.count, "teacher", "must have \(lambda.count) coordinates", got: theta.count)
    try require(theta.allSatisfy(\.isFinite), "teacher", "must be finite", got: "non-finite entry")
    let energy = zip(lambda, theta).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
    try require(energy > 0 && energy.isFinite, "teacher", "must have θᵀΛθ > 0", got: energy)
    let s = (r2 / energy).squareRoot()
    return theta.map { $0 * s }
  }

  /// The problem a sample of inputs and clean targets defines for this tier: the spectrum of the
  /// second moment Σ̂ = XᵀX/m (eigenvalues ≤ d·ε·λ_max, e.g. constant features, dropped — x has no
  /// component there), the best linear predictor's coordinates θ = Qᵀβ*, β* = X⁺y, in the kept
  /// eigenvectors, and the residual variance σ_ρ² = ‖y − Xβ*‖²/m (the part of y no linear map
  /// fits, including its mean: the linear network has no intercept).
  public static func empiricalProblem(inputs x: Matrix, targets y: [Double]) throws
    -> (spectrum: [Double], teacher: [Double], residualVariance: Double)
  {
    let m = x.rows
    try require(m >= 2, "inputs", "must have at least 2 rows", got: m)
    try require(y.count == m, "targets", "must have m = \(m) entries", got: y.count)
    try require(y.allSatisfy(\.isFinite), "targets", "must be finite", got: "non-finite entry")
    try x.requireFinite("inputs")
    let beta = try Matrix.leastSquares(x, Matrix(column: y)).solution.elements
    let fitted = x.times(beta)
    let rho2 = zip(y, fitted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(m)
    let eig = try x.gramian(alpha: 1 / Double(m)).symmetricEigendecomposition(name: "XᵀX/m")
    let top = eig.eigenvalues.last ?? 0
    try require(top > 0, "inputs", "must not be all zero", got: "XᵀX = 0")
    let floor = Double(x.columns) * Double.ulpOfOne * top
    let theta = eig.eigenvectors.times(beta, transposed: true)
    var lambda: [Double] = []
    var t: [Double] = []
    for (i, l) in eig.eigenvalues.enumerated() where l > floor {
      lambda.append(l)
      t.append(theta[i])
    }
    return (lambda, t, rho2)
  }
}
