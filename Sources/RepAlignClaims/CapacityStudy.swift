import Foundation
import RepAlignMeasures
import RepAlignNumerics

/// The interpolation threshold as a function of capacity (issue 16, THEORY.md §10): a claim spec
/// used as a template, run at several widths h with its grid of n set to fixed fractions of each
/// width's parameter count P(h), under the template's training (to convergence, when it sets a
/// stopping rule). Each width is run on R independent designs (replicate r uses master seed
/// `template.seed + r` and one design), so every quantity below has a resampling interval: a
/// bootstrap over designs (B resamples with replacement, percentile 2.5–97.5 %).
///
/// ## Criteria
/// - **n\*(h)**: the rule of the claim specs on the fraction of members (pooled over designs) that
///   interpolate (`MemberResult.interpolated`: train loss below the template's tolerance — and,
///   training to convergence, stopped by a stopping rule): for a converged template the
///   half-crossing of that fraction (`ConvergedThreshold.crossing`), for a budget-limited one the
///   largest grid n at which at least half interpolate.
/// - **test-error peak**: the grid n of the largest mean test error.
/// - **alignment minimum**, per measure: the grid n of the lowest mean alignment score (a
///   similarity, or minus Information Imbalance).
/// - **c**: the least-squares slope through the origin of n\*(h) on P(h), c = Σ P n\* / Σ P²,
///   its interval from the same bootstrap (widths resampled independently).
public enum CapacityStudy {
  /// One width's runs and what they give.
  public struct WidthResult: Sendable {
    public let width: Int
    public let parameterCount: Int
    /// The grid sizes, increasing.
    public let n: [Int]
    /// replicates[r][i]: design r at n[i].
    public let replicates: [[PointResult]]
    public let threshold: Interval
    public let errorPeak: Interval
    /// Per measure, the arg-min of the mean alignment score.
    public let alignmentMinimum: [String: Interval]
  }

  /// A point value with its bootstrap percentile interval.
  public struct Interval: Sendable, Equatable {
    public let value: Double
    public let lower: Double
    public let upper: Double
    public var rendered: String {
      "\(Estimate.rounded(value, digits: 3)) [\(Estimate.rounded(lower, digits: 3)), \(Estimate.rounded(upper, digits: 3))]"
    }
  }

  /// The grid of width h: n = round(ratio · P(h)), duplicates and n < 2 dropped.
  public static func grid(parameterCount p: Int, ratios: [Double]) -> [Int] {
    Array(Set(ratios.map { max(2, Int((Double(p) * $0).rounded())) })).sorted()
  }

  /// The template at width h with the given grid, one design, its id suffixed `-h<h>`.
  public static func spec(_ template: ExperimentSpec, width h: Int, n: [Int]) -> ExperimentSpec {
    var s = template
    s.id = "\(template.id)-h\(h)"
    s.model.width = h
    s.grid.n = n
    s.designs = 1
    return s
  }

  /// P(h) of the template's network at width h: its depth L of hidden layers, all of width h
  /// (`model.depth`), P = h·d + (L − 1)·h² + h·k, read from the formula's one home
  /// (`MultiLayerNetwork.parameterCount(inputDimension:widths:outputs:)`, through
  /// `NetworkSpec.parameterCount`); k = 1 for the regression and binary tasks this study runs.
  public static func parameterCount(_ template: ExperimentSpec, width h: Int, inputDimension d: Int, outputs k: Int = 1)
    -> Int
  {
    var s = template
    s.model.width = h
    return ExperimentRunner.networkSpec(s).parameterCount(inputDimension: d, outputs: k)
  }

  /// Runs every width. `progress(width, replicate)` after each replicate.
  public static func run(
    template: ExperimentSpec, widths: [Int], ratios: [Double], replicates: Int, resamples: Int = 1000,
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> [WidthResult] {
    try require(
      !widths.isEmpty && widths.allSatisfy { $0 >= 1 }, "widths", "must be a non-empty list of widths ≥ 1",
      got: widths.description)
    try require(
      !ratios.isEmpty && ratios.allSatisfy { $0 > 0 && $0.isFinite }, "ratios", "must be a non-empty list of n/P > 0",
      got: ratios.description)
    try require(replicates >= 2, "replicates", "must be ≥ 2 (the intervals resample designs)", got: replicates)
    try require(resamples >= 100, "resamples", "must be ≥ 100", got: resamples)
    guard let d = template.inputDimension else {
      throw ParameterError("task.input_dimension", "is needed for the capacity study", got: "none")
    }
    var out: [WidthResult] = []
    for h in widths {
      let p = parameterCount(template, width: h, inputDimension: d)
      let n = grid(parameterCount: p, ratios: ratios)
      let s = spec(template, width: h, n: n)
      try s.validate()
      var reps: [[PointResult]] = []
      for r in 0..<replicates {
        let results = try ExperimentRunner.run(s, masterSeed: template.seed &+ UInt64(r))
        // One noise level: the first (the study varies n, not the noise).
        reps.append(results.filter { $0.point.noiseIndex == 0 }.sorted { $0.point.n < $1.point.n })
        progress(h, r)
      }
      out.append(
        try summarize(template: template, width: h, parameterCount: p, n: n, replicates: reps, resamples: resamples))
    }
    return out
  }

  /// The statistics of one width from its replicate curves.
  public static func summarize(
    template: ExperimentSpec, width h: Int, parameterCount p: Int, n: [Int], replicates reps: [[PointResult]],
    resamples: Int
  ) throws -> WidthResult {
    let directions = try Dictionary(
      uniqueKeysWithValues: template.measures.map { ($0, try AlignmentMeasures.named($0).direction.sign) })
    let rng = RandomStream(StreamSeed(master: template.seed).child("capacity").child(h))
    let indices = Array(reps.indices)
    let draws = (0..<resamples).map { _ in indices.map { _ in rng.integer(below: reps.count) } }
    func interval(_ statistic: ([Int]) -> Double) -> Interval {
      let values = draws.map(statistic).sorted()
      return Interval(
        value: statistic(indices), lower: values[Int(0.025 * Double(resamples - 1))],
        upper: values[Int(0.975 * Double(resamples - 1))])
    }
    func threshold(_ sample: [Int]) -> Double {
      CapacityStudy.threshold(n: n, replicates: reps, sample: sample, kind: template.thresholdKind)
    }
    func extremum(_ sample: [Int], _ value: (PointResult) -> Double, largest: Bool) -> Double {
      let means = n.indices.map { i in sample.map { value(reps[$0][i]) }.reduce(0, +) / Double(sample.count) }
      let j = largest ? means.indices.max { means[$0] < means[$1] }! : means.indices.min { means[$0] < means[$1] }!
      return Double(n[j])
    }
    var minima: [String: Interval] = [:]
    for m in template.measures {
      let sign = directions[m]!
      minima[m] = interval { extremum($0, { sign * ($0.alignment[m]?.mean ?? .nan) }, largest: false) }
    }
    return WidthResult(
      width: h, parameterCount: p, n: n, replicates: reps, threshold: interval(threshold),
      errorPeak: interval { extremum($0, { $0.testError.mean }, largest: true) }, alignmentMinimum: minima)
  }

  /// c in n* = c·P by least squares through the origin, with the bootstrap interval (each width's
  /// designs resampled independently, `resamples` times, from `seed`).
  public static func slope(
    _ results: [WidthResult], kind: ThresholdKind = .converged, resamples: Int = 1000, seed: StreamSeed
  ) -> Interval {
    func fit(_ thresholds: [Double]) -> Double {
      let num = zip(results, thresholds).map { Double($0.parameterCount) * $1 }.reduce(0, +)
      let den = results.map { Double($0.parameterCount * $0.parameterCount) }.reduce(0, +)
      return num / den
    }
    let rng = RandomStream(seed)
    var values: [Double] = []
    for _ in 0..<resamples {
      let t = results.map { w in
        threshold(
          n: w.n, replicates: w.replicates,
          sample: w.replicates.indices.map { _ in rng.integer(below: w.replicates.count) }, kind: kind)
      }
      values.append(fit(t))
    }
    values.sort()
    return Interval(
      value: fit(results.map(\.threshold.value)), lower: values[Int(0.025 * Double(resamples - 1))],
      upper: values[Int(0.975 * Double(resamples - 1))])
  }

  /// n* of a (re)sample of designs from the pooled interpolated fractions: the half-crossing for a
  /// converged threshold, the largest grid n with a fraction ≥ ½ otherwise (0 when no size
  /// interpolates).
  static func threshold(n: [Int], replicates reps: [[PointResult]], sample: [Int], kind: ThresholdKind) -> Double {
    let fractions = n.indices.map { i in
      sample.map { reps[$0][i].interpolatedFraction }.reduce(0, +) / Double(sample.count)
    }
    guard let c = ConvergedThreshold.crossing(n: n.map(Double.init), interpolated: fractions) else { return 0 }
    return kind == .converged ? c.n : c.gridN
  }
}
