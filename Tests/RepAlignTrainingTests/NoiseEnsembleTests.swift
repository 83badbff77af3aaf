import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTraining
import Testing
import _TestSupport

@Suite struct NoiseEnsembleTests {
  /// THEORY.md §3: from small init the hidden representation X_test W₁ᵀ of the linear network
  /// becomes rank one ∝ X_test β̂_a with β̂_a = X⁺y_a, and linear CKA of rank-one representations
  /// is the squared Pearson correlation of the projections, corr²(X_test β̂_a, X_test β̂_b) — the
  /// finite-m form of cos²_Σ(β̂_a, β̂_b), computed here from the GSL min-norm solutions, an oracle
  /// independent of the trainer. The untrained init components (W₁ outside the row space of X,
  /// norm O(s)) perturb CKA at first order in s: measured gaps 0.18, 2.9e-4, 3.9e-6 at
  /// s = 0.3, 1e-2, 1e-4 (seed 61/62), i.e. ≈ 0.04·s for small s. Asserted: every 100× decrease
  /// of s shrinks the worst pair's gap at least 10×, and the gap at s = 1e-4 is < 0.1·s.
  @Test func hiddenLayerCKATendsToSquaredCosineAsInitShrinks() throws {
    let (d, n, m) = (40, 10, 2000)
    let task = try RegressionTask(inputDimension: d, sampleCount: n, testCount: m, snr: 4)
      .make(members: 3, seed: StreamSeed(master: 61))
    let data = task.dataset
    let projections = try (0..<3).map { a in
      data.testInputs.times(try Matrix.leastSquares(data.trainInputs, data.memberTargets[a]).solution.elements)
    }
    var gaps: [Double] = []
    for s in [0.3, 1e-2, 1e-4] {
      let result = try NoiseEnsemble.train(
        dataset: data, model: NetworkSpec(width: 16, activation: .identity, initScale: s),
        training: TrainingSpec(learningRate: 0.1, steps: 4000, gradientNormThreshold: 1e-11),
        seed: StreamSeed(master: 62), workers: 2)
      let cka = try EnsembleAlignment.compute(result.testRepresentations, measures: [LinearCKA()])[0].values
      var gap = 0.0
      for a in 0..<3 {
        for b in (a + 1)..<3 {
          let r = try Correlation.pearson(projections[a], projections[b])
          gap = max(gap, abs(cka[a, b] - r * r))
        }
      }
      gaps.append(gap)
    }
    #expect(gaps[1] < gaps[0] / 10 && gaps[2] < gaps[1] / 10, "gaps \(gaps) do not shrink with s")
    #expect(gaps[2] < 0.1 * 1e-4, "gap at s = 1e-4: \(format17(gaps[2]))")
  }

  static func ensemble(workers: Int, members: Int = 5) throws -> EnsembleResult {
    let task = try BinaryClassificationTask(
      inputDimension: 8, sampleCount: 30, testCount: 100, noise: .labelFlips(probability: 0.2)
    ).make(members: members, seed: StreamSeed(master: 63))
    return try NoiseEnsemble.train(
      dataset: task.dataset, model: NetworkSpec(width: 12, activation: .relu, initScale: 1),
      training: TrainingSpec(
        loss: .softmaxCrossEntropy, optimizer: .adam(batchSize: 10), learningRate: 0.01, steps: 300),
      seed: StreamSeed(master: 64), workers: workers)
  }

  /// The ensemble's bytes, its linear-CKA alignment (measured as the experiment runner does) included.
  static func bytes(_ r: EnsembleResult) throws -> [UInt64] {
    var out: [UInt64] = []
    for member in r.members {
      out += (member.network.inputWeights.elements + member.network.outputWeights.elements + [member.trainLoss]).map(
        \.bitPattern)
      out.append(UInt64(member.steps))
    }
    for rep in r.testRepresentations { out += rep.elements.map(\.bitPattern) }
    out += r.testErrors.map(\.bitPattern)
    for a in try EnsembleAlignment.compute(r.testRepresentations, measures: [LinearCKA()]) {
      out += a.values.elements.map(\.bitPattern) + [a.mean.bitPattern, (a.standardError ?? .nan).bitPattern]
    }
    return out
  }

  /// Same seed ⇒ identical bytes with 1 and with 2 workers, and on a repeated run; member a's
  /// result does not depend on how many members the ensemble has (its streams are its own).
  @Test func resultsAreBitwiseIdenticalForAnyWorkerCount() throws {
    let one = try Self.ensemble(workers: 1)
    let two = try Self.ensemble(workers: 2)
    let again = try Self.ensemble(workers: 2)
    #expect(try Self.bytes(one) == Self.bytes(two))
    #expect(try Self.bytes(two) == Self.bytes(again))
    let three = try Self.ensemble(workers: 2, members: 3)
    #expect(three.members[0].network == one.members[0].network)
    #expect(three.members[2].network == one.members[2].network)
    #expect(one.members[0].network != one.members[1].network)
  }

  @Test func sharedInitialisationStartsEveryMemberFromTheSameWeights() throws {
    let task = try RegressionTask(inputDimension: 4, sampleCount: 6, testCount: 20, snr: 2)
      .make(members: 3, seed: StreamSeed(master: 65))
    func run(_ shared: Bool) throws -> EnsembleResult {
      try NoiseEnsemble.train(
        dataset: task.dataset,
        model: NetworkSpec(width: 3, activation: .tanh, initScale: 1, sharedInitialization: shared),
        training: TrainingSpec(learningRate: 0.1, steps: 0), seed: StreamSeed(master: 66))
    }
    let shared = try run(true).members.map(\.network)
    #expect(shared[0] == shared[1] && shared[1] == shared[2])
    let independent = try run(false).members.map(\.network)
    #expect(independent[0] != independent[1] && independent[1] != independent[2])
  }

  /// Summary statistics against their definitions: mean and s/√M.
  @Test func summariesAreMeansWithStandardErrors() throws {
    let r = try Self.ensemble(workers: 2)
    let e = r.testErrors
    let mean = e.reduce(0, +) / 5
    let sd = (e.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 4).squareRoot()
    expectClose(r.testError.mean, mean, tolerance: 8 * Tolerance.epsilon, "test error mean")
    expectClose(r.testError.standardError!, sd / 5.0.squareRoot(), tolerance: 16 * Tolerance.epsilon, "test error s.e.")
    #expect(r.testErrors.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(r.interpolatedFraction >= 0 && r.interpolatedFraction <= 1)
  }

  @Test func badEnsembleParametersAreErrorsNamingTheParameter() throws {
    let task = try RegressionTask(inputDimension: 3, sampleCount: 5, testCount: 10, snr: 1)
      .make(members: 2, seed: StreamSeed(master: 67))
    let good = TrainingSpec(learningRate: 0.1, steps: 1)
    let cases: [(NetworkSpec, TrainingSpec, Int, String)] = [
      (NetworkSpec(width: 0), good, 2, "width"),
      (NetworkSpec(width: 2, initScale: .infinity), good, 2, "initScale"),
      (NetworkSpec(width: 2), TrainingSpec(learningRate: 0, steps: 1), 2, "learningRate"),
      (NetworkSpec(width: 2), good, 0, "workers"),
      (NetworkSpec(width: 2), TrainingSpec(loss: .softmaxCrossEntropy, learningRate: 0.1, steps: 1), 2, "loss"),
    ]
    for (model, training, workers, name) in cases {
      #expect {
        _ = try NoiseEnsemble.train(
          dataset: task.dataset, model: model, training: training, seed: StreamSeed(master: 68), workers: workers)
      } throws: { ($0 as? ParameterError)?.parameter == name }
    }
  }
}

@Suite struct TheorySection9Tests {
  /// THEORY.md §9's trained-network setting: d = h = 50, SNR 4, init 1e-3, 4000 GD steps
  /// (η = 0.05), n ∈ {20, 40, 50, 60, 100, 200}, M = 8, m = 2000. Convergence is judged on the
  /// row-space part X⁺Xβ̂ (the null-space part is the frozen init residue, O(s), which GD cannot
  /// remove). Wherever every member's X⁺Xβ̂ is within δ < 1e-2 (relative) of its GSL min-norm
  /// X⁺y_a, each pair's hidden-layer CKA must equal
  /// corr²(X_test X⁺y_a, X_test X⁺y_b) within max(1e-3, 4δ): the O(s) init residue is ≈ 4e-5 at
  /// s = 1e-3 (see `NoiseEnsembleTests`), and a relative error δ in each β̂ turns each projection
  /// by an angle ≤ δ, moving corr by ≤ 2δ and corr² by ≤ 4δ. Which points converge is itself
  /// asserted (n = 20, 40, 100, 200 on these fixed seeds; n = 50 and 60 do not, THEORY.md §9), so
  /// the comparison cannot silently run at no point; at the unconverged n = 50 the trained CKA must
  /// lie below the min-norm cos² (§9: the unconverged run removes the spike). Prints the table.
  /// Slow tier (≈ 8 s in a debug build).
  @Test(.enabled(if: TestTier.slow)) func trainedCKAMatchesMinimumNormCosineWhereConverged() throws {
    print("n | CKA mean ± s.e. | min-norm corr² | max rel‖X⁺Xβ̂ − X⁺y‖ | max rel‖β̂ − X⁺y‖ | train loss | interpolated")
    var converged: [Int] = []
    var comparedPairs = 0
    for n in [20, 40, 50, 60, 100, 200] {
      let task = try RegressionTask(inputDimension: 50, sampleCount: n, testCount: 2000, snr: 4)
        .make(members: 8, seed: StreamSeed(master: 91).child(n))
      let data = task.dataset
      let result = try NoiseEnsemble.train(
        dataset: data, model: NetworkSpec(width: 50, activation: .identity, initScale: 1e-3),
        training: TrainingSpec(learningRate: 0.05, steps: 4000), seed: StreamSeed(master: 92).child(n), workers: 2)
      var projections: [[Double]] = []
      var worst = 0.0
      var worstFull = 0.0
      for a in 0..<8 {
        let exact = try Matrix.leastSquares(data.trainInputs, data.memberTargets[a]).solution
        let trained = result.members[a].network.endToEndMap
        let rowSpace = try Matrix.leastSquares(data.trainInputs, Matrix.product(data.trainInputs, trained)).solution
        worst = max(worst, (rowSpace - exact).frobeniusNorm / exact.frobeniusNorm)
        worstFull = max(worstFull, (trained - exact).frobeniusNorm / exact.frobeniusNorm)
        projections.append(data.testInputs.times(exact.elements))
      }
      let cka = try EnsembleAlignment.compute(result.testRepresentations, measures: [LinearCKA()])[0]
      var cosines: [Double] = []
      for a in 0..<8 {
        for b in (a + 1)..<8 {
          let r = try Correlation.pearson(projections[a], projections[b])
          cosines.append(r * r)
          if worst < 1e-2 {
            comparedPairs += 1
            #expect(
              abs(cka.values[a, b] - r * r) <= max(1e-3, 4 * worst),
              "n=\(n) pair (\(a),\(b)): CKA \(cka.values[a, b]) vs cos² \(r * r), δ = \(worst)")
          }
        }
      }
      let cos2 = cosines.reduce(0, +) / Double(cosines.count)
      if worst < 1e-2 { converged.append(n) }
      if n == 50 { #expect(cka.mean < cos2, "n = 50 (unconverged): CKA \(cka.mean) vs min-norm cos² \(cos2)") }
      print(
        String(
          format: "%3d | %.3f ± %.3f | %.3f | %.1e | %.1e | %.1e | %.2f", n, cka.mean, cka.standardError ?? .nan,
          cos2, worst, worstFull, result.trainLoss.mean, result.interpolatedFraction))
    }
    #expect(converged == [20, 40, 100, 200], "converged grid points on the fixed seeds")
    #expect(comparedPairs == 4 * 28, "every pair of every converged point compared")
  }
}
