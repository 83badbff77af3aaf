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
public enum InputCovariance: Sendable, Equatable, Hashable {
  /// Σ = I, the default of THEORY.md §2 and the only case with the closed forms of §5.
  case identity
  /// A power-law spectrum λᵢ ∝ i^(−α), α ≥ 0 finite (α = 0 is the identity).
  case powerLaw(exponent: Double)

  /// Throws unless the parameters are valid.
  public func validate() throws(ParameterError) {
    if case .powerLaw(let alpha) = self {
      try require(alpha.isFinite && alpha >= 0, "exponent", "must be finite and ≥ 0", got: alpha)
    }
  }

  /// The d eigenvalues (diagonal of Σ), non-increasing, mean 1.
  public func eigenvalues(dimension d: Int) -> [Double] {
    switch self {
    case .identity:
      return [Double](repeating: 1, count: d)
    case .powerLaw(let alpha):
      let raw = (1...max(d, 1)).prefix(d).map { pow(Double($0), -alpha) }
      let mean = raw.reduce(0, +) / Double(max(d, 1))
      return raw.map { $0 / mean }
    }
  }

  /// An n × d matrix of rows x ~ N(0, Σ): standard normals from `stream`, column j scaled by √λⱼ.
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
