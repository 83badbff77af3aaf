import RepAlignNumerics

/// A real dataset made ready for noise-ensemble experiments (THEORY.md §2): a fixed split into a
/// held-out, noise-free test set and a training pool, standardization fitted on the pool, and
/// `ensemble(...)` to draw the training subset of size n and each member's noise.
///
/// ## Randomness, one stream per role
/// - split and pool order: `seed.child(.test)`, `seed.child(.data)` (`RealDataSplit`);
/// - member a's noise: `noiseSeed.child(a).child(.noise)` — independent across members, and the
///   same member index always gets the same noise for one `noiseSeed`, whatever M or the order.
/// The training subset at size n is the first n of the pool order: nested in n, stratified by
/// class unless asked otherwise (see `RealDataSplit`).
///
/// ## Preprocessing
/// Inputs are standardized per feature with the pool's mean and standard deviation
/// (`PoolStandardization`; features constant on the pool become 0). Real-valued targets are
/// standardized the same way, so their signal variance is 1; class labels are one-hot encoded.
/// The test set is transformed with the pool's statistics, never refitted.
public struct RealDataTask: Sendable {
  /// The raw dataset.
  public let dataset: RealDataset
  /// The split into test set and training pool.
  public let split: RealDataSplit
  /// The input standardization, fitted on the pool.
  public let inputStandardization: PoolStandardization
  /// The target standardization for real-valued targets (nil for classes), fitted on the pool.
  public let targetStandardization: PoolStandardization?

  /// Standardized pool inputs and clean targets, in pool order (row r is sample poolOrder[r]).
  private let poolInputs: Matrix
  private let poolTargets: Matrix
  /// Standardized test inputs and clean test targets.
  public let testInputs: Matrix
  public let testTargets: Matrix

  /// Splits (m = `testCount` held out), fits the standardizations and encodes the targets.
  public init(dataset: RealDataset, testCount: Int, seed: StreamSeed, stratified: Bool? = nil)
    throws(ParameterError)
  {
    let split = try RealDataSplit(
      dataset: dataset, testCount: testCount, seed: seed, stratified: stratified)
    let rawPool = dataset.inputs.selectingRows(split.poolOrder)
    let inputMap = try PoolStandardization(fitting: rawPool)
    poolInputs = try inputMap.apply(rawPool)
    testInputs = try inputMap.apply(dataset.inputs.selectingRows(split.testIndices))
    switch dataset.targets {
    case .classes(let labels, let k):
      poolTargets = Matrix.oneHot(split.poolOrder.map { labels[$0] }, classes: k)
      testTargets = Matrix.oneHot(split.testIndices.map { labels[$0] }, classes: k)
      targetStandardization = nil
    case .values(let y):
      let rawTargets = y.selectingRows(split.poolOrder)
      let targetMap = try PoolStandardization(fitting: rawTargets)
      poolTargets = try targetMap.apply(rawTargets)
      testTargets = try targetMap.apply(y.selectingRows(split.testIndices))
      targetStandardization = targetMap
    }
    self.dataset = dataset
    self.split = split
    self.inputStandardization = inputMap
  }

  /// The number of classes K, or nil for real-valued targets.
  public var classCount: Int? { dataset.targets.classCount }

  /// Gini impurity g = 1 − Σπ_c² of the pool's class frequencies (nil for real targets): the
  /// signal variance of one-hot labels, which enters the label-flip SNR.
  public var giniImpurity: Double? {
    guard case .classes(let labels, let k) = dataset.targets else { return nil }
    return try? MulticlassLabelFlip.giniImpurity(
      labels: split.poolOrder.map { labels[$0] }, classes: k)
  }

  /// v_y: the mean over target columns of the pool variance (divisor N) of the clean targets as
  /// the members see them (standardized values, or one-hot: then v_y = g/K).
  public var targetSignalVariance: Double { RealDataTask.meanColumnVariance(poolTargets) }

  /// v_x: the mean over features of the pool variance (divisor N) of the standardized inputs:
  /// (d − #constant features)/d up to rounding.
  public var inputSignalVariance: Double { RealDataTask.meanColumnVariance(poolInputs) }

  /// The flip probability p of `.labelFlipAtSNR(snr)` on this task's pool.
  public func flipProbability(forSNR snr: Double) throws(ParameterError) -> Double {
    guard let k = classCount, let g = giniImpurity else {
      throw ParameterError(
        "noise", "label flips need class labels; \(dataset.name) has real targets",
        got: "labelFlipAtSNR(\(snr))")
    }
    return try MulticlassLabelFlip.probability(snr: snr, classes: k, giniImpurity: g)
  }

  /// The SNR of `noise` on this task (see `RealNoise` for each definition).
  public func snr(of noise: RealNoise) throws(ParameterError) -> Double {
    switch noise {
    case .labelFlip(let p):
      guard let k = classCount, let g = giniImpurity else {
        throw ParameterError(
          "noise", "label flips need class labels; \(dataset.name) has real targets",
          got: noise.description)
      }
      return try MulticlassLabelFlip.snr(probability: p, classes: k, giniImpurity: g)
    case .labelFlipAtSNR(let s):
      _ = try flipProbability(forSNR: s)
      return s
    case .targetGaussian(let s), .inputGaussian(let s):
      try RealDataTask.requireGaussianSNR(s)
      return s
    }
  }

  /// The training subset of size n (nested in n) with M members' noise, as an `EnsembleDataset`.
  ///
  /// - Parameters:
  ///   - trainingSize: n in 2...pool size.
  ///   - members: M ≥ 1.
  ///   - noise: the member-noise process and its level.
  ///   - noiseSeed: member a's noise comes from `noiseSeed.child(a).child(.noise)`.
  public func ensemble(trainingSize n: Int, members: Int, noise: RealNoise, noiseSeed: StreamSeed)
    throws(ParameterError) -> EnsembleDataset
  {
    _ = try split.trainingIndices(count: n) // validates n
    try require(members >= 1, "members", "must be ≥ 1", got: members)
    let snr = try snr(of: noise)
    let x = poolInputs.selectingRows(0..<n)
    let clean = poolTargets.selectingRows(0..<n)
    let streams = (0..<members).map { RandomStream(noiseSeed.child($0).child(.noise)) }

    switch noise {
    case .labelFlip, .labelFlipAtSNR:
      let k = classCount! // snr(of:) has checked there are classes
      let p: Double
      if case .labelFlip(let given) = noise {
        p = given
      } else {
        p = try flipProbability(forSNR: snr)
      }
      let labels = split.poolOrder.prefix(n).map { dataset.targets.labels![$0] }
      let targets = streams.map { stream in
        Matrix.oneHot(
          labels.map { MulticlassLabelFlip.flip($0, classes: k, probability: p, stream: stream) },
          classes: k)
      }
      return try EnsembleDataset(
        trainInputs: x, memberTargets: targets, cleanTrainTargets: clean,
        testInputs: testInputs, testTargets: testTargets, kind: .multiclass(classes: k), snr: snr)

    case .targetGaussian:
      let sigma = RealDataTask.noiseStandardDeviation(signal: targetSignalVariance, snr: snr)
      try require(
        sigma.isFinite && targetSignalVariance > 0, "noise",
        "needs targets that vary on the training pool", got: noise.description)
      let targets = streams.map { stream in
        clean
          + stream.normalMatrix(rows: clean.rows, columns: clean.columns, standardDeviation: sigma)
      }
      return try EnsembleDataset(
        trainInputs: x, memberTargets: targets, cleanTrainTargets: clean,
        testInputs: testInputs, testTargets: testTargets, kind: .regression, snr: snr)

    case .inputGaussian:
      let sigma = RealDataTask.noiseStandardDeviation(signal: inputSignalVariance, snr: snr)
      try require(
        sigma.isFinite && inputSignalVariance > 0, "noise",
        "needs inputs that vary on the training pool", got: noise.description)
      let inputs = streams.map { stream in
        x + stream.normalMatrix(rows: x.rows, columns: x.columns, standardDeviation: sigma)
      }
      return try EnsembleDataset(
        trainInputs: x, memberTargets: Array(repeating: clean, count: members),
        cleanTrainTargets: clean, testInputs: testInputs, testTargets: testTargets, kind: cleanKind,
        snr: snr, memberInputs: inputs)
    }
  }

  /// The kind of the clean targets: `.multiclass` for classes, `.regression` for real values.
  public var cleanKind: TargetKind {
    if let k = classCount { return .multiclass(classes: k) }
    return .regression
  }

  // MARK: - Implementation

  /// σ = √(v/SNR) (`NoiseLevel.noiseVariance(signal:)`), and 0 at SNR = +∞ (no noise, which
  /// real-data processes allow: it is a clean control, not a grid level).
  private static func noiseStandardDeviation(signal v: Double, snr: Double) -> Double {
    snr == .infinity ? 0 : NoiseLevel.snr(snr).noiseStandardDeviation(signal: v)
  }

  private static func requireGaussianSNR(_ s: Double) throws(ParameterError) {
    try require(s > 0 && !s.isNaN, "snr", "must be in (0, +∞] for Gaussian noise", got: s)
  }

  private static func meanColumnVariance(_ m: Matrix) -> Double {
    let c = m.centeredColumns
    let total = Matrix.frobeniusInner(c, c) / Double(m.rows)
    return total / Double(m.columns)
  }
}
