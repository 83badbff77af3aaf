import RepAlignData
import RepAlignNumerics

/// Which comparison of a check, by structured coordinates: the thing a documented exception names.
///
/// - SNR claims (`SNRMonotonicity`): `step`, the adjacent pair of noise levels, lower SNR first,
///   written as the spec's grid values of its noise variable (`grid.snr` values, or
///   `grid.flip_probability` values, e.g. `[0.2, 0.1]`).
/// - Threshold claims (`ThresholdMinimum`): `criterion` `rise_left` / `rise_right` (the rise on that
///   side of the minimum) or `argmin_in_window` (where the minimum is).
/// - Decoupling claims (`Decoupling`): `criterion` `pair` (the best pair) or `rank_correlation`.
/// - Theory claims (`TheoryAgreement`): `criterion` `theory_agreement` with the grid size `n`.
///
/// Exactly one of `step` and `criterion` is set; `n` only with `theory_agreement`.
public struct ComparisonID: Codable, Sendable, Hashable, CustomStringConvertible {
  public enum Criterion: String, Codable, Sendable, CaseIterable {
    case riseLeft = "rise_left"
    case riseRight = "rise_right"
    case argminInWindow = "argmin_in_window"
    case pair
    case rankCorrelation = "rank_correlation"
    case theoryAgreement = "theory_agreement"
  }

  /// SNR claims: [lower-SNR grid value, higher-SNR grid value] of one adjacent step.
  public var step: [Double]?
  /// Threshold and decoupling claims: which criterion.
  public var criterion: Criterion?
  /// Theory claims: the grid size compared.
  public var n: Int?

  public init(step: [Double]) {
    self.step = step
    self.criterion = nil
  }

  public init(_ criterion: Criterion) {
    self.step = nil
    self.criterion = criterion
  }

  /// The theory comparison at grid size n.
  public init(theoryAt n: Int) {
    self.step = nil
    self.criterion = .theoryAgreement
    self.n = n
  }

  public var description: String {
    if let step { return "step " + step.map { Estimate.rounded($0) }.joined(separator: " → ") }
    if let n, criterion == .theoryAgreement { return "theory at n=\(n)" }
    return criterion?.rawValue ?? "none"
  }
}

/// Which slice of the grid a check covers, by the grid values that are fixed: `n` for an SNR
/// sweep, the noise level (`snr` or `flip_probability`, as written in the grid) for an n-sweep,
/// nothing for a decoupling check (it compares all grid points).
public struct SliceID: Codable, Sendable, Hashable, CustomStringConvertible {
  public var n: Int?
  public var snr: Double?
  public var flipProbability: Double?

  public init(n: Int? = nil, snr: Double? = nil, flipProbability: Double? = nil) {
    self.n = n
    self.snr = snr
    self.flipProbability = flipProbability
  }

  /// The slice at one noise level of the grid.
  public init(noise: NoiseLevel) {
    switch noise {
    case .snr(let s): self.init(snr: s)
    case .flipProbability(let p): self.init(flipProbability: p)
    }
  }

  public var description: String {
    let parts =
      (n.map { ["n=\($0)"] } ?? []) + (snr.map { ["SNR=\(Estimate.rounded($0))"] } ?? [])
      + (flipProbability.map { ["p=\(Estimate.rounded($0))"] } ?? [])
    return parts.isEmpty ? "all grid points" : parts.joined(separator: ", ")
  }
}

/// One comparison a checker decided: its coordinates, its margin in standard errors (z − required
/// z; nil for a criterion that is not a z-test, such as where the minimum is) and whether it passed.
public struct ComparisonOutcome: Codable, Sendable, Equatable {
  public let id: ComparisonID
  public let margin: Double?
  public let passed: Bool

  public init(_ id: ComparisonID, margin: Double?, passed: Bool) {
    self.id = id
    self.margin = margin
    self.passed = passed
  }
}
