import RepAlignNumerics

/// A permutation null for any measure: the measure of A against B with B's rows (samples)
/// shuffled, which keeps both marginal geometries and destroys their pairing. Biased scores
/// (linear CKA, CCA, …) sit well above their nominal "unrelated" value and grow with the width and
/// with m (THEORY.md §8; Gröger et al. 2026), so a raw score compares badly across the sweeps this
/// project runs; the null says what "unrelated" gives on *these* shapes.
///
/// With N permutations π₁…π_N drawn from `RandomStream(master: seed, "permutation-null")` and
/// s(·) = `direction.sign` × value (larger is more aligned):
///
///     null mean μ₀ = mean f(A, π_t B),  null s.d. σ₀ (n − 1 denominator),
///     calibrated = f(A, B) − μ₀,  z = (s(A, B) − s̄₀)/σ₀,
///     p = (1 + #{t : s(A, π_t B) ≥ s(A, B)}) / (N + 1),
///
/// the one-sided p-value in the aligned direction with the +1 that makes it exact for a
/// permutation test with random permutations (Phipson & Smyth 2010), never 0. Needs N ≥ 2.
public struct PermutationNull: Sendable, Equatable {
  /// f(A, B).
  public let value: Double
  /// The N null values f(A, π_t B), in draw order.
  public let nullValues: [Double]
  /// μ₀.
  public let nullMean: Double
  /// σ₀.
  public let nullStandardDeviation: Double
  /// f(A, B) − μ₀ (in the measure's own units and sign).
  public let calibrated: Double
  /// (s(A, B) − s̄₀)/σ₀; infinite when every null value is equal and differs from f(A, B), 0 when
  /// it equals them.
  public let z: Double
  /// One-sided permutation p-value in the aligned direction, in [1/(N + 1), 1].
  public let pValue: Double

  /// The null of `measure` on (A, B) with `permutations` row shuffles of B.
  public static func compute(
    _ measure: some AlignmentMeasure, _ a: Matrix, _ b: Matrix, permutations: Int, seed: UInt64 = 1
  ) throws -> PermutationNull {
    try require(permutations >= 2, "permutations", "must be ≥ 2", got: permutations)
    let value = try measure(a, b)
    let stream = RandomStream(master: seed, "permutation-null")
    let orders = (0..<permutations).map { _ in stream.permutation(b.rows) }
    let nulls = try parallelMap(permutations) { t in try measure(a, b.selectingRows(orders[t])) }
    let sign = measure.direction.sign
    let n = Double(permutations)
    let mean = nulls.reduce(0, +) / n
    let sd = (nulls.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    let excess = sign * (value - mean)
    let z = sd > 0 ? excess / sd : (excess == 0 ? 0 : excess.sign == .minus ? -Double.infinity : .infinity)
    let atLeast = nulls.filter { sign * $0 >= sign * value }.count
    return PermutationNull(
      value: value, nullValues: nulls, nullMean: mean, nullStandardDeviation: sd, calibrated: value - mean, z: z,
      pValue: Double(1 + atLeast) / (n + 1))
  }
}
