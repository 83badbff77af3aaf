import RepAlignNumerics
import RepAlignTheory

/// Claim 4 (THEORY.md §1, §5): for the one-hidden-layer linear network the alignment is predicted
/// analytically. Checked on a trained grid: at every grid point the simulated linear CKA (mean over
/// designs, with its standard error across designs) agrees with the exact tier's E[CKA] of the
/// minimum-norm fit at the same (d, n, SNR, r²), averaged over `theoryDesigns` sampled designs
/// drawn from the experiment's overlay stream (`ExperimentStreams.theoryOverlay(n:)`).
///
/// Agreement at point n: z = (|sim − theory| − b) / √(s.e.²_sim + s.e.²_theory) ≤ z*, with
/// b = `statistics.bias_allowance`, default 2/m for m test rows (the sample CKA of m noise-free
/// test points overestimates E[cos²] by ≤ (1 − ρ²)²·2/m, THEORY.md §5), and z* the one-sided
/// Bonferroni level over every point of the experiment at the spec's significance — the
/// difference is two-sided, so each point gets α/(2K). A control that breaks the claim (shared
/// noise: every member fits the same targets, CKA → 1) must fail it.
///
/// On a real design (the linear network on `covertype`, `RealDesignTheory`) the prediction is the
/// exact tier on each design itself, paired with that design's simulation (`checkRealDesign`).
///
/// The trained networks must have reached the minimum-norm fit: the spec's grid and step budget
/// are chosen so (training near n = d converges slowly, THEORY.md §9); the check reports, it does
/// not excuse.
enum TheoryAgreement {
  /// Designs of the exact tier per grid point: its s.e. is then ≈ ⅛ of one design's spread.
  static let theoryDesigns = 64

  static func check(
    spec: ExperimentSpec, curve: [PointResult], comparisons totalPoints: Int
  ) throws -> ClaimVerdict {
    let points = curve.sorted(by: { $0.point.n < $1.point.n }).filter { $0.alignment["linear_cka"] != nil }
    let deviations =
      RealDesignTheory.applies(to: spec, measure: "linear_cka") && spec.measures.contains("linear_cka")
      ? try realDesignDeviations(spec: spec, points: points) : try isotropicDeviations(spec: spec, points: points)
    try require(!deviations.isEmpty, "grid", "must hold at least one point with linear_cka", got: curve.count)
    let alpha = spec.statistics.significance
    let z = try NormalDistribution.bonferroniZ(familyRate: alpha / 2, comparisons: totalPoints)
    var comparisons: [ComparisonOutcome] = []
    var evidence: [String] = []
    var margin = Double.infinity
    var failure = 0.0
    for p in deviations {
      let m = z - p.deviation
      margin = min(margin, m)
      failure += NormalDistribution.survival(m)
      comparisons.append(ComparisonOutcome(ComparisonID(theoryAt: p.n), margin: m, passed: m > 0))
      evidence.append(p.evidence + " (need ≤ \(Estimate.rounded(z, digits: 2)))")
    }
    return ClaimVerdict(
      claim: "theory_agreement", passed: margin > 0, margin: margin, zLevel: z,
      typeIRate: alpha * Double(comparisons.count) / Double(totalPoints), estimatedFailureRate: min(1, failure),
      evidence: evidence, comparisons: comparisons)
  }

  /// One grid point's deviation (|Δ| − b)/s.e. and its evidence line (without the z it needs).
  typealias Deviation = (n: Int, deviation: Double, evidence: String)

  /// The isotropic check's deviations: the exact tier averaged over `theoryDesigns` sampled designs.
  private static func isotropicDeviations(spec: ExperimentSpec, points: [PointResult]) throws -> [Deviation] {
    guard TheoryOverlay.applies(to: spec, measure: "linear_cka"), spec.measures.contains("linear_cka"),
      let d = spec.inputDimension
    else {
      throw ParameterError(
        "claim",
        "theory_agreement needs the linear network (identity activation) on linear_regression or covertype, measured by linear_cka",
        got: spec.claim.rawValue)
    }
    let bias = spec.statistics.biasAllowance ?? 2 / Double(spec.testSize)
    let signal = spec.task.signalVariance ?? 1
    return try points.map { r in
      let n = r.point.n
      let sim = r.alignment["linear_cka"]!
      let streams = ExperimentRunner.streams(spec, masterSeed: r.seed)
      let theory = try ExactTier.predict(
        LinearModel(d: d, n: n, snr: r.snr, signal: signal), designs: theoryDesigns, seed: streams.theoryOverlay(n: n))
      let seTheory = theory.standardError?.alignmentCKA ?? 0
      let se = ((sim.standardError ?? .infinity) * (sim.standardError ?? .infinity) + seTheory * seTheory).squareRoot()
      let deviation = (abs(sim.mean - theory.alignmentCKA) - bias) / se
      return (
        n, deviation,
        "n=\(n): simulated \(sim), exact tier \(Estimate.rounded(theory.alignmentCKA, digits: 4)) ± \(String(format: "%.2g", seTheory)), (|Δ| − \(String(format: "%.2g", bias)))/s.e. = \(Estimate.rounded(deviation, digits: 2))"
      )
    }
  }

  /// Claim 4 on a real design (`RealDesignTheory`): at every grid point, design r's simulated
  /// linear CKA against the exact tier on design r itself (its training rows, clean targets and
  /// test set), paired by design. The difference's standard error is the sample s.e. of the R
  /// per-design differences (R ≥ 2; the design-to-design spread cancels), or, with one design, the
  /// members' jackknife s.e. (the exact value has none). Bias allowance b =
  /// `statistics.bias_allowance`, required: the finite-test-set bias of the isotropic check does
  /// not arise (the exact tier uses the actual test set); what remains is the trained network's
  /// distance from the minimum-norm fit (init components, training residual), which the spec
  /// states and justifies. The points of one slice share its SNR, so every design's task is built
  /// once for all of them (`RealDesignTheory.values` over the slice's sizes).
  private static func realDesignDeviations(spec: ExperimentSpec, points: [PointResult]) throws -> [Deviation] {
    guard let bias = spec.statistics.biasAllowance else {
      throw ParameterError(
        "statistics.bias_allowance",
        "must be set for theory_agreement on a real design (the trained network's distance from the minimum-norm fit, in CKA units)",
        got: "absent")
    }
    guard let first = points.first else { return [] }
    try require(
      points.allSatisfy { $0.snr == first.snr && $0.seed == first.seed }, "curve",
      "must be one noise level of one run", got: points.count)
    let streams = ExperimentRunner.streams(spec, masterSeed: first.seed)
    let values = Dictionary(
      try RealDesignTheory.values(spec, sizes: points.map(\.point.n), snr: first.snr, streams: streams).map {
        ($0.n, $0.values)
      }, uniquingKeysWith: { a, _ in a })
    return try points.map { r in
      let n = r.point.n
      let sim = r.alignment["linear_cka"]!
      guard let exact = values[n] else {
        throw ParameterError("grid.n", "must be a training-set size the real design supports", got: n)
      }
      let mean = exact.exact.reduce(0, +) / Double(exact.exact.count)
      let difference: Estimate
      if let units = sim.units, units.count == exact.exact.count {
        difference = Estimate(zip(units, exact.exact).map { $0 - $1 })
      } else {
        difference = Estimate(sim.mean - mean, standardError: sim.standardError)
      }
      let se = difference.standardError ?? .infinity
      let deviation = (abs(difference.mean) - bias) / se
      return (
        n, deviation,
        "n=\(n): simulated \(sim), exact tier on the design \(Estimate.rounded(mean, digits: 4)), paired difference \(difference), (|Δ| − \(String(format: "%.2g", bias)))/s.e. = \(Estimate.rounded(deviation, digits: 2))"
      )
    }
  }
}
