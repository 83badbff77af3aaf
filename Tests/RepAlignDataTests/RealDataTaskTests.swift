import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

/// Noise ensembles on the bundled real data: preprocessing, the three noise processes, their SNRs
/// against empirical variance ratios, member independence and reproducibility.
/// Statistical checks use |z| ≤ `RealDataTestSupport.z` = 4.5 (6.8e-6 each) on fixed seeds.
@Suite struct RealDataTaskTests {
  static let z = RealDataTestSupport.z

  static func digitsTask(_ seed: UInt64 = 11) throws -> RealDataTask {
    try RealDataTask(
      dataset: RealDataTestSupport.digits(), testCount: 497, seed: StreamSeed(master: seed))
  }

  static func diabetesTask(_ seed: UInt64 = 12) throws -> RealDataTask {
    try RealDataTask(
      dataset: RealDataTestSupport.diabetes(), testCount: 142, seed: StreamSeed(master: seed))
  }

  /// Gini impurity of the pool labels by naive counting.
  static func naiveGini(_ task: RealDataTask) -> Double {
    let labels = task.dataset.targets.labels!
    var counts = [Double](repeating: 0, count: 10)
    for i in task.split.poolOrder { counts[labels[i]] += 1 }
    let n = Double(task.split.poolSize)
    return 1 - counts.reduce(0) { $0 + ($1 / n) * ($1 / n) }
  }

  // MARK: - Preprocessing

  @Test func inputsAreStandardizedWithPoolStatisticsOnly() throws {
    let task = try Self.digitsTask()
    let digits = task.dataset
    let data = try task.ensemble(
      trainingSize: 1300, members: 1, noise: .labelFlip(probability: 0.1),
      noiseSeed: StreamSeed(master: 1))
    let pool = digits.inputs.selectingRows(task.split.poolOrder)
    let test = digits.inputs.selectingRows(task.split.testIndices)
    var constant = 0
    for j in 0..<64 {
      let col = pool.column(j)
      let mean = col.reduce(0, +) / 1300
      let sd = (col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1300).squareRoot()
      if col.allSatisfy({ $0 == col[0] }) {
        constant += 1
        #expect(
          data.trainInputs.column(j).allSatisfy { $0 == 0 }
            && data.testInputs.column(j).allSatisfy { $0 == 0 },
          "feature \(j) is constant on the pool and must be 0 everywhere")
        continue
      }
      // Pixel values ≤ 16 and sums of 1300 terms: γ₁₃₀₀ relative to a z-scale of about 10.
      let tol = 10 * Tolerance.dotProduct(length: 1300)
      for i in stride(from: 0, to: 1300, by: 97) {
        expectClose(
          data.trainInputs[i, j], (pool[i, j] - mean) / sd, relativeTo: 10, tolerance: tol,
          "train z[\(i),\(j)]")
      }
      for i in stride(from: 0, to: 497, by: 31) {
        expectClose(
          data.testInputs[i, j], (test[i, j] - mean) / sd, relativeTo: 10, tolerance: tol,
          "test z[\(i),\(j)]")
      }
    }
    #expect(constant >= 3) // pixels 0, 32, 39 are 0 in the whole dataset
    expectClose(
      task.inputSignalVariance, Double(64 - constant) / 64,
      tolerance: 64 * Tolerance.dotProduct(length: 1300),
      "v_x with \(constant) constant features")
    // Clean targets: one-hot of the clean labels, in pool order and test order.
    let labels = digits.targets.labels!
    #expect(
      RealDataTestSupport.rowArgMax(data.cleanTrainTargets)
        == task.split.poolOrder.map { labels[$0] })
    #expect(
      RealDataTestSupport.rowArgMax(data.testTargets) == task.split.testIndices.map { labels[$0] })
    #expect(data.cleanTrainTargets.elements.allSatisfy { $0 == 0 || $0 == 1 })
    #expect(data.cleanTrainTargets.elements.reduce(0, +) == 1300)
  }

  // MARK: - Label flips

  /// An empirical SNR that does not use the closed form: E[y|x_i] is estimated by the member
  /// mean ȳ_i, the noise variance by the unbiased within-sample variance averaged over samples
  /// (N̂), the signal by the spread of ȳ_i over samples minus its noise part (1 − 1/n)N̂/M.
  /// Standard error: member-level jackknife (members are i.i.d.; the estimator is a smooth
  /// function of member-level sums).
  static func empiricalSNR(_ members: [Matrix]) -> (value: Double, standardError: Double) {
    let m = members.count
    let n = members[0].rows
    let k = members[0].columns
    var sums = [Double](repeating: 0, count: n * k)
    for y in members { for t in 0..<(n * k) { sums[t] += y.elements[t] } }
    func ratio(_ s: [Double], _ mm: Int) -> Double {
      let mmD = Double(mm)
      var meanSquare = 0.0
      var meanVector = [Double](repeating: 0, count: k)
      var noise = 0.0
      for i in 0..<n {
        var sq = 0.0
        for c in 0..<k {
          let v = s[i * k + c]
          sq += v * v
          meanVector[c] += v / mmD
        }
        meanSquare += sq / (mmD * mmD)
        noise += (mmD - sq / mmD) / (mmD - 1) // Σ_a ‖y_ai‖² = M for one-hot rows
      }
      let nD = Double(n)
      meanSquare /= nD
      noise /= nD
      let spread = meanSquare - meanVector.reduce(0) { $0 + ($1 / nD) * ($1 / nD) }
      return (spread - (1 - 1 / nD) * noise / mmD) / noise
    }
    let full = ratio(sums, m)
    let leaveOneOut = members.map { y in ratio(zip(sums, y.elements).map { $0 - $1 }, m - 1) }
    let mean = leaveOneOut.reduce(0, +) / Double(m)
    let variance =
      leaveOneOut.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } * Double(m - 1) / Double(m)
    return (full, variance.squareRoot())
  }

  @Test func labelFlipRateIndependenceAndSNR() throws {
    let task = try Self.digitsTask()
    let p = 0.3
    let members = 40
    let n = 1300
    let seed = TestSeeds.seed(101)
    let data = try task.ensemble(
      trainingSize: n, members: members, noise: .labelFlip(probability: p),
      noiseSeed: StreamSeed(master: seed))
    #expect(data.kind == .multiclass(classes: 10))
    #expect(data.members == members && data.sampleCount == n && data.outputDimension == 10)
    #expect(data.memberInputs == nil)
    let clean = RealDataTestSupport.rowArgMax(data.cleanTrainTargets)
    let flipped = data.memberTargets.map { y in
      zip(RealDataTestSupport.rowArgMax(y), clean).map { $0 != $1 }
    }
    #expect(data.memberTargets.allSatisfy { y in y.elements.allSatisfy { $0 == 0 || $0 == 1 } })

    // Flip rate: Binomial(nM, p).
    let trials = Double(n * members)
    let flips = Double(flipped.reduce(0) { $0 + $1.filter { $0 }.count })
    #expect(
      abs(flips - trials * p) <= Self.z * (trials * p * (1 - p)).squareRoot(),
      "flips \(flips) of \(trials), expected \(trials * p), seed \(seed)")

    // Independence across members: over the 20 disjoint pairs (0,1), (2,3), …, the number of
    // samples flipped in both is Binomial(20n, p²) when members are independent.
    var both = 0.0
    for a in stride(from: 0, to: members, by: 2) {
      both += Double(zip(flipped[a], flipped[a + 1]).filter { $0 && $1 }.count)
    }
    let pairs = Double(members / 2 * n)
    #expect(
      abs(both - pairs * p * p) <= Self.z * (pairs * p * p * (1 - p * p)).squareRoot(),
      "both flipped \(both), expected \(pairs * p * p), seed \(seed)")

    // The reported SNR is the closed form with the pool's class frequencies…
    let g = Self.naiveGini(task)
    let expected = try MulticlassLabelFlip.snr(probability: p, classes: 10, giniImpurity: g)
    expectClose(
      data.snr, expected, relativeTo: expected, tolerance: 64 * Tolerance.epsilon, "reported SNR")
    // …and agrees with the empirical variance ratio (n = pool, so the pool frequencies are the
    // training frequencies).
    let empirical = Self.empiricalSNR(data.memberTargets)
    #expect(
      abs(empirical.value - expected) <= Self.z * empirical.standardError,
      "empirical SNR \(empirical.value) ± \(empirical.standardError), formula \(expected), seed \(seed)"
    )
    // The check has power: a 10 % error in the formula is more than z s.e. away (the s.e. is
    // about 0.011 at this size, against a bound of 0.018; flipping to any class instead of
    // another class, a 1/K change in the flip law, is caught at ≈ 13 s.e.).
    #expect(empirical.standardError < 0.1 * expected / Self.z, "s.e. \(empirical.standardError)")
  }

  @Test func membersAreReproducibleAndFollowTheDocumentedStreams() throws {
    let task = try Self.digitsTask()
    let noise = RealNoise.labelFlip(probability: 0.2)
    let seed = StreamSeed(master: 102).child("grid").child(3)
    let a = try task.ensemble(trainingSize: 200, members: 5, noise: noise, noiseSeed: seed)
    let b = try task.ensemble(trainingSize: 200, members: 5, noise: noise, noiseSeed: seed)
    #expect(a.memberTargets == b.memberTargets)
    // A member's noise depends only on its index, not on M.
    let fewer = try task.ensemble(trainingSize: 200, members: 2, noise: noise, noiseSeed: seed)
    #expect(fewer.memberTargets == Array(a.memberTargets.prefix(2)))
    // Different members and different seeds give different noise.
    #expect(a.memberTargets[0] != a.memberTargets[1])
    let other = try task.ensemble(
      trainingSize: 200, members: 1, noise: noise,
      noiseSeed: StreamSeed(master: 102).child("grid").child(4))
    #expect(other.memberTargets[0] != a.memberTargets[0])
    // Member 3's labels are the flip law driven by the stream seed.child(3).child(.noise).
    let stream = RandomStream(seed.child(3).child(.noise))
    let clean = RealDataTestSupport.rowArgMax(a.cleanTrainTargets)
    let replay = clean.map {
      MulticlassLabelFlip.flip($0, classes: 10, probability: 0.2, stream: stream)
    }
    #expect(RealDataTestSupport.rowArgMax(a.memberTargets[3]) == replay)
    // Nested in n: the first 100 samples at n = 200 are the samples at n = 100.
    let small = try task.ensemble(trainingSize: 100, members: 1, noise: noise, noiseSeed: seed)
    #expect(small.trainInputs == a.trainInputs.selectingRows(0..<100))
  }

  @Test func labelFlipAtSNRUsesTheInverse() throws {
    let task = try Self.digitsTask()
    let target = 1.5
    let p = try task.flipProbability(forSNR: target)
    expectClose(
      try MulticlassLabelFlip.snr(probability: p, classes: 10, giniImpurity: Self.naiveGini(task)),
      target,
      relativeTo: target, tolerance: 256 * Tolerance.epsilon, "round trip")
    let seed = TestSeeds.seed(103)
    let data = try task.ensemble(
      trainingSize: 1300, members: 20, noise: .labelFlipAtSNR(target),
      noiseSeed: StreamSeed(master: seed))
    #expect(data.snr == target)
    let clean = RealDataTestSupport.rowArgMax(data.cleanTrainTargets)
    let trials = Double(1300 * 20)
    let flips = Double(
      data.memberTargets.reduce(0) { total, y in
        total + zip(RealDataTestSupport.rowArgMax(y), clean).filter { $0 != $1 }.count
      })
    #expect(
      abs(flips - trials * p) <= Self.z * (trials * p * (1 - p)).squareRoot(),
      "flips \(flips), expected \(trials * p) (p = \(p)), seed \(seed)")
  }

  // MARK: - Gaussian noise

  /// Checks that `noise` (M matrices) is i.i.d. N(0, σ²): mean and mean square within z s.e.,
  /// and no correlation between members (sum of products over disjoint member pairs, variance
  /// σ⁴ per product under independence).
  static func expectGaussian(_ noise: [Matrix], sigma: Double, _ context: String) {
    let entries = Double(noise.count * noise[0].count)
    let all = noise.flatMap(\.elements)
    let mean = all.reduce(0, +) / entries
    let meanSquare = all.reduce(0) { $0 + $1 * $1 } / entries
    let s2 = sigma * sigma
    #expect(
      abs(mean) <= z * sigma / entries.squareRoot(), "\(context): noise mean \(mean), σ \(sigma)")
    #expect(
      abs(meanSquare / s2 - 1) <= z * (2 / entries).squareRoot(),
      "\(context): σ̂²/σ² = \(meanSquare / s2)")
    var cross = 0.0
    var products = 0.0
    for a in stride(from: 0, to: noise.count - 1, by: 2) {
      cross += zip(noise[a].elements, noise[a + 1].elements).reduce(0) { $0 + $1.0 * $1.1 } / s2
      products += Double(noise[a].count)
    }
    #expect(
      abs(cross) <= z * products.squareRoot(),
      "\(context): cross-member sum \(cross) over \(products)")
  }

  @Test func gaussianTargetNoiseOnDiabetes() throws {
    let task = try Self.diabetesTask()
    let snr = 2.0
    let seed = TestSeeds.seed(104)
    let data = try task.ensemble(
      trainingSize: 300, members: 40, noise: .targetGaussian(snr: snr),
      noiseSeed: StreamSeed(master: seed))
    #expect(data.kind == .regression && data.snr == snr && data.outputDimension == 1)
    // Standardized on the pool: the clean training targets (n = pool) have mean 0, variance 1.
    let v = RealDataTestSupport.naiveColumnVariances(data.cleanTrainTargets)[0]
    let tol = 16 * Tolerance.dotProduct(length: 300)
    expectClose(v, 1, tolerance: tol, "variance of the standardized clean targets")
    expectClose(task.targetSignalVariance, v, tolerance: tol, "v_y")
    // The raw targets map back: y = μ + s·z for a test target.
    guard case .values(let raw) = task.dataset.targets, let map = task.targetStandardization else {
      Issue.record("diabetes should have standardized real targets")
      return
    }
    let t0 = task.split.testIndices[0]
    expectClose(
      map.means[0] + map.standardDeviations[0] * data.testTargets[0, 0], raw[t0, 0],
      relativeTo: 350,
      tolerance: tol, "test target de-standardized")
    // SNR = v_y/σ² with σ̂² from the noise itself: the empirical variance ratio.
    let noise = data.memberTargets.map { $0 - data.cleanTrainTargets }
    Self.expectGaussian(noise, sigma: (v / snr).squareRoot(), "diabetes target noise, seed \(seed)")
    let sigmaHat2 = noise.flatMap(\.elements).reduce(0) { $0 + $1 * $1 } / Double(300 * 40)
    let standardError = snr * (2 / Double(300 * 40)).squareRoot()
    #expect(
      abs(v / sigmaHat2 - snr) <= Self.z * standardError,
      "empirical SNR \(v / sigmaHat2), seed \(seed)")
  }

  @Test func gaussianTargetNoiseOnOneHotDigits() throws {
    let task = try Self.digitsTask()
    let snr = 0.5
    let seed = TestSeeds.seed(105)
    let data = try task.ensemble(
      trainingSize: 1300, members: 10, noise: .targetGaussian(snr: snr),
      noiseSeed: StreamSeed(master: seed))
    #expect(data.kind == .regression)
    #expect(data.testTargets.elements.allSatisfy { $0 == 0 || $0 == 1 })
    // v_y for one-hot targets is g/K, here computed two independent ways.
    let vNaive = RealDataTestSupport.naiveColumnVariances(data.cleanTrainTargets).reduce(0, +) / 10
    let tol = 16 * Tolerance.dotProduct(length: 1300)
    expectClose(vNaive, Self.naiveGini(task) / 10, tolerance: tol, "mean one-hot variance = g/K")
    expectClose(task.targetSignalVariance, vNaive, tolerance: tol, "v_y")
    let noise = data.memberTargets.map { $0 - data.cleanTrainTargets }
    Self.expectGaussian(
      noise, sigma: (vNaive / snr).squareRoot(), "one-hot target noise, seed \(seed)")
  }

  @Test func gaussianInputNoiseOnDigits() throws {
    let task = try Self.digitsTask()
    let snr = 4.0
    let seed = TestSeeds.seed(106)
    let data = try task.ensemble(
      trainingSize: 600, members: 6, noise: .inputGaussian(snr: snr),
      noiseSeed: StreamSeed(master: seed))
    #expect(data.kind == .multiclass(classes: 10) && data.snr == snr)
    guard let inputs = data.memberInputs else {
      Issue.record("input noise must fill memberInputs")
      return
    }
    #expect(data.memberTargets.allSatisfy { $0 == data.cleanTrainTargets })
    #expect(data.inputs(member: 2) == inputs[2])
    // v_x: mean pool variance of the standardized features, by a naive loop on the pool.
    let full = try task.ensemble(
      trainingSize: 1300, members: 1, noise: .inputGaussian(snr: .infinity),
      noiseSeed: StreamSeed(master: 0))
    let vx = RealDataTestSupport.naiveColumnVariances(full.trainInputs).reduce(0, +) / 64
    expectClose(
      task.inputSignalVariance, vx, tolerance: 64 * Tolerance.dotProduct(length: 1300), "v_x")
    #expect(full.memberInputs![0] == full.trainInputs) // SNR = ∞: no noise
    let noise = inputs.map { $0 - data.trainInputs }
    Self.expectGaussian(noise, sigma: (vx / snr).squareRoot(), "input noise, seed \(seed)")
  }

  @Test func infiniteSNRAndZeroFlipProbabilityAreNoiseFree() throws {
    let task = try Self.digitsTask()
    let clean = try task.ensemble(
      trainingSize: 100, members: 2, noise: .labelFlip(probability: 0),
      noiseSeed: StreamSeed(master: 1))
    #expect(clean.snr == .infinity)
    #expect(clean.memberTargets.allSatisfy { $0 == clean.cleanTrainTargets })
    let target = try task.ensemble(
      trainingSize: 100, members: 2, noise: .targetGaussian(snr: .infinity),
      noiseSeed: StreamSeed(master: 1))
    #expect(target.memberTargets.allSatisfy { $0 == target.cleanTrainTargets })
  }

  // MARK: - Errors

  @Test func badArgumentsAreOneLineErrors() throws {
    let digits = try Self.digitsTask()
    let diabetes = try Self.diabetesTask()
    let seed = StreamSeed(master: 1)
    expectParameterError("noise") {
      _ = try diabetes.ensemble(
        trainingSize: 100, members: 2, noise: .labelFlip(probability: 0.1), noiseSeed: seed)
    }
    expectParameterError("noise") {
      _ = try diabetes.ensemble(
        trainingSize: 100, members: 2, noise: .labelFlipAtSNR(1), noiseSeed: seed)
    }
    expectParameterError("probability") {
      _ = try digits.ensemble(
        trainingSize: 100, members: 2, noise: .labelFlip(probability: 0.95), noiseSeed: seed)
    }
    expectParameterError("snr") {
      _ = try digits.ensemble(
        trainingSize: 100, members: 2, noise: .labelFlipAtSNR(-1), noiseSeed: seed)
    }
    for bad in [0.0, -1, .nan] {
      expectParameterError("snr") {
        _ = try digits.ensemble(
          trainingSize: 100, members: 2, noise: .targetGaussian(snr: bad), noiseSeed: seed)
      }
      expectParameterError("snr") {
        _ = try digits.ensemble(
          trainingSize: 100, members: 2, noise: .inputGaussian(snr: bad), noiseSeed: seed)
      }
    }
    expectParameterError("trainingSize") {
      _ = try digits.ensemble(
        trainingSize: 1301, members: 2, noise: .labelFlip(probability: 0.1), noiseSeed: seed)
    }
    expectParameterError("members") {
      _ = try digits.ensemble(
        trainingSize: 100, members: 0, noise: .labelFlip(probability: 0.1), noiseSeed: seed)
    }
  }
}
