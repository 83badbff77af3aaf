import RepAlignNumerics

/// A deterministic split of a real dataset into a held-out test set and a training pool, and a
/// fixed order of the pool from which the training subset of every size n is taken.
///
/// ## Randomness (one stream per role, THEORY.md §2 "drawn once")
/// - which samples are held out: `seed.child(.test)`;
/// - the order of the training pool: `seed.child(.data)`.
/// The split is a pure function of (dataset, testCount, seed, stratified).
///
/// ## Nested training subsets
/// The training subset of size n is the first n samples of `poolOrder`, so for one seed the
/// subsets are **nested** (n₁ < n₂ ⇒ subset(n₁) ⊂ subset(n₂)): an n-sweep changes only how many
/// samples are seen, never which population they come from.
///
/// ## Stratification (classification only)
/// When stratified, both the test set and every prefix of the pool keep the class proportions:
/// each class's samples are shuffled, the j-th of the n_c samples of class c gets the key
/// (j + ½)/n_c, and samples are taken in increasing key (ties between classes broken by a random
/// class priority from the same stream). A prefix of length m then holds
/// m·π_c + e_c − π_c·Σ_k e_k samples of class c with e_c ∈ (−3/2, 1/2], so
/// |count_c − m·π_c| < 3/2 + (3/2)·π_c·K: within 2 for balanced classes. Unstratified (the only
/// option for real-valued targets), the order is a uniform random permutation.
public struct RealDataSplit: Sendable, Equatable {
  /// Indices (into the dataset) of the held-out test samples, in sampling order.
  public let testIndices: [Int]
  /// Indices of the training pool (every sample not in the test set), in the order training
  /// subsets are drawn.
  public let poolOrder: [Int]
  /// Whether the split and the pool order are stratified by class.
  public let stratified: Bool

  /// Splits `dataset` into `testCount` test samples and a pool of the rest.
  ///
  /// - Parameters:
  ///   - testCount: the size m of the held-out test set, 1 ≤ m ≤ N − 2 (the pool needs at least
  ///     two samples for its variances).
  ///   - stratified: nil means "stratified when the targets are classes"; `true` with real-valued
  ///     targets is an error.
  public init(dataset: RealDataset, testCount: Int, seed: StreamSeed, stratified: Bool? = nil)
    throws(ParameterError)
  {
    let n = dataset.sampleCount
    try require(
      testCount >= 1 && testCount <= n - 2, "testCount",
      "must be in 1...\(n - 2) (N = \(n) samples, the pool needs ≥ 2)", got: testCount)
    let labels = dataset.targets.labels
    if stratified == true {
      try require(
        labels != nil, "stratified", "needs class labels; \(dataset.name) has real-valued targets",
        got: true)
    }
    let strat = stratified ?? (labels != nil)
    let all = Array(0..<n)
    let testOrder: [Int]
    if strat, let labels {
      testOrder = RealDataSplit.stratifiedOrder(
        all, labels: labels, stream: RandomStream(seed.child(.test)))
    } else {
      testOrder = RealDataSplit.permuted(all, stream: RandomStream(seed.child(.test)))
    }
    let test = Array(testOrder.prefix(testCount))
    var isTest = [Bool](repeating: false, count: n)
    for i in test { isTest[i] = true }
    let pool = all.filter { !isTest[$0] }
    if strat, let labels {
      poolOrder = RealDataSplit.stratifiedOrder(
        pool, labels: labels, stream: RandomStream(seed.child(.data)))
    } else {
      poolOrder = RealDataSplit.permuted(pool, stream: RandomStream(seed.child(.data)))
    }
    testIndices = test
    self.stratified = strat
  }

  /// Size of the training pool, the largest possible n.
  public var poolSize: Int { poolOrder.count }

  /// The training subset of size n: the first n indices of `poolOrder` (2 ≤ n ≤ poolSize).
  public func trainingIndices(count n: Int) throws(ParameterError) -> [Int] {
    try require(
      n >= 2 && n <= poolSize, "trainingSize", "must be in 2...\(poolSize) (the training pool)",
      got: n)
    return Array(poolOrder.prefix(n))
  }

  // MARK: - Implementation

  private static func permuted(_ items: [Int], stream: RandomStream) -> [Int] {
    stream.permutation(items.count).map { items[$0] }
  }

  /// Items ordered so that every prefix is (nearly) stratified; see the type's documentation.
  private static func stratifiedOrder(_ items: [Int], labels: [Int], stream: RandomStream) -> [Int] {
    let classes = (labels.max() ?? 0) + 1
    var byClass = [[Int]](repeating: [], count: classes)
    for i in items { byClass[labels[i]].append(i) }
    let priority = stream.permutation(classes)
    var keyed: [(key: Double, priority: Int, item: Int)] = []
    keyed.reserveCapacity(items.count)
    for c in 0..<classes where !byClass[c].isEmpty {
      let members = byClass[c]
      let shuffle = stream.permutation(members.count)
      let nc = Double(members.count)
      for (j, k) in shuffle.enumerated() {
        keyed.append(((Double(j) + 0.5) / nc, priority[c], members[k]))
      }
    }
    keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.priority < $1.priority }
    return keyed.map(\.item)
  }
}
