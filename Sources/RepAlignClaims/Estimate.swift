/// A mean with its standard error: the unit every claim checker works in.
public struct Estimate: Sendable, Equatable, Codable, CustomStringConvertible {
  public let mean: Double
  /// Standard error of `mean`; 0 for an exact (theory) value.
  public let standardError: Double

  public init(_ mean: Double, standardError: Double) {
    self.mean = mean
    self.standardError = standardError
  }

  /// (a − b) / √(se_a² + se_b²): the z-score of a difference of two estimates, treating them as
  /// independent. Estimates from ensembles that share the design or noise directions are
  /// positively correlated, which makes this denominator conservative (too large).
  public static func zScore(of a: Estimate, over b: Estimate) -> Double {
    let se = (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
    let diff = a.mean - b.mean
    return se > 0 ? diff / se : (diff > 0 ? .infinity : (diff < 0 ? -.infinity : 0))
  }

  public var description: String { "\(formatted(mean)) ± \(formatted(standardError))" }
}

/// A short fixed-precision rendering for verdict evidence.
func formatted(_ x: Double, digits: Int = 4) -> String {
  guard x.isFinite else { return String(x) }
  let scale = pow10(digits)
  return String((x * scale).rounded() / scale)
}

private func pow10(_ k: Int) -> Double { (0..<k).reduce(1.0) { acc, _ in acc * 10 } }
