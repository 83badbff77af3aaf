import RepAlignMeasures
import RepAlignNumerics

/// One verdict row: a claim checked on one experiment under one measure (and one slice of the
/// grid — a fixed n for an SNR sweep, a fixed SNR for an n-sweep).
public struct ClaimResult: Sendable, Codable, Equatable {
  public let experiment: String
  public let claim: String
  /// `linear` (identity activation) or the activation's name.
  public let model: String
  /// The task kind.
  public let task: String
  public let measure: String
  /// The fixed grid coordinate, e.g. "n=40" or "SNR=4".
  public let slice: String
  /// The slice by its grid values (what a documented exception names).
  public let sliceID: SliceID
  public let verdict: ClaimVerdict
  /// The spec's documented exceptions that name a comparison of this check and matched a
  /// failing comparison: the claim is not established there, for the stated reason.
  public let excused: [ExperimentSpec.DocumentedException]
  /// Exceptions that name a comparison of this check which *passed*: no longer needed. At the
  /// spec's own seed (`fixedSeed`) that is a failure (the exception must be deleted); with fresh
  /// seeds it is what an intermittent regime does.
  public let unneeded: [ExperimentSpec.DocumentedException]
  /// The spec's fresh-only exceptions (`"seeds": "fresh_only"`) that name a comparison of this
  /// check, whether or not it failed in this run. At the spec's seed such a comparison decides like
  /// any other; with fresh seeds its failure is a known intermittent failure
  /// (`intermittentFailures`), which does not fail the check.
  public let freshOnly: [ExperimentSpec.DocumentedException]
  /// Whether the run used the spec's own seed (golden, exceptions and fixed-seed rules apply).
  public let fixedSeed: Bool
  /// The spec's negative control, nil for the real experiment. A control's checks are expected
  /// to fail (`broken`); they are reported in their own section, not as failures of the build.
  public let control: NegativeControl?
  /// Threshold claims: which threshold was tested, n* and the parameter count; nil otherwise.
  public let threshold: ThresholdReport?

  public init(
    experiment: String, claim: String, model: String, task: String, measure: String, slice: String,
    sliceID: SliceID = SliceID(), verdict: ClaimVerdict, excused: [ExperimentSpec.DocumentedException] = [],
    unneeded: [ExperimentSpec.DocumentedException] = [], freshOnly: [ExperimentSpec.DocumentedException] = [],
    fixedSeed: Bool = true, control: NegativeControl? = nil, threshold: ThresholdReport? = nil
  ) {
    self.freshOnly = freshOnly
    self.control = control
    self.threshold = threshold
    self.experiment = experiment
    self.claim = claim
    self.model = model
    self.task = task
    self.measure = measure
    self.slice = slice
    self.sliceID = sliceID
    self.verdict = verdict
    self.excused = excused
    self.unneeded = unneeded
    self.fixedSeed = fixedSeed
  }

  /// The fresh-only exceptions whose comparison failed in this run. With fresh seeds each is a
  /// known intermittent failure; at the spec's seed each is a failure of the check (the
  /// declaration says the comparison passes there).
  public var intermittentFailures: [ExperimentSpec.DocumentedException] {
    freshOnly.filter { e in verdict.comparisons.contains { $0.id == e.comparison && !$0.passed } }
  }

  /// A fresh-seed run in which a declared intermittent comparison failed (and was set aside).
  public var knownIntermittent: Bool { !fixedSeed && !intermittentFailures.isEmpty }

  /// The comparisons that decide this check: all of the verdict's except the excused ones and,
  /// with fresh seeds only, the failed fresh-only ones.
  public var deciding: [ComparisonOutcome] {
    let setAside = excused + (fixedSeed ? [] : intermittentFailures)
    return verdict.comparisons.filter { c in !setAside.contains { $0.comparison == c.id } }
  }

  /// Every deciding comparison passed (excused ones aside).
  public var decidingPassed: Bool { verdict.comparisons.isEmpty ? verdict.passed : deciding.allSatisfy(\.passed) }

  /// The smallest margin (s.e.) over the deciding z-comparisons; −∞ when a deciding criterion
  /// without a margin failed.
  public var decidingMargin: Double {
    if verdict.comparisons.isEmpty { return verdict.margin }
    if deciding.contains(where: { !$0.passed && $0.margin == nil }) { return -.infinity }
    return deciding.compactMap(\.margin).min() ?? .infinity
  }

  /// The documented reasons of the excused comparisons, when there are any.
  public var documentedException: String? {
    excused.isEmpty ? nil : excused.map { "[\($0.comparison)] \($0.reason)" }.joined(separator: " ")
  }

  /// Not a failure of this build: every deciding comparison passed, and (at the spec's seed) no
  /// exception is left that its comparison no longer needs. A control's rows are always
  /// acceptable: whether the control broke the claim is reported, not counted.
  public var acceptable: Bool { control != nil || (decidingPassed && !(fixedSeed && !unneeded.isEmpty)) }

  /// For a control run: the control broke the check (some deciding comparison failed).
  public var broken: Bool { !decidingPassed }

  /// PASS, FAIL, "NOT ESTABLISHED (documented)", "FAIL (exception no longer needed)", "FAIL
  /// (fresh-only exception fails at the spec's seed)" or, with fresh seeds, "KNOWN INTERMITTENT
  /// (documented)".
  public var status: String {
    if let control { return decidingPassed ? "NOT BROKEN by \(control)" : "BROKEN by \(control)" }
    if !decidingPassed {
      return fixedSeed && !intermittentFailures.isEmpty
        ? "FAIL (fresh-only exception fails at the spec's seed)" : "FAIL"
    }
    if fixedSeed && !unneeded.isEmpty { return "FAIL (exception no longer needed)" }
    if !excused.isEmpty { return "NOT ESTABLISHED (documented)" }
    return knownIntermittent ? "KNOWN INTERMITTENT (documented)" : "PASS"
  }
}

/// Turns an experiment's grid results into claim verdicts.
///
/// ## Pairing
/// Grid points of one experiment share members' noise draws and initializations (common random
/// numbers, see `ExperimentRunner`), so comparisons between them are paired: alignment through
/// the members' jackknife pseudo-values, test error through the per-member values, or through
/// per-design values when `designs` > 1 (`Estimate.units`, `Estimate.zScore`).
///
/// ## Error rates
/// The spec's `significance` α is the family-wise type-I rate of the whole experiment: it is
/// split by Bonferroni over its measures and slices (αᵢ = α / (measures × slices)), and each
/// checker splits αᵢ again over its own comparisons. Alignment is compared as an *alignment score*
/// (`direction.sign × value`), so the same claim reads the same for similarities and for
/// Information Imbalance.
public enum ClaimEvaluator {
  public static func evaluate(_ spec: ExperimentSpec, _ results: [PointResult]) throws -> [ClaimResult] {
    let directions = try Dictionary(
      uniqueKeysWithValues: spec.measures.map { ($0, try AlignmentMeasures.named($0).direction) })
    let activation = spec.model.activation == .identity ? "linear" : spec.model.activation.rawValue
    // Deeper networks name their depth and the layer the claims read ("relu, 2 hidden layers, layer 2").
    let model =
      spec.model.hiddenLayers == 1
      ? activation : "\(activation), \(spec.model.hiddenLayers) hidden layers, layer \(spec.model.claimLayer)"
    func score(_ r: PointResult, _ measure: String) -> Estimate {
      (r.alignment[measure] ?? Estimate(.nan, standardError: nil)).scaled(by: directions[measure]!.sign)
    }
    let fixedSeed = results.allSatisfy { $0.seed == spec.seed }
    func row(
      _ measure: String, _ slice: String, _ id: SliceID, _ verdict: ClaimVerdict, threshold: ThresholdReport? = nil
    ) -> ClaimResult {
      // Exact match on all three coordinates: one exception excuses one comparison.
      let named = (spec.statistics.documentedExceptions ?? []).filter { $0.measure == measure && $0.slice == id }
      var excused: [ExperimentSpec.DocumentedException] = []
      var unneeded: [ExperimentSpec.DocumentedException] = []
      // Fresh-only exceptions are never excused or unneeded: their comparison decides at the
      // spec's seed, and `ClaimResult` sets a failure aside only under fresh seeds.
      let freshOnly = named.filter(\.isFreshOnly)
      for e in named where !e.isFreshOnly {
        if let c = verdict.comparisons.first(where: { $0.id == e.comparison }), !c.passed {
          excused.append(e)
        } else {
          unneeded.append(e)
        }
      }
      return ClaimResult(
        experiment: spec.id, claim: spec.claim.rawValue, model: model, task: spec.task.kind.rawValue,
        measure: measure, slice: slice, sliceID: id, verdict: verdict, excused: excused, unneeded: unneeded,
        freshOnly: freshOnly, fixedSeed: fixedSeed, control: spec.control, threshold: threshold)
    }
    let ns = Array(Set(results.map(\.point.n))).sorted()
    let levels = noiseLevels(results)
    var rows: [ClaimResult] = []
    switch spec.claim {
    case .snrMonotone:
      let alpha = spec.statistics.significance / Double(spec.measures.count * ns.count)
      for measure in spec.measures {
        for n in ns {
          let curve = results.filter { $0.point.n == n }.sorted { $0.snr < $1.snr }
          let verdict = try SNRMonotonicity.check(
            snr: curve.map(\.snr), alignment: curve.map { score($0, measure) }, significance: alpha,
            gridValues: curve.map(\.point.noise.value))
          rows.append(row(measure, "n=\(n)", SliceID(n: n), verdict))
        }
      }
    case .thresholdMinimum:
      let alpha = spec.statistics.significance / Double(spec.measures.count * levels.count)
      let window = spec.statistics.window ?? [0.8, 1.2]
      for level in levels {
        let curve = results.filter { $0.point.noiseIndex == level }.sorted { $0.point.n < $1.point.n }
        let snr = curve.first?.snr ?? .nan
        let converged =
          spec.thresholdKind == .converged
          ? try convergedThreshold(
            spec, curve,
            seed: ExperimentRunner.streams(spec, masterSeed: curve.first?.seed).thresholdBootstrap(level: level))
          : nil
        let threshold = try converged?.n ?? interpolationThreshold(spec, curve)
        for measure in spec.measures {
          var verdict = try ThresholdMinimum.check(
            n: curve.map { Double($0.point.n) }, alignment: curve.map { score($0, measure) },
            window: (window[0] * threshold)...(window[1] * threshold), significance: alpha,
            seed: ExperimentRunner.streams(spec, masterSeed: curve.first?.seed).argminBootstrap(measure: measure))
          let measured = spec.thresholdRule == .measured
          let parameters = curve.first?.parameterCount ?? 0
          let kind = spec.thresholdKind
          let label =
            "SNR=\(Estimate.rounded(snr, digits: 3)), n*=\(Estimate.rounded(threshold, digits: 1))"
            + (measured
              ? " (measured, \(kind == .converged ? "converged" : "budget-limited"); \(parameters) parameters)" : "")
          if let converged {
            verdict = verdict.addingEvidence(converged.evidence).addingEvidence(convergenceEvidence(curve))
          }
          let id = curve.first.map { SliceID(noise: $0.point.noise) } ?? SliceID()
          rows.append(
            row(
              measure, label, id, verdict,
              threshold: ThresholdReport(kind: kind, n: threshold, parameterCount: parameters)))
        }
      }
    case .decoupling:
      let alpha = spec.statistics.significance / Double(spec.measures.count)
      for measure in spec.measures {
        let verdict = try Decoupling.check(
          labels: results.map(\.point.description), alignment: results.map { score($0, measure) },
          testError: results.map(\.testError), significance: alpha)
        rows.append(row(measure, "all grid points", SliceID(), verdict))
      }
    case .theoryAgreement:
      for level in levels {
        let curve = results.filter { $0.point.noiseIndex == level }
        let verdict = try TheoryAgreement.check(spec: spec, curve: curve, comparisons: results.count)
        let snr = curve.first?.snr ?? .nan
        let id = curve.first.map { SliceID(noise: $0.point.noise) } ?? SliceID()
        rows.append(row("linear_cka", "SNR=\(Estimate.rounded(snr, digits: 3))", id, verdict))
      }
    }
    return rows
  }

  /// The grid's noise levels present in `results`, as noise indices (`GridPoint.noiseIndex`),
  /// ordered by increasing SNR (ties by index). Grouping is by index, never by comparing derived
  /// SNRs for floating-point equality.
  static func noiseLevels(_ results: [PointResult]) -> [Int] {
    var snr: [Int: Double] = [:]
    for r in results where snr[r.point.noiseIndex] == nil { snr[r.point.noiseIndex] = r.snr }
    return snr.keys.sorted { (snr[$0]!, $0) < (snr[$1]!, $1) }
  }

  /// One evidence line for a converged threshold: the converged and interpolated fractions per n,
  /// so a reader sees that no point above n* was left unconverged by the budget.
  static func convergenceEvidence(_ curve: [PointResult]) -> String {
    "converged / interpolated fraction per n: "
      + curve.map { r in
        "\(r.point.n): \(r.convergedFraction.map { Estimate.rounded($0, digits: 2) } ?? "n/a")/\(Estimate.rounded(r.interpolatedFraction, digits: 2))"
      }.joined(separator: ", ")
  }

  /// The interpolation threshold n* of an n-sweep: d for `input_dimension`; for `measured`, the
  /// largest grid n at which at least half of the members reach train loss below the spec's
  /// interpolation tolerance (the network can still fit its noisy targets there) — the grid rule,
  /// used for a budget-limited threshold; a converged threshold is the half-crossing of
  /// `convergedThreshold` instead. The rule is `ExperimentSpec.thresholdRule` and
  /// `ExperimentSpec.thresholdKind`.
  public static func interpolationThreshold(_ spec: ExperimentSpec, _ curve: [PointResult]) throws -> Double {
    if spec.thresholdKind == .converged,
      let c = ConvergedThreshold.crossing(
        n: curve.map { Double($0.point.n) }, interpolated: curve.map(\.interpolatedFraction))
    {
      return c.n
    }
    return try gridThreshold(spec, curve)
  }

  /// A converged threshold (`ThresholdKind.converged`): the half-crossing estimate of n* with its
  /// bootstrap interval over the spec's members × designs (`ConvergedThreshold`).
  public static func convergedThreshold(
    _ spec: ExperimentSpec, _ curve: [PointResult], seed: StreamSeed
  ) throws -> ConvergedThreshold {
    try ConvergedThreshold.estimate(
      n: curve.map { Double($0.point.n) }, interpolated: curve.map(\.interpolatedFraction),
      members: spec.members * (spec.designs ?? 1), seed: seed)
  }

  /// The grid rule: d for `input_dimension`, else the largest grid n with half the members
  /// interpolating.
  static func gridThreshold(_ spec: ExperimentSpec, _ curve: [PointResult]) throws -> Double {
    if spec.thresholdRule == .inputDimension {
      guard let d = spec.inputDimension else {
        throw ParameterError("task.input_dimension", "is needed for threshold = input_dimension", got: "none")
      }
      return Double(d)
    }
    guard let n = curve.filter({ $0.interpolatedFraction >= 0.5 }).map(\.point.n).max() else {
      throw ParameterError(
        "grid.n", "must include a size at which members interpolate (threshold = measured)",
        got: curve.map(\.point.n).description)
    }
    return Double(n)
  }
}
