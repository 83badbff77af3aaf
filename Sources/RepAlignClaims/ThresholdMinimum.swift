import RepAlignNumerics

/// Claim 2 (THEORY.md §1, §5, §10): alignment is non-monotonic in n with its minimum near the
/// interpolation threshold.
///
/// Criteria, on alignment scores over an increasing n grid:
/// 1. the arg-min of the mean curve lies in the stated window [lo, hi] around the threshold
///    (n = d for the linear network; the measured n* for nonlinear ones);
/// 2. the curve rises significantly on both sides: some grid point left of the arg-min and some
///    point right of it exceed the minimum by more than z s.e. of the difference.
///
/// The level z covers every comparison the rule could have made, not only the two it reports.
/// The arg-min ĵ is chosen by the data and each side takes the best of its points, so a side's
/// false rise is contained in the union, over the interior grid indices j the window admits
/// (a pass needs ĵ among them) and the points i on that side of j, of {zᵢⱼ > z}: the left side has
/// m_L = Σ_{j∈W} j such pairs, the right side m_R = Σ_{j∈W} (K − 1 − j), K the grid size. The
/// claim is an intersection (both sides rise), so by the intersection–union principle each side
/// may be tested at the full α: z = Φ⁻¹(1 − α/m), m = max(m_L, m_R), and a curve with no interior
/// minimum (monotone, or flat) passes with probability ≤ α however many grid points it has.
/// (An earlier rule took the same best-of-side z against a level split over the 2 sides only;
/// with ≥ 3 points on a side its false-pass rate exceeded α and grew with the grid, measured by
/// `ThresholdMinimumNullTests`.)
/// The arg-min's resampling interval comes from a parametric bootstrap: each point redrawn as
/// N(mean, se²) `resamples` times from a seeded stream; the 2.5 % and 97.5 % quantiles of the
/// resampled arg-min, and the fraction of resamples whose arg-min falls in the window, are
/// reported as evidence. The bootstrap's stream is the caller's (`ExperimentStreams.argminBootstrap`
/// for a claim experiment); there is no default seed.
public enum ThresholdMinimum {
  public static func check(
    n: [Double], alignment: [Estimate], window: ClosedRange<Double>, significance alpha: Double,
    resamples: Int = 2000, seed: StreamSeed
  ) throws -> ClaimVerdict {
    try require(
      n.count == alignment.count, "alignment", "must have one estimate per n (\(n.count))",
      got: alignment.count)
    try require(n.count >= 3, "n", "must hold at least 3 grid points", got: n.count)
    try require(zip(n, n.dropFirst()).allSatisfy { $0 < $1 }, "n", "must be strictly increasing", got: n.description)
    let pairs = risePairs(n: n, window: window)
    let z = try NormalDistribution.bonferroniZ(familyRate: alpha, comparisons: pairs)
    let means = alignment.map(\.mean)
    let j = means.indices.min { means[$0] < means[$1] }!
    let inWindow = window.contains(n[j])
    let left = (0..<j).map { Estimate.zScore(of: alignment[$0], over: alignment[j]) }.max() ?? -.infinity
    let right = ((j + 1)..<n.count).map { Estimate.zScore(of: alignment[$0], over: alignment[j]) }.max() ?? -.infinity

    // Parametric bootstrap of the arg-min.
    let rng = RandomStream(seed)
    var argmins: [Double] = []
    argmins.reserveCapacity(resamples)
    for _ in 0..<resamples {
      var best = 0
      var bestValue = Double.infinity
      for (i, e) in alignment.enumerated() {
        let v = e.mean + (e.standardError ?? 0) * rng.normal()
        if v < bestValue { (best, bestValue) = (i, v) }
      }
      argmins.append(n[best])
    }
    argmins.sort()
    let lo = argmins[Int(0.025 * Double(resamples - 1))]
    let hi = argmins[Int(0.975 * Double(resamples - 1))]
    let mass = Double(argmins.filter { window.contains($0) }.count) / Double(resamples)

    let margin = min(left - z, right - z)
    let passed = inWindow && margin > 0
    let failure = NormalDistribution.cdf(z - left) + NormalDistribution.cdf(z - right) + (1 - mass)
    let evidence = [
      "arg-min n = \(Estimate.rounded(n[j])) (alignment \(alignment[j])); window [\(Estimate.rounded(window.lowerBound)), \(Estimate.rounded(window.upperBound))]: \(inWindow ? "inside" : "OUTSIDE")",
      "bootstrap 95% interval of arg-min: [\(Estimate.rounded(lo)), \(Estimate.rounded(hi))], \(Estimate.rounded(100 * mass, digits: 1))% of resamples in window",
      "rise on the left: max z = \(Estimate.rounded(left, digits: 2)); on the right: max z = \(Estimate.rounded(right, digits: 2)) (need > \(Estimate.rounded(z, digits: 2)): α over the \(pairs) arg-min/point pairs a side could be decided on)",
    ]
    return ClaimVerdict(
      claim: "threshold_minimum", passed: passed, margin: inWindow ? margin : min(margin, 0),
      zLevel: z, typeIRate: alpha / Double(pairs), estimatedFailureRate: min(1, failure), evidence: evidence,
      comparisons: [
        ComparisonOutcome(.init(.argminInWindow), margin: nil, passed: inWindow),
        ComparisonOutcome(.init(.riseLeft), margin: left - z, passed: left - z > 0),
        ComparisonOutcome(.init(.riseRight), margin: right - z, passed: right - z > 0),
      ])
  }

  /// m = max(m_L, m_R): the number of (arg-min, other point) pairs one side's rise could be
  /// decided on, over the interior grid indices whose n lies in the window (at least 1, so that a
  /// window without an interior grid point still has a level; such a check cannot pass).
  public static func risePairs(n: [Double], window: ClosedRange<Double>) -> Int {
    let admitted = n.indices.dropFirst().dropLast().filter { window.contains(n[$0]) }
    let left = admitted.reduce(0, +)
    let right = admitted.reduce(0) { $0 + (n.count - 1 - $1) }
    return max(1, left, right)
  }
}
