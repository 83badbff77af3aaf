import Foundation
import PropertyBased
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct MulticlassLabelFlipTests {
  /// Independent oracle: the SNR by direct enumeration of the noisy-label distribution, without
  /// the closed form's α, κ or Gini impurity. For each clean class c the noisy one-hot label has
  /// mean P(·|c) and total variance Σ_k P(k|c)(1 − P(k|c)); the signal is the π-weighted spread
  /// of the means around their average.
  static func enumeratedSNR(p: Double, frequencies pi: [Double]) -> Double {
    let k = pi.count
    let means: [[Double]] = (0..<k).map { c in (0..<k).map { $0 == c ? 1 - p : p / Double(k - 1) } }
    var average = [Double](repeating: 0, count: k)
    for c in 0..<k { for j in 0..<k { average[j] += pi[c] * means[c][j] } }
    var signal = 0.0
    var noise = 0.0
    for c in 0..<k {
      for j in 0..<k {
        signal += pi[c] * (means[c][j] - average[j]) * (means[c][j] - average[j])
        noise += pi[c] * means[c][j] * (1 - means[c][j])
      }
    }
    return signal / noise
  }

  /// A few dozen roundings on O(1) terms, amplified by 1/u² where u = 1 − κp is the signal
  /// factor (both formulas subtract to form it): 256ε/u² relative.
  static func tolerance(p: Double, classes k: Int) -> Double {
    let u = 1 - Double(k) / Double(k - 1) * p
    return 256 * Tolerance.epsilon / (u * u)
  }

  @Test func closedFormMatchesEnumeration() throws {
    let gen = zip(Gen.int(in: 2...12), Gen.double(in: 0.001...0.999), Gen.int(in: 0...1_000_000))
    try forEachDraw(gen, count: 40, fixedSeed: 91) { draw in
      let (k, fraction, s) = draw.value
      // Random class frequencies (weights 1…20, normalized).
      let weights = (0..<k).map { c in Double(1 + (s / (c + 1) + 3 * c) % 20) }
      let total = weights.reduce(0, +)
      let pi = weights.map { $0 / total }
      let g = 1 - pi.reduce(0) { $0 + $1 * $1 }
      let p = fraction * MulticlassLabelFlip.maximumProbability(classes: k) * 0.999
      let closed = try MulticlassLabelFlip.snr(probability: p, classes: k, giniImpurity: g)
      let oracle = Self.enumeratedSNR(p: p, frequencies: pi)
      expectClose(
        closed, oracle, relativeTo: oracle, tolerance: Self.tolerance(p: p, classes: k),
        "K = \(k), p = \(p), \(draw.replay)")
    }
  }

  /// K = 2 with balanced classes is THEORY.md §2's binary formula (1 − 2p)²/(4p(1 − p)).
  @Test(arguments: [0.01, 0.1, 0.25, 0.4, 0.49])
  func twoBalancedClassesGiveTheBinaryFormula(p: Double) throws {
    let snr = try MulticlassLabelFlip.snr(probability: p, classes: 2, giniImpurity: 0.5)
    let binary = (1 - 2 * p) * (1 - 2 * p) / (4 * p * (1 - p))
    expectClose(
      snr, binary, relativeTo: binary, tolerance: Self.tolerance(p: p, classes: 2), "p = \(p)")
  }

  @Test func endpointsAndMonotonicity() throws {
    for k in [2, 3, 10] {
      let g = 1 - 1 / Double(k)
      let pMax = MulticlassLabelFlip.maximumProbability(classes: k)
      #expect(try MulticlassLabelFlip.snr(probability: 0, classes: k, giniImpurity: g) == .infinity)
      #expect(
        try MulticlassLabelFlip.snr(probability: pMax, classes: k, giniImpurity: g) <= 8
          * Tolerance.epsilon)
      let grid = (1...99).map { Double($0) / 100 * pMax }
      let values = try grid.map {
        try MulticlassLabelFlip.snr(probability: $0, classes: k, giniImpurity: g)
      }
      #expect(
        zip(values, values.dropFirst()).allSatisfy { $0 > $1 }, "K = \(k): not strictly decreasing")
      #expect(try MulticlassLabelFlip.probability(snr: .infinity, classes: k, giniImpurity: g) == 0)
      expectClose(
        try MulticlassLabelFlip.probability(snr: 0, classes: k, giniImpurity: g), pMax,
        tolerance: 4 * Tolerance.epsilon, "p(SNR = 0), K = \(k)")
    }
  }

  /// probability(snr:) inverts snr(probability:) over SNR in [1e-3, 1e3] (log-uniform).
  @Test func inverseRoundTrip() throws {
    let gen = zip(Gen.int(in: 2...20), Gen.double(in: -3...3), Gen.double(in: 0.05...1))
    try forEachDraw(gen, count: 50, fixedSeed: 92) { draw in
      let (k, log10SNR, gFraction) = draw.value
      let g = gFraction * (1 - 1 / Double(k))
      let target = Foundation.pow(10, log10SNR)
      let p = try MulticlassLabelFlip.probability(snr: target, classes: k, giniImpurity: g)
      let back = try MulticlassLabelFlip.snr(probability: p, classes: k, giniImpurity: g)
      expectClose(
        back, target, relativeTo: target, tolerance: Self.tolerance(p: p, classes: k),
        "K = \(k), g = \(g), p = \(p), \(draw.replay)")
    }
  }

  /// The flip law from 200 000 draws with K = 10, p = 0.3, clean labels cycling through the
  /// classes. Flip count: Binomial(N, p), checked at |z| ≤ 4.5. Destinations: for each clean
  /// class c, each of the K − 1 other classes receives Binomial(F_c, 1/(K − 1)) of its F_c flips;
  /// 90 cells checked at |z| ≤ 5 (5.7e-7 each, 5e-5 together). Never flips to itself: exact.
  @Test func flipRateAndUniformDestinations() {
    let k = 10
    let p = 0.3
    let n = 200_000
    let seed = TestSeeds.seed(93)
    let stream = RandomStream(StreamSeed(master: seed).child("flip-law"))
    var flips = 0
    var cells = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
    for i in 0..<n {
      let c = i % k
      let y = MulticlassLabelFlip.flip(c, classes: k, probability: p, stream: stream)
      if y != c { flips += 1 }
      cells[c][y] += 1
    }
    let nn = Double(n)
    let z = RealDataTestSupport.z
    #expect(
      abs(Double(flips) - nn * p) <= z * (nn * p * (1 - p)).squareRoot(),
      "flips \(flips) of \(n), expected \(nn * p), seed \(seed)")
    for c in 0..<k {
      let fc = Double(n / k - cells[c][c])
      let q = 1 / Double(k - 1)
      for j in 0..<k where j != c {
        #expect(
          abs(Double(cells[c][j]) - fc * q) <= 5 * (fc * q * (1 - q)).squareRoot(),
          "clean \(c) → \(j): \(cells[c][j]) of \(fc) flips, seed \(seed)")
      }
    }
  }

  @Test func badArgumentsAreOneLineErrors() {
    expectParameterError("probability") {
      _ = try MulticlassLabelFlip.snr(probability: -0.1, classes: 3, giniImpurity: 0.5)
    }
    expectParameterError("probability") {
      _ = try MulticlassLabelFlip.snr(probability: 0.7, classes: 3, giniImpurity: 0.5) // > 2/3
    }
    expectParameterError("classes") {
      _ = try MulticlassLabelFlip.snr(probability: 0.1, classes: 1, giniImpurity: 0.5)
    }
    expectParameterError("giniImpurity") {
      _ = try MulticlassLabelFlip.snr(probability: 0.1, classes: 2, giniImpurity: 0.6) // > 1/2
    }
    expectParameterError("giniImpurity") {
      _ = try MulticlassLabelFlip.probability(snr: 1, classes: 4, giniImpurity: 0)
    }
    expectParameterError("snr") {
      _ = try MulticlassLabelFlip.probability(snr: -1, classes: 4, giniImpurity: 0.5)
    }
    expectParameterError("snr") {
      _ = try MulticlassLabelFlip.probability(snr: .nan, classes: 4, giniImpurity: 0.5)
    }
    expectParameterError("labels") {
      _ = try MulticlassLabelFlip.giniImpurity(labels: [0, 3], classes: 3)
    }
  }

  @Test func giniImpurityOfKnownFrequencies() throws {
    // Frequencies (1/2, 1/4, 1/4): 1 − (1/4 + 1/16 + 1/16) = 5/8, exact in binary.
    #expect(try MulticlassLabelFlip.giniImpurity(labels: [0, 0, 1, 2], classes: 3) == 0.625)
  }
}
