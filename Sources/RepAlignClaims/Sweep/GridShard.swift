import RepAlignNumerics

/// A deterministic partition of an experiment's grid for scale-out: shard `i/N` owns the grid
/// points whose index satisfies `index mod N == i` (0 ≤ i < N). Every point belongs to exactly one
/// shard, independently of machine, order or timing, so N jobs can run without coordination and
/// `repalign merge` reassembles the unsharded result.
package struct GridShard: Sendable, Equatable, CustomStringConvertible {
  /// 0-based shard number.
  package let index: Int
  /// Number of shards N ≥ 1.
  package let count: Int

  /// The whole grid (shard 0/1).
  package static let all = GridShard(checkedIndex: 0, count: 1)

  private init(checkedIndex: Int, count: Int) {
    self.index = checkedIndex
    self.count = count
  }

  package init(index: Int, count: Int) throws(ParameterError) {
    try require(count >= 1 && count <= 1_000_000, "shard", "must be i/N with 1 ≤ N ≤ 1000000", got: "\(index)/\(count)")
    try require(index >= 0 && index < count, "shard", "must be i/N with 0 ≤ i < N", got: "\(index)/\(count)")
    self.init(checkedIndex: index, count: count)
  }

  /// Parses `"i/N"` (decimal, 0-based i).
  package init(parsing text: String) throws(ParameterError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
      throw ParameterError("shard", "must be i/N with integers 0 ≤ i < N (e.g. 0/4)", got: text)
    }
    try self.init(index: i, count: n)
  }

  /// Whether this shard owns grid point `pointIndex`.
  package func owns(_ pointIndex: Int) -> Bool { pointIndex % count == index }

  package var description: String { "\(index)/\(count)" }
}
