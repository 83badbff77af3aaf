import Foundation
import RepAlignNumerics

/// The theory-versus-simulation gate (issue 5, item 3): does a simulated quantity (a mean with
/// its standard error) agree with a prediction (exact, or itself a Monte Carlo mean)?
///
/// A grid point passes when |sim − theory| ≤ z·√(se_sim² + se_theory²) + biasAllowance. The bias
/// allowance covers systematic effects the theory leaves out and must be stated with its reason
/// at every use (finite test-set size m for CKA, finite initialisation scale, unconverged
/// training). The deviation is also reported in standard errors, so the closing note can quote the
/// largest deviation "in s.e. and absolute".
public enum SimulationAgreement {
  /// How strict a comparison is.
  public struct Criterion: Sendable, Equatable {
    /// Multiplier of the combined standard error (choose for a stated false-failure rate,
    /// Bonferroni over the grid).
    public let z: Double
    /// Absolute allowance for known biases, ≥ 0.
    public let biasAllowance: Double
    public init(z: Double, biasAllowance: Double) throws(ParameterError) {
      try require(z.isFinite && z > 0, "z", "must be finite and > 0", got: z)
      try require(
        biasAllowance.isFinite && biasAllowance >= 0, "biasAllowance", "must be finite and ≥ 0",
        got: biasAllowance)
      self.z = z
      self.biasAllowance = biasAllowance
    }
  }

  /// One grid point's comparison.
  public struct Comparison: Sendable, Equatable, CustomStringConvertible {
    public let label: String
    public let simulated: Estimate
    public let theory: Estimate
    public let criterion: Criterion
    /// sim − theory.
    public var deviation: Double { simulated.mean - theory.mean }
    /// √(se_sim² + se_theory²) (a missing theory s.e. counts as 0: an exact value).
    public var combinedStandardError: Double {
      let a = simulated.standardError ?? 0
      let b = theory.standardError ?? 0
      return (a * a + b * b).squareRoot()
    }
    /// |sim − theory| / combined s.e. (∞ if the combined s.e. is 0 and they differ).
    public var deviationInStandardErrors: Double {
      let se = combinedStandardError
      return se > 0 ? abs(deviation) / se : (deviation == 0 ? 0 : .infinity)
    }
    /// z·s.e. + bias allowance.
    public var allowed: Double { criterion.z * combinedStandardError + criterion.biasAllowance }
    public var passes: Bool { abs(deviation) <= allowed }
    public var description: String {
      "\(label): sim \(simulated) vs theory \(theory): |Δ| = \(Estimate.rounded(abs(deviation), digits: 5)) "
        + "(\(Estimate.rounded(deviationInStandardErrors, digits: 2)) s.e.) \(passes ? "≤" : ">") allowed "
        + "\(Estimate.rounded(allowed, digits: 5)) = \(criterion.z)·s.e. + \(criterion.biasAllowance)"
    }
  }

  /// All grid points of one gate.
  public struct Report: Sendable, Equatable, CustomStringConvertible {
    public let comparisons: [Comparison]
    public init(comparisons: [Comparison]) { self.comparisons = comparisons }
    public var passes: Bool { comparisons.allSatisfy(\.passes) }
    /// The comparison with the largest deviation in standard errors.
    public var worstInStandardErrors: Comparison? {
      comparisons.max { $0.deviationInStandardErrors < $1.deviationInStandardErrors }
    }
    /// The comparison with the largest absolute deviation.
    public var worstAbsolute: Comparison? {
      comparisons.max { abs($0.deviation) < abs($1.deviation) }
    }
    public var description: String { comparisons.map(\.description).joined(separator: "\n") }
  }

  /// Compares one grid point. The simulated estimate must carry a finite standard error > 0
  /// (a gate without one proves nothing); the theory's may be nil or 0 (exact).
  public static func compare(
    _ label: String, simulated: Estimate, theory: Estimate, criterion: Criterion
  ) throws(ParameterError) -> Comparison {
    try require(
      simulated.mean.isFinite, "simulated", "must have a finite mean", got: simulated.mean)
    try require(
      simulated.standardError.map { $0.isFinite && $0 > 0 } ?? false, "simulated",
      "must have a finite standard error > 0", got: String(describing: simulated.standardError))
    try require(theory.mean.isFinite, "theory", "must have a finite mean", got: theory.mean)
    try require(
      theory.standardError.map { $0.isFinite && $0 >= 0 } ?? true, "theory",
      "must have a finite standard error ≥ 0 or none", got: String(describing: theory.standardError)
    )
    return Comparison(label: label, simulated: simulated, theory: theory, criterion: criterion)
  }

  /// Half-width of the threshold window around n = d inside which the finite tier (a ratio of
  /// expectations) is not compared: ⌈2.5√d⌉. Reason, measured with the exact tier (d = 50,
  /// SNR 4, 400 designs): |finite CKA − exact E[cos²]| is 0.36 at |n − d| = 4, 0.05 at 6,
  /// 0.0095 at 14 and ≤ 0.006 for 18 ≤ |n − d| with min(n, d) ≥ 30; THEORY.md §5 says the closed
  /// forms fail "within a few √d of n = d".
  public static func thresholdWindow(d: Int) -> Int {
    Int((2.5 * Double(d).squareRoot()).rounded(.up))
  }

  /// Whether the finite tier is compared at (d, n): outside the threshold window and with
  /// min(n, d) ≥ 30 — below that the cosine does not concentrate and E[cos²] differs from the
  /// ratio of expectations by more than 0.01 (measured: 0.02 at n = 20, 0.06 at n = 10, d = 50).
  public static func finiteTierApplies(d: Int, n: Int) -> Bool {
    abs(n - d) >= thresholdWindow(d: d) && min(n, d) >= 30
  }

  /// Bias allowance for the finite tier where it applies: 0.01 absolute (the largest measured
  /// |finite − exact| there is 0.006, see `thresholdWindow`).
  public static let finiteTierBias = 0.01
}
