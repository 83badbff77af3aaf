import Foundation
import RepAlignNumerics

/// The covariance Σ of the Gaussian inputs x ~ N(0, Σ) of a synthetic task (THEORY.md §2).
///
/// Σ is diagonal in the coordinate basis (a rotation would change nothing the suite measures,
/// since every estimator and measure used is rotation-equivariant). Its eigenvalues are
/// normalised to mean 1, so tr Σ = d and the inputs have the same total power as under Σ = I:
///
///     identity:              λᵢ = 1
///     powerLaw(exponent α):  λᵢ = i^(−α) / ((1/d) Σⱼ j^(−α)),   i = 1…d
///     spectrum(λ):           λᵢ as given (d of them, finite and > 0; not renormalised, so a
///                            measured spectrum keeps its units — the teacher is rescaled to
///                            βᵀΣβ = r² either way)
public enum InputCovariance: Sendable, Equatable, Hashable {
  /// Σ = I, the default of THEORY.md §2 and the only case with the closed forms of §5.
  case identity
  /// A power-law spectrum λᵢ ∝ i^(−α), α ≥ 0 finite (α = 0 is the identity).
  case powerLaw(exponent: Double)
  /// Explicit eigenvalues λ₁…λ_d (the same spectrum `AnisotropicTier` takes), so a simulation and
  /// the theory run on the same anisotropic problem.
  case spectrum([Double])

  /// Throws unless the parameters are valid (for `spectrum`, without knowing d: see
  /// `validate(dimension:)`).
  public func validate() throws(ParameterError) {
    switch self {
    case .identity: break
    case .powerLaw(let alpha):
      try require(alpha.isFinite && alpha >= 0, "exponent", "must be finite and ≥ 0", got: alpha)
    case .spectrum(let lambda):
      try require(!lambda.isEmpty, "spectrum", "must have at least one eigenvalue", got: 0)
      try require(
        lambda.allSatisfy { $0.isFinite && $0 > 0 }, "spectrum", "must have every eigenvalue finite and > 0",
        got: lambda.first { !($0.isFinite && $0 > 0) } ?? .nan)
    }
  }

  /// The text form of a power law, `power:ALPHA` (α finite, ≥ 0), as `repalign theory
  /// --spectrum`, `repalign simulate --spectrum` and the spec field `task.spectrum` write it;
  /// `identity` (or `power:0`) is Σ = I. Anything else throws, naming `parameter`.
  public init(parsing text: String, parameter: String) throws(ParameterError) {
    if text == "identity" {
      self = .identity
      return
    }
    guard text.hasPrefix("power:"), let alpha = Double(text.dropFirst("power:".count)), alpha.isFinite, alpha >= 0
    else {
      throw ParameterError(parameter, "must be power:ALPHA with a finite ALPHA ≥ 0, or identity", got: text)
    }
    self = alpha == 0 ? .identity : .powerLaw(exponent: alpha)
  }

  /// `validate()`, and for `spectrum` that it has exactly d eigenvalues.
  public func validate(dimension d: Int) throws(ParameterError) {
    try validate()
    if case .spectrum(let lambda) = self {
      try require(lambda.count == d, "spectrum", "must have d = \(d) eigenvalues", got: lambda.count)
    }
  }

  /// The d eigenvalues (diagonal of Σ): non-increasing with mean 1 for `identity` and `powerLaw`;
  /// as given for `spectrum` (which must have d entries: `validate(dimension:)`).
  public func eigenvalues(dimension d: Int) -> [Double] {
    switch self {
    case .spectrum(let lambda):
      return lambda
    case .identity:
      return [Double](repeating: 1, count: d)
    case .powerLaw(let alpha):
      let raw = (1...max(d, 1)).prefix(d).map { pow(Double($0), -alpha) }
      let mean = raw.reduce(0, +) / Double(max(d, 1))
      return raw.map { $0 / mean }
    }
  }

  /// An n × d matrix of rows x ~ N(0, Σ): standard normals from `stream`, column j scaled by √λⱼ.
  /// Call `validate(dimension:)` first (a `spectrum` of the wrong length would index past its end).
  public func sample(rows n: Int, dimension d: Int, stream: RandomStream) -> Matrix {
    var x = stream.normalMatrix(rows: n, columns: d)
    if self == .identity { return x }
    let scales = eigenvalues(dimension: d).map { $0.squareRoot() }
    x.withUnsafeMutableBufferPointer { p in
      for i in 0..<n {
        for j in 0..<d { p[i * d + j] *= scales[j] }
      }
    }
    return x
  }
}
