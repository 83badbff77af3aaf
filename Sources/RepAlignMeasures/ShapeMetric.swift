import Foundation
import RepAlignNumerics

/// The generalized shape metric of Williams et al. (2021, *Generalized shape metrics on neural
/// representations*, NeurIPS; the `netrep` package's `LinearMetric(alpha, score_method="angular")`):
/// the angular distance between partially whitened representations after the best orthogonal
/// alignment,
///
///     d_α(A, B) = arccos( ‖φ_α(Ã)ᵀφ_α(B̃)‖_* / (‖φ_α(Ã)‖_F ‖φ_α(B̃)‖_F) ),
///     φ_α(X̃) = X̃·(α·I + (1 − α)·(X̃ᵀX̃)^{−1/2}) = U·diag(α·σᵢ + 1 − α)·Vᵀ,
///
/// X̃ = UΣVᵀ the SVD of the centred data **scaled to unit Frobenius norm** (so that d_α is
/// invariant to isotropic scaling for every α; netrep applies φ_α to the raw scale, which agrees
/// when ‖X̃‖_F = 1). α = 1 is the Procrustes angle (`ProcrustesAngle`), α = 0 the angular CCA
/// distance arccos(Σρᵢ/√(r_A r_B)), invariant to every invertible map. Computed from the SVD of X̃
/// (`RepresentationGeometry.singularBasis`, rank cut-off 8·max(m, p)·ε·σ₁), never from
/// (X̃ᵀX̃)^{−1/2}, so no eigenvalue needs clipping (netrep clips at 1e-7). A metric on shapes:
/// symmetric, d(A, A) = 0 (up to the √(2δ) amplification of round-off δ by the arccos), values in
/// [0, π/2]; lower is more aligned. Invariant to translation, isotropic scaling, orthogonal maps
/// and unit permutations; for α = 0 also to invertible linear maps.
public struct ShapeMetric: PreparedAlignmentMeasure {
  /// The whitening weight α ∈ [0, 1] (0: CCA, 1: Procrustes).
  public let alpha: Double

  /// Default α = 0.5, halfway between CCA and Procrustes.
  public init(alpha: Double = 0.5) { self.alpha = alpha }

  public var name: String { "shape_metric" }
  public var direction: AlignmentDirection { .lowerIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: alpha == 0
        ? MeasureDeclaration.similarityGroup.union([.invertibleLinearMap]) : MeasureDeclaration.similarityGroup,
      symmetric: true, bounds: 0...(Double.pi / 2), selfValue: .constant(0))
  }

  /// φ_α(X̃) as U·diag(ασ̂ᵢ + 1 − α) (m × r) and its Frobenius norm.
  public struct Prepared: Sendable {
    let features: Matrix
    let norm: Double
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    guard alpha.isFinite && alpha >= 0 && alpha <= 1 else {
      throw MeasureError.invalidParameter(ParameterError("alpha", "must be in [0, 1]", got: alpha))
    }
    try MeasureError.validate(x, argument: argument, measure: "shape metric")
    let (basis, sigma) = try RepresentationGeometry.singularBasis(x, measure: "shape metric")
    let total = sigma.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let weights = sigma.map { alpha * ($0 / total) + (1 - alpha) }
    var f = basis
    let r = weights.count
    f.withUnsafeMutableBufferPointer { e in
      for i in 0..<x.rows { for c in 0..<r { e[i * r + c] *= weights[c] } }
    }
    return Prepared(features: f, norm: f.frobeniusNorm)
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    let cross = Matrix.product(a.features, b.features, transposeA: true)
    let nuclear = try MeasureError.numerical("shape metric") {
      try cross.singularValueDecomposition(name: "cross-product").singularValues.reduce(0, +)
    }
    return acos(Swift.min(1, Swift.max(0, (nuclear / a.norm) / b.norm)))
  }
}

/// The normalized Bures distance (Harvey et al. 2024; Williams et al. 2021): the Bures–Wasserstein
/// distance between the sample Gram matrices K = ÃÃᵀ/‖Ã‖²_F and L = B̃B̃ᵀ/‖B̃‖²_F of unit trace,
///
///     d_B(A, B) = √(tr K + tr L − 2 tr(K^{1/2} L K^{1/2})^{1/2}) = √(2 − 2·NBS(A, B)),
///
/// NBS the normalized Bures similarity (`ProcrustesSimilarity`, ‖ÃᵀB̃‖_*/(‖Ã‖_F‖B̃‖_F)), i.e. the
/// Euclidean Procrustes distance between the unit-norm centred representations. In [0, √2],
/// symmetric, d_B(A, A) = 0 (up to √(2δ) for a round-off δ of NBS), lower is more aligned; the same
/// invariances as Procrustes.
public struct BuresDistance: PreparedAlignmentMeasure {
  public init() {}
  public var name: String { "bures_distance" }
  public var direction: AlignmentDirection { .lowerIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: 0...2.0.squareRoot(),
      selfValue: .constant(0))
  }

  public func prepare(_ x: Matrix, argument: String) throws -> ProcrustesSimilarity.Prepared {
    try ProcrustesSimilarity().prepare(x, argument: argument)
  }

  public func compare(_ a: ProcrustesSimilarity.Prepared, _ b: ProcrustesSimilarity.Prepared) throws -> Double {
    let similarity = Swift.min(1, Swift.max(0, try ProcrustesSimilarity().compare(a, b)))
    return (2 - 2 * similarity).squareRoot()
  }
}
