import RepAlignData
import RepAlignMeasures
import RepAlignNumerics

/// A negative control: the experiment with one ingredient of the noise-ensemble mechanism
/// removed, so that a claim which rests on that ingredient must *fail*. A spec names one in its
/// `control` field (absent: the real experiment); the report lists each control's verdicts in its
/// own section. Each is a transformation of the grid point's `EnsembleDataset` (the data API)
/// before the ensemble is trained by the unchanged runner, never a switch inside training or
/// measuring.
///
/// - `shared_noise`: every member trains on member 0's noisy targets, so members differ only by
///   their initializations (THEORY.md §2 without the independent noise realizations). For the
///   linear network from a small init every member converges to the same X⁺y (§3), so alignment
///   is ≈ 1 at every SNR and n, and the SNR rise of claim 1 must vanish.
/// - `train_inputs`: alignment (and test error) measured on the training inputs instead of the
///   held-out set. THEORY.md §2: "for n < d every member interpolates its own targets and the
///   training-set alignment does not depend on n" — what this control checks the suite can see.
/// - `no_signal`: targets carry no signal at any grid point: member a's targets are drawn from its
///   own stream `control/<a>` below the design's stream, independent of x and of the noise level —
///   standard normal for regression (the signal's scale at the default r² = 1), a fair ±1 label,
///   or a uniform class. Every noise level of a size n therefore gets *bitwise* identical data, so
///   every SNR step has z = 0 exactly. (Rescaling each member's own noise, ξ_a·√SNR = r·z_a, is
///   identical only up to round-off, and z-scores of round-off differences are arbitrary: measured,
///   they reached |z| ≈ 4.) The clean test targets are kept, so test error still measures the
///   teacher.
public enum NegativeControl: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
  case sharedNoise = "shared_noise"
  case trainInputs = "train_inputs"
  case noSignal = "no_signal"

  public var description: String { rawValue }

  /// One line for the report: what the control removes.
  public var summary: String {
    switch self {
    case .sharedNoise: "members share one noise realization (only their initializations differ)"
    case .trainInputs: "alignment and test error measured on the training inputs instead of the held-out set"
    case .noSignal: "targets carry no signal at any grid point (pure noise, or labels drawn at random)"
    }
  }

  /// Why the control cannot run on `spec`, or nil when it can. `train_inputs` measures on the n
  /// training inputs, so every grid size must be at least the samples each of the spec's measures
  /// needs (`MeasureDeclaration.minimumSamples`: 4 for debiased CKA, whose estimator divides by
  /// n − 3); a grid starting at n = 2 cannot be measured that way.
  public func inapplicability(to spec: ExperimentSpec) -> String? {
    guard self == .trainInputs, let smallest = spec.grid.n.min() else { return nil }
    let needs = spec.measures.compactMap { name in
      (try? AlignmentMeasures.named(name)).map { (name, $0.declaration.minimumSamples) }
    }
    guard let (name, required) = needs.max(by: { $0.1 < $1.1 }), smallest < required else { return nil }
    return
      "\(self) measures on the training inputs, but grid.n starts at \(smallest) and \(name) needs at least \(required) samples"
  }

  /// The grid point's data with the control applied; `seed` is the stream the random labels of
  /// `no_signal` come from (`ExperimentRunner` passes the design's stream, child `control`).
  public func apply(to data: EnsembleDataset, seed: StreamSeed) throws -> EnsembleDataset {
    switch self {
    case .sharedNoise:
      return try EnsembleDataset(
        trainInputs: data.trainInputs,
        memberTargets: Array(repeating: data.memberTargets[0], count: data.memberTargets.count),
        cleanTrainTargets: data.cleanTrainTargets, testInputs: data.testInputs, testTargets: data.testTargets,
        kind: data.kind, snr: data.snr, memberInputs: data.memberInputs)
    case .trainInputs:
      return try EnsembleDataset(
        trainInputs: data.trainInputs, memberTargets: data.memberTargets, cleanTrainTargets: data.cleanTrainTargets,
        testInputs: data.trainInputs, testTargets: data.cleanTrainTargets, kind: data.kind, snr: data.snr,
        memberInputs: data.memberInputs)
    case .noSignal:
      let n = data.trainInputs.rows
      let targets: [Matrix]
      switch data.kind {
      case .regression:
        targets = data.memberTargets.indices.map { a in
          let rng = RandomStream(seed.child(a))
          let k = data.cleanTrainTargets.columns
          return Matrix(rows: n, columns: k) { _, _ in rng.normal() }
        }
      case .binary:
        targets = data.memberTargets.indices.map { a in
          let rng = RandomStream(seed.child(a))
          return Matrix(column: (0..<n).map { _ in rng.bernoulli(0.5) ? 1 : -1 })
        }
      case .multiclass(let k):
        targets = data.memberTargets.indices.map { a in
          let rng = RandomStream(seed.child(a))
          var y = Matrix(rows: n, columns: k)
          for i in 0..<n { y[i, rng.integer(below: k)] = 1 }
          return y
        }
      }
      return try EnsembleDataset(
        trainInputs: data.trainInputs, memberTargets: targets, cleanTrainTargets: data.cleanTrainTargets,
        testInputs: data.testInputs, testTargets: data.testTargets, kind: data.kind, snr: data.snr,
        memberInputs: data.memberInputs)
    }
  }
}
