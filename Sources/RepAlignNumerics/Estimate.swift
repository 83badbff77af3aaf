/// A mean with its standard error: the unit every claim, ensemble summary and gate works in.
public struct Estimate: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
  public let mean: Double
  /// Standard error of `mean`; 0 for an exact (theory) value, nil when it cannot be estimated
  /// (fewer than two values).
  public let standardError: Double?

  /// Paired units: values whose sample standard error sd/√k is this estimate's standard error,
  /// indexed by a unit (member, design) that other estimates share — per-member values, jackknife
  /// pseudo-values, or per-design means. When two estimates carry units of the same length, the
  /// standard error of their difference is sd(u_a − u_b)/√k (a paired comparison), which removes
  /// the variance they share through common random numbers.
  public let units: [Double]?

  public init(_ mean: Double, standardError: Double?, units: [Double]? = nil) {
    self.mean = mean
    self.standardError = standardError
    self.units = units
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
    units = values.count >= 2 ? values : nil
  }

  /// The same estimate with every value (mean and units) multiplied by `factor`; the standard
  /// error scales by |factor|.
  public func scaled(by factor: Double) -> Estimate {
    Estimate(mean * factor, standardError: standardError.map { $0 * abs(factor) }, units: units?.map { $0 * factor })
  }

  /// The z-score of a − b. Paired when both carry `units` of the same length k ≥ 2: the Student
  /// statistic t = (ā − b̄) / (sd(u_a − u_b)/√k) with k − 1 degrees of freedom, reported on the z
  /// scale (`NormalDistribution.zEquivalent`), so that a z-level applies exactly for normal units
  /// however few there are. Otherwise independent: (ā − b̄) / √(se_a² + se_b²), which is
  /// conservative (too large a denominator) for positively correlated estimates. A missing
  /// standard error counts as infinite (z = 0: no evidence).
  public static func zScore(of a: Estimate, over b: Estimate) -> Double {
    let diff = a.mean - b.mean
    if let ua = a.units, let ub = b.units, ua.count == ub.count, ua.count >= 2 {
      let paired = Estimate(zip(ua, ub).map { $0 - $1 })
      if let se = paired.standardError, se > 0 {
        return NormalDistribution.zEquivalent(ofT: diff / se, degreesOfFreedom: Double(ua.count - 1))
      }
    }
    guard let sa = a.standardError, let sb = b.standardError else { return 0 }
    let se = (sa * sa + sb * sb).squareRoot()
    return se > 0 ? diff / se : (diff > 0 ? .infinity : (diff < 0 ? -.infinity : 0))
  }

  public var description: String {
    "\(Estimate.rounded(mean)) ± \(standardError.map { Estimate.rounded($0) } ?? "?")"
  }

  /// x rounded to `digits` decimals, for evidence lines and tables.
  package static func rounded(_ x: Double, digits: Int = 4) -> String {
    guard x.isFinite else { return String(x) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return String((x * scale).rounded() / scale)
  }
}
