import RepAlignNumerics

/// The interpolation threshold n* of a converged n-sweep as a continuous estimate: the n at which
/// the fraction of interpolating members crosses 1/2 (issue 16; THEORY.md §10).
///
/// ## Criterion
/// With fᵢ the fraction of all members (designs × members) that converged to an interpolating fit
/// at grid size nᵢ (`PointResult.interpolatedFraction`; an unconverged member never counts), let
/// i be the largest index with fᵢ ≥ 1/2 — the grid rule's n* (`gridN`). The estimate is the
/// crossing of 1/2 on the straight line from (nᵢ, fᵢ) to (nᵢ₊₁, fᵢ₊₁):
///
///     n* = nᵢ + (nᵢ₊₁ − nᵢ) · (fᵢ − 1/2) / (fᵢ − fᵢ₊₁),      nᵢ ≤ n* < nᵢ₊₁,
///
/// and n* = nᵢ when i is the last grid point (no crossing observed). The estimate is continuous in
/// the fractions: when fᵢ passes 1/2 the index moves by one and both formulas give nᵢ. The grid
/// rule jumps by a whole grid step instead (for the width-8 spec, 55 ↔ 66, with f(66) between
/// 0.45 and 0.53 under fresh seeds), which is what this estimate removes.
///
/// ## Interval
/// A parametric bootstrap: each fᵢ redrawn as Binomial(M, fᵢ)/M with M = members × designs,
/// independently across n, `resamples` times from the caller's stream
/// (`ExperimentStreams.thresholdBootstrap`), the estimate recomputed on each; the 2.5 % and 97.5 %
/// quantiles over the resamples that keep some fᵢ ≥ 1/2 are the interval. Independence across n
/// ignores the common random numbers of the grid (members share noise and initializations across
/// n) and treats members of one design as independent; the interval is evidence, it enters no
/// decision.
public struct ConvergedThreshold: Sendable, Equatable {
  /// The half-crossing estimate n*.
  public let n: Double
  /// The grid rule's n*: the largest grid n with at least half the members interpolating.
  public let gridN: Double
  /// The bootstrap 95 % interval of `n`.
  public let interval: ClosedRange<Double>
  /// Resamples in which no grid point kept half its members interpolating (left out of `interval`).
  public let resamplesWithoutCrossing: Int
  public let resamples: Int

  /// The half-crossing of `interpolated` over the increasing grid `n`; nil when no fraction
  /// reaches 1/2.
  public static func crossing(n: [Double], interpolated f: [Double]) -> (n: Double, gridN: Double)? {
    guard let i = f.indices.last(where: { f[$0] >= 0.5 }) else { return nil }
    if i == n.count - 1 { return (n[i], n[i]) }
    return (n[i] + (n[i + 1] - n[i]) * (f[i] - 0.5) / (f[i] - f[i + 1]), n[i])
  }

  /// The estimate and its interval. `members` is M, the number of members behind each fraction.
  public static func estimate(
    n: [Double], interpolated: [Double], members: Int, resamples: Int = 2000, seed: StreamSeed
  ) throws -> ConvergedThreshold {
    try require(
      n.count == interpolated.count, "interpolated", "must have one fraction per n (\(n.count))",
      got: interpolated.count)
    try require(!n.isEmpty, "n", "must hold at least one grid point", got: n.count)
    try require(zip(n, n.dropFirst()).allSatisfy { $0 < $1 }, "n", "must be strictly increasing", got: n.description)
    try require(
      interpolated.allSatisfy { (0...1).contains($0) }, "interpolated", "must be fractions in [0, 1]",
      got: interpolated.description)
    try require(members >= 1, "members", "must be at least 1 (members × designs)", got: members)
    try require(resamples >= 1, "resamples", "must be at least 1", got: resamples)
    guard let point = crossing(n: n, interpolated: interpolated) else {
      throw ParameterError(
        "grid.n", "must include a size at which at least half the members interpolate (threshold = measured)",
        got: n.map { Estimate.rounded($0) }.description)
    }
    let rng = RandomStream(seed)
    var draws: [Double] = []
    draws.reserveCapacity(resamples)
    var missing = 0
    for _ in 0..<resamples {
      let f = interpolated.map { p in
        Double((0..<members).reduce(0) { k, _ in k + (rng.bernoulli(p) ? 1 : 0) }) / Double(members)
      }
      if let c = crossing(n: n, interpolated: f) { draws.append(c.n) } else { missing += 1 }
    }
    draws.sort()
    let interval =
      draws.isEmpty
      ? point.n...point.n
      : draws[Int(0.025 * Double(draws.count - 1))]...draws[Int(0.975 * Double(draws.count - 1))]
    return ConvergedThreshold(
      n: point.n, gridN: point.gridN, interval: interval, resamplesWithoutCrossing: missing, resamples: resamples)
  }

  /// One evidence line: the estimate, its interval and the grid rule's value.
  public var evidence: String {
    "n* = \(Estimate.rounded(n, digits: 1)) (half-crossing of the interpolated fraction), bootstrap 95% interval [\(Estimate.rounded(interval.lowerBound, digits: 1)), \(Estimate.rounded(interval.upperBound, digits: 1))]"
      + (resamplesWithoutCrossing > 0
        ? " (\(resamplesWithoutCrossing) of \(resamples) resamples without a crossing)" : "")
      + "; the grid rule (largest grid n with half interpolating) gives \(Estimate.rounded(gridN))"
  }
}
