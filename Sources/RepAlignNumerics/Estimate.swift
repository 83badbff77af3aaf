/// A mean with its standard error: the unit every claim, ensemble summary and gate works in.
public struct Estimate: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
  public let mean: Double
  /// Standard error of `mean`; 0 for an exact (theory) value, nil when it cannot be estimated
  /// (fewer than two values).
  public let standardError: Double?

  public init(_ mean: Double, standardError: Double?) {
    self.mean = mean
    self.standardError = standardError
  }

  /// The sample mean of `values` with standard error s/√N (s the sample standard deviation;
  /// nil for N < 2). Independent values are assumed; say so where they are not.
  public init(_ values: [Double]) {
    let n = Double(values.count)
    let center = values.isEmpty ? .nan : values.reduce(0, +) / n
    mean = center
    if values.count >= 2 {
      let ss = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
      standardError = (ss / (n - 1) / n).squareRoot()
    } else {
      standardError = nil
    }
  }

  /// (a − b) / √(se_a² + se_b²): the z-score of a difference of two estimates treated as
  /// independent. Estimates from ensembles sharing the design or noise directions are positively
  /// correlated, which makes this denominator conservative (too large). A missing standard error
  /// counts as infinite (z = 0: no evidence).
  public static func zScore(of a: Estimate, over b: Estimate) -> Double {
    guard let sa = a.standardError, let sb = b.standardError else { return 0 }
    let se = (sa * sa + sb * sb).squareRoot()
    let diff = a.mean - b.mean
    return se > 0 ? diff / se : (diff > 0 ? .infinity : (diff < 0 ? -.infinity : 0))
  }

  public var description: String {
    "\(Estimate.rounded(mean)) ± \(standardError.map { Estimate.rounded($0) } ?? "?")"
  }

  /// x rounded to `digits` decimals, for evidence lines and tables.
  public static func rounded(_ x: Double, digits: Int = 4) -> String {
    guard x.isFinite else { return String(x) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return String((x * scale).rounded() / scale)
  }
}
