import RepAlignData
import RepAlignNumerics
import RepAlignTheory

/// The analytic model on a real design (issue 18, item 2; THEORY.md §5): for the linear network on
/// a real regression task, the exact tier evaluated on the experiment's *own* designs — the n
/// training rows of design r, their clean targets, the held-out test set of r, and σ² = v_y/SNR —
/// and, beside it, what the test set's spectrum alone predicts (the anisotropic tier with the
/// empirical Σ̂ of the test inputs, their best linear teacher and residual variance;
/// `AnisotropicTier.empiricalProblem`).
///
/// The exact tier given (X, y_clean, test set) is exact: no Monte Carlo, so the claim-4 check on a
/// real design pairs design r's simulated alignment with design r's exact value, and the only
/// randomness left in the difference is the members' noise. The spectrum-only curve is a limit
/// (n, d → ∞ at fixed ratio, Gaussian inputs); the report shows how much of the real curve it
/// explains, and no check gates on it.
///
/// Applies to the linear network (identity activation) on a task whose SNR noise is Gaussian noise
/// on real-valued targets (`covertype`: `RealNoise.targetGaussian`), measured by `linear_cka`.
package enum RealDesignTheory {
  /// Whether the real-design theory describes this experiment and measure.
  package static func applies(to spec: ExperimentSpec, measure: String) -> Bool {
    spec.model.activation == .identity && spec.task.kind == .covertype && measure == "linear_cka"
  }

  /// One size's values, one entry per design r = 0..<R (in design order).
  package struct Values: Sendable {
    /// Exact E[CKA] (E cos² of the rank-one test representations) on design r.
    package let exact: [Double]
    /// Exact excess risk E_ξ (1/m)‖X_test β̂ − y_test‖² on design r.
    package let risk: [Double]
    /// The anisotropic tier's c² with design r's test-set spectrum, teacher and residual.
    package let spectrumOnly: [Double]
  }

  /// The values at every size of `sizes` for SNR `snr`, building each design's task once.
  /// With `skippingFailures` (a figure's dense curve) a size that the data or a tier rejects on some
  /// design is left out; without it (a check) the first error is thrown.
  package static func values(
    _ spec: ExperimentSpec, sizes: [Int], snr: Double, streams: ExperimentStreams, skippingFailures: Bool = false
  ) throws -> [(n: Int, values: Values)] {
    // Single-threaded BLAS, as in `ExactTier.averaged`: the values must not depend on the thread
    // count or on what else runs (a report draws these curves while other experiments run).
    try BLASPinning.withSingleThreadedBLAS {
      try unpinnedValues(spec, sizes: sizes, snr: snr, streams: streams, skippingFailures: skippingFailures)
    }
  }

  private static func unpinnedValues(
    _ spec: ExperimentSpec, sizes: [Int], snr: Double, streams: ExperimentStreams, skippingFailures: Bool
  ) throws -> [(n: Int, values: Values)] {
    var exact: [Int: [Double]] = [:]
    var risk: [Int: [Double]] = [:]
    var limit: [Int: [Double]] = [:]
    for r in 0..<streams.designs {
      let task = try ExperimentRunner.realTask(spec, streams: streams, design: r)
      let sigma2 = NoiseLevel.snr(snr).noiseVariance(signal: task.targetSignalVariance)
      let problem = try AnisotropicTier.empiricalProblem(
        inputs: task.testInputs, targets: task.testTargets.column(0))
      for n in sizes {
        do {
          let data = try task.ensemble(
            trainingSize: n, members: 1, noise: .targetGaussian(snr: snr), noiseSeed: streams.realNoise(design: r))
          let e = try ExactTier.realDesign(
            data.trainInputs, cleanTargets: data.cleanTrainTargets.column(0), testInputs: data.testInputs,
            testTargets: data.testTargets.column(0), noiseVariance: sigma2)
          let a = try AnisotropicTier.evaluate(
            spectrum: problem.spectrum, teacher: problem.teacher, n: n, noiseVariance: sigma2,
            residualVariance: problem.residualVariance)
          exact[n, default: []].append(e.expectedSquaredCosine)
          risk[n, default: []].append(e.excessRisk)
          limit[n, default: []].append(a.alignmentCKA)
        } catch  where skippingFailures {
          continue
        }
      }
    }
    return sizes.compactMap { n in
      guard let e = exact[n], e.count == streams.designs else { return nil }
      return (n, Values(exact: e, risk: risk[n]!, spectrumOnly: limit[n]!))
    }
  }
}
