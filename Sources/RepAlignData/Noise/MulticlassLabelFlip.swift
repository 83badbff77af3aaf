import RepAlignNumerics

/// Label-flip noise for K classes and its signal-to-noise ratio (the K-class form of THEORY.md §2's
/// "clean labels flipped independently per member with probability p").
///
/// ## The flip law
/// Each member, independently for each training sample, keeps the clean label c with probability
/// 1 − p and otherwise replaces it by one of the **other** K − 1 classes chosen uniformly, so each
/// wrong class has probability q = p/(K − 1). The member's target is the one-hot vector y = e_ỹ of
/// its noisy label ỹ. p ranges over [0, (K − 1)/K]: at p = (K − 1)/K the noisy label is uniform
/// over all K classes whatever c is (no signal left); beyond it labels would be anti-informative.
///
/// ## Its SNR (derivation)
/// THEORY.md §2 defines the SNR of label noise as the variance of E[y|x] over the label-noise
/// variance. For vector targets both variances are traces (summed over the K components), with
/// the clean labels distributed as their frequencies π_c on the training pool:
/// - E[y | x] = m(c) = q·𝟙 + α·e_c with α = 1 − p − q = 1 − p·K/(K − 1).
/// - Noise: Cov(y | x) = diag(m) − m mᵀ (y is one-hot), so
///   tr Cov(y | x) = 1 − ‖m‖² = 1 − (1 − p)² − (K − 1)q² = p·(2 − κp), κ = K/(K − 1),
///   the same for every x.
/// - Signal: m(c) varies with x only through α·e_c, so tr Cov_x(m) = α²·tr Cov(e_c)
///   = α²·(1 − Σ_c π_c²) = α²·g, where g is the Gini impurity of the class frequencies.
/// - Hence **SNR = g·(1 − κp)² / (p·(2 − κp))**, strictly decreasing from +∞ at p = 0 to 0 at
///   p = 1/κ = (K − 1)/K.
/// - Check against THEORY.md §2: K = 2 with balanced classes (g = ½, κ = 2) gives
///   (1 − 2p)² / (4p(1 − p)), the binary formula (the ±1 coding has both variances 2× larger,
///   which cancels in the ratio).
/// - Inverse: with u = 1 − κp, p(2 − κp) = (1 − u²)/κ, so SNR = κg·u²/(1 − u²) and
///   **p = (1 − √(SNR/(SNR + κg)))/κ**.
public enum MulticlassLabelFlip {
  /// The largest meaningful flip probability, (K − 1)/K (noisy label independent of the clean one).
  public static func maximumProbability(classes: Int) -> Double {
    Double(classes - 1) / Double(classes)
  }

  /// The Gini impurity g = 1 − Σ_c π_c² of the label frequencies π_c among `labels`; g is the
  /// total variance tr Cov(e_c) of the one-hot clean labels.
  public static func giniImpurity(labels: [Int], classes: Int) throws(ParameterError) -> Double {
    try require(classes >= 2, "classes", "must be ≥ 2", got: classes)
    try require(!labels.isEmpty, "labels", "must not be empty", got: 0)
    var counts = [Int](repeating: 0, count: classes)
    for c in labels {
      try require(c >= 0 && c < classes, "labels", "must lie in 0..<\(classes)", got: c)
      counts[c] += 1
    }
    let n = Double(labels.count)
    return 1 - counts.reduce(0) { $0 + (Double($1) / n) * (Double($1) / n) }
  }

  /// SNR = g(1 − κp)²/(p(2 − κp)), κ = K/(K − 1): +∞ at p = 0.
  ///
  /// - Parameters:
  ///   - probability: p in [0, (K − 1)/K].
  ///   - classes: K ≥ 2.
  ///   - giniImpurity: g = 1 − Σπ_c² in (0, 1 − 1/K].
  public static func snr(probability p: Double, classes: Int, giniImpurity g: Double)
    throws(ParameterError) -> Double
  {
    try validate(classes: classes, giniImpurity: g)
    let pMax = maximumProbability(classes: classes)
    try require(
      p >= 0 && p <= pMax, "probability",
      "must be a flip probability in [0, \(pMax)] for \(classes) classes",
      got: p)
    return uncheckedSNR(probability: p, classes: classes, giniImpurity: g)
  }

  /// The formula of `snr(probability:classes:giniImpurity:)` without validation, for callers
  /// that have validated p, K and g already (the synthetic tasks' `labelFlipSNR`).
  static func uncheckedSNR(probability p: Double, classes: Int, giniImpurity g: Double) -> Double {
    if p == 0 { return .infinity }
    let kappa = Double(classes) / Double(classes - 1)
    let u = 1 - kappa * p
    return g * u * u / (p * (2 - kappa * p))
  }

  /// The flip probability p with the given SNR: p = (1 − √(SNR/(SNR + κg)))/κ, evaluated as
  /// g/((SNR + κg)(1 + √(SNR/(SNR + κg)))) to avoid cancellation at high SNR; SNR in [0, +∞]
  /// (+∞ gives p = 0, 0 gives p = (K − 1)/K).
  public static func probability(snr: Double, classes: Int, giniImpurity g: Double)
    throws(ParameterError) -> Double
  {
    try validate(classes: classes, giniImpurity: g)
    try require(snr >= 0 && !snr.isNaN, "snr", "must be in [0, +∞]", got: snr)
    if snr == .infinity { return 0 }
    let kappa = Double(classes) / Double(classes - 1)
    // 1 − √(S/(S + κg)) = (κg/(S + κg)) / (1 + √(S/(S + κg))): no cancellation when S ≫ κg.
    let t = snr + kappa * g
    return (kappa * g / t) / (1 + (snr / t).squareRoot()) / kappa
  }

  /// One draw of the flip law: `label` with probability 1 − p, else a uniformly random other class.
  /// Consumes one uniform variate, plus one integer variate when it flips. `label` must lie in
  /// 0..<classes and p in [0, 1] (checked by the callers that take them from users).
  public static func flip(_ label: Int, classes: Int, probability p: Double, stream: RandomStream)
    -> Int
  {
    guard stream.uniform() < p else { return label }
    let j = stream.integer(below: classes - 1)
    return j >= label ? j + 1 : j
  }

  private static func validate(classes: Int, giniImpurity g: Double) throws(ParameterError) {
    try require(classes >= 2, "classes", "must be ≥ 2", got: classes)
    let gMax = 1 - 1 / Double(classes)
    try require(
      g > 0 && g <= gMax * (1 + 4 * .ulpOfOne), "giniImpurity",
      "must be in (0, \(gMax)] (1 − Σπ² of the class frequencies; 0 means a single class)", got: g)
  }
}
