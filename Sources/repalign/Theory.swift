import ArgumentParser
import Foundation
import RepAlignData
import RepAlignNumerics
import RepAlignTheory

/// `repalign theory`: the analytic model of the linear network (THEORY.md §5–6) at one (d, n, SNR)
/// or along a sweep of n.
struct Theory: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Predict alignment (cosine, CKA) and excess risk of linear-network ensembles.",
    discussion: """
      Tiers: asymptotic (proportional-limit closed forms), finite (inverse-Wishart moments, \
      |n − d| ≥ 4), filtered (ridge / gradient descent / flow over Marchenko–Pastur), exact \
      (exact noise averages on sampled designs, valid at n = d; reports standard errors), \
      anisotropic (deterministic equivalents for x ~ N(0, Σ), min-norm or ridge; the default with \
      --spectrum/--covariance, where --tier exact samples designs from N(0, Σ) instead). The \
      teacher is β ~ N(0, I) from --seed, rescaled to βᵀΣβ = r².
      """)

  @Option(help: "Input dimension d ≥ 1.") var d: Int
  @Option(help: "Training-set size n ≥ 1 (ignored with --sweep-n).") var n: Int?
  @Option(help: "Signal-to-noise ratio r²/σ² > 0.") var snr: Double
  @Option(help: "Signal variance r² = ‖β‖² > 0.") var signal: Double = 1
  @Option(
    help:
      "Prediction tier (default: anisotropic with --spectrum/--covariance; else filtered with --ridge/--gd-steps; else finite outside the threshold window |n − d| < ⌈2.5√d⌉ with min(n, d) ≥ 30, else exact)."
  )
  var tier: PredictionTier?
  @Option(help: "Ridge penalty λ > 0 (filter s/(s+λ), s an eigenvalue of XᵀX/n).") var ridge: Double?
  @Option(name: .customLong("gd-steps"), help: "Gradient-descent steps t ≥ 1 (with --lr).")
  var gdSteps: Int?
  @Option(help: "Gradient-descent step size η > 0 (with --gd-steps).") var lr: Double?
  @Option(
    name: .customLong("sweep-n"),
    help: ArgumentHelp(
      "Sweep n over a:b[:step] (inclusive; 1 ≤ a ≤ b, step ≥ 1, fewer than 100000 points).", valueName: "a:b[:step]"),
    transform: SizeSweep.parsedArgument)
  var sweepN: SizeSweep?
  @Option(
    help: ArgumentHelp(
      "Input spectrum: power:ALPHA (λᵢ ∝ i^(−α), α ≥ 0, mean eigenvalue 1) or a .npy/.csv file of d eigenvalues > 0.",
      valueName: "power:ALPHA|file"))
  var spectrum: String?
  @Option(
    help: ArgumentHelp("Input covariance Σ: a .npy/.csv file, d × d symmetric positive definite.", valueName: "file"))
  var covariance: String?
  @Option(help: "Exact tier: number of sampled designs ≥ 2.") var designs: Int = 200
  @Option(help: "Master seed: the exact tier's designs, and the teacher with --spectrum/--covariance.")
  var seed: UInt64 = 1
  @Option(help: "Output format.") var format: TheoryFormat = .json
  @OptionGroup var budget: BudgetOptions

  enum TheoryFormat: String, ExpressibleByArgument, CaseIterable { case json, csv }

  func validate() throws {
    if sweepN == nil && n == nil {
      throw ValidationError("--n is required unless --sweep-n is given")
    }
    if ridge != nil && (gdSteps != nil || lr != nil) {
      throw ValidationError("--ridge and --gd-steps/--lr are mutually exclusive")
    }
    if (gdSteps == nil) != (lr == nil) {
      throw ValidationError("--gd-steps and --lr must be given together")
    }
    if let t = tier, t == .asymptotic || t == .finite, ridge != nil || gdSteps != nil {
      throw ValidationError(
        "--tier \(t.rawValue) is for minimum-norm fits; use --tier filtered or exact with --ridge/--gd-steps"
      )
    }
    if designs < 2 { throw ValidationError("--designs must be ≥ 2, got \(designs)") }
    if spectrum != nil && covariance != nil {
      throw ValidationError("--spectrum and --covariance are mutually exclusive")
    }
    if let t = tier, spectrum != nil || covariance != nil, t != .anisotropic && t != .exact {
      throw ValidationError(
        "--tier \(t.rawValue) assumes Σ = I; with --spectrum/--covariance use --tier anisotropic or exact")
    }
    if tier == .anisotropic && spectrum == nil && covariance == nil {
      throw ValidationError("--tier anisotropic needs --spectrum or --covariance")
    }
    if gdSteps != nil && (spectrum != nil || covariance != nil) && tier != .exact {
      throw ValidationError("--tier anisotropic is for min-norm and ridge fits; use --tier exact with --gd-steps")
    }
    do {
      try estimator.validate()
      _ = try LinearModel(d: d, n: n ?? 1, snr: snr, signal: signal)
      try checkBudget()
    } catch let error as ParameterError {
      throw ValidationError("invalid --\(error.parameter) = \(error.value): \(error.requirement)")
    } catch {
      throw ValidationError("\(error)")
    }
  }

  /// What the prediction needs before it starts, against the budget: the teacher (and Σ) in
  /// dimension d, and for every n the exact tier's sampled designs when that tier is used
  /// (`ExactTier.cost`); the closed-form tiers cost O(d) (O(d³) for a covariance file).
  func checkBudget() throws(ParameterError) {
    let anisotropic = spectrum != nil || covariance != nil
    let ns = sweepN?.sizes ?? [n ?? 1]
    let exact = ns.map { k in anisotropic ? tier == .exact : isotropicTier(n: k) == .exact }
    let largest = ns.max() ?? 1
    let sizes = [("d", d), ("n", largest), ("designs", designs)] + (gdSteps.map { [("gd-steps", $0)] } ?? [])
    try budget.budget.check("the prediction", sizes: sizes) { s in
      let (d, scale, designs) = (s[0], s[1] / Double(largest), s[2])
      let steps = s.count > 3 ? s[3] : 0
      var total = CostEstimate(
        bytes: 8 * d * (covariance != nil ? 3 * d : 4), flops: covariance != nil ? 10 * d * d * d : 0)
      for (k, isExact) in zip(ns, exact) {
        // The filters of gradient descent cost O(steps) per eigenvalue: min(n, d) of them.
        let n = Double(k) * scale
        total = total.then(CostEstimate(flops: steps * min(n, d)))
        if isExact { total = total.then(ExactTier.cost(d: d, n: n, designs: designs, anisotropic: anisotropic)) }
      }
      return total
    }
  }

  /// The tier used for Σ = I at size n (the one rule `predict` and the cost check share):
  /// `--tier`, else filtered for regularised fits, else the finite tier where it agrees with the
  /// exact one (`SimulationAgreement.finiteTierApplies`), else the exact tier.
  func isotropicTier(n: Int) -> PredictionTier {
    tier
      ?? (estimator != .minimumNorm
        ? .filtered : (SimulationAgreement.finiteTierApplies(d: d, n: n) ? .finite : .exact))
  }

  var estimator: Estimator {
    if let l = ridge { return .ridge(lambda: l) }
    if let t = gdSteps, let e = lr { return .gradientDescent(steps: t, learningRate: e) }
    return .minimumNorm
  }

  static func parseSweep(_ s: String) throws(ParameterError) -> [Int] {
    let parts = s.split(separator: ":").map { Int($0) }
    try require(
      (parts.count == 2 || parts.count == 3) && parts.allSatisfy { $0 != nil }, "sweep-n",
      "must be a:b or a:b:step with integers", got: s)
    let a = parts[0]!
    let b = parts[1]!
    let step = parts.count == 3 ? parts[2]! : 1
    try require(
      a >= 1 && b >= a && step >= 1, "sweep-n", "must satisfy 1 ≤ a ≤ b and step ≥ 1", got: s)
    try require((b - a) / step < 100_000, "sweep-n", "must have fewer than 100000 points", got: s)
    return Array(stride(from: a, through: b, by: step))
  }

  /// The input spectrum λ (diagonal of Σ in its eigenbasis) and the teacher's coordinates in that
  /// basis, or nil for Σ = I. The teacher is β ~ N(0, I_d) from `seed.child(.teacher)` (as in
  /// `ExactTier.predict`); with --covariance Σ = QΛQᵀ its coordinates are Qᵀβ.
  func inputGeometry() throws -> (spectrum: [Double], teacher: [Double], label: String)? {
    let beta = RandomStream(StreamSeed(master: seed).child(.teacher)).normals(d)
    if let s = spectrum {
      if s.hasPrefix("power:") {
        do {
          return (try InputCovariance(parsing: s, parameter: "--spectrum").eigenvalues(dimension: d), beta, s)
        } catch { throw ValidationError("\(error)") }
      }
      let m: Matrix
      do { m = try MatrixIO.read(path: s, parameter: "spectrum") } catch { throw ValidationError("\(error)") }
      guard m.count == d, m.rows == 1 || m.columns == 1 else {
        throw ValidationError("--spectrum must hold d = \(d) eigenvalues (a vector), got \(m.rows)×\(m.columns)")
      }
      guard m.elements.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        throw ValidationError("--spectrum must have every eigenvalue finite and > 0")
      }
      return (m.elements, beta, s)
    }
    if let c = covariance {
      let m: Matrix
      do { m = try MatrixIO.read(path: c, parameter: "covariance") } catch { throw ValidationError("\(error)") }
      guard m.rows == d, m.columns == d else {
        throw ValidationError("--covariance must be d × d = \(d) × \(d), got \(m.rows)×\(m.columns)")
      }
      guard m.isFinite else { throw ValidationError("--covariance must be finite") }
      var asymmetry = 0.0
      var scale = 0.0
      for i in 0..<d {
        for j in 0..<d {
          asymmetry = max(asymmetry, abs(m[i, j] - m[j, i]))
          scale = max(scale, abs(m[i, j]))
        }
      }
      // Symmetric up to rounding of a file written from a computed matrix: 1e3·ε relative.
      guard asymmetry <= 1e3 * Double.ulpOfOne * scale else {
        throw ValidationError("--covariance must be symmetric (max |Σᵢⱼ − Σⱼᵢ| = \(asymmetry))")
      }
      let eig = try m.symmetricEigendecomposition(name: "covariance")
      guard let smallest = eig.eigenvalues.first, smallest > 0 else {
        throw ValidationError(
          "--covariance must be positive definite (smallest eigenvalue \(eig.eigenvalues.first ?? .nan))")
      }
      return (eig.eigenvalues, eig.eigenvectors.times(beta, transposed: true), c)
    }
    return nil
  }

  func predict(n: Int, geometry: (spectrum: [Double], teacher: [Double], label: String)? = nil) throws
    -> AlignmentPrediction
  {
    let model = try LinearModel(d: d, n: n, snr: snr, signal: signal)
    if let geometry {
      if tier == .exact {
        return try ExactTier.predict(
          model, spectrum: geometry.spectrum, teacher: geometry.teacher, estimator: estimator, designs: designs,
          seed: StreamSeed(master: seed))
      }
      return try AnisotropicTier.predict(
        model, spectrum: geometry.spectrum, teacher: geometry.teacher, estimator: estimator)
    }
    switch isotropicTier(n: n) {
    case .asymptotic: return try AsymptoticTier.predict(model)
    case .finite: return try FiniteTier.predict(model)
    case .filtered: return try FilteredTier.predict(model, estimator: estimator)
    case .exact:
      return try ExactTier.predict(
        model, estimator: estimator, designs: designs, seed: StreamSeed(master: seed))
    case .anisotropic:
      throw ValidationError("--tier anisotropic needs --spectrum or --covariance")
    }
  }

  static func record(_ p: AlignmentPrediction, spectrum: String? = nil) -> [String: Any] {
    var o: [String: Any] = [
      "d": p.model.d, "n": p.model.n, "snr": p.model.snr, "signal": p.model.signal,
      "tier": p.tier.rawValue, "estimator": p.estimator.description,
      "alignment_cosine": p.alignmentCosine, "alignment_cka": p.alignmentCKA,
      "excess_risk": p.excessRisk,
    ]
    if let se = p.standardError {
      o["alignment_cosine_se"] = se.alignmentCosine
      o["alignment_cka_se"] = se.alignmentCKA
      o["excess_risk_se"] = se.excessRisk
    }
    if let r = p.ratioOfExpectationsCKA { o["ratio_of_expectations_cka"] = r }
    if let k = p.designs { o["designs"] = k }
    if let s = spectrum { o["spectrum"] = s }
    return o
  }

  /// Nothing non-finite is printed (`FiniteOutput`): a NaN or infinite prediction is a failed
  /// computation (exit 1), named by its column and grid point.
  static func requireFinite(_ records: [[String: Any]]) throws {
    for r in records {
      try FiniteOutput.require(
        r,
        context:
          "theory at d = \(r["d"] ?? "?"), n = \(r["n"] ?? "?") (\(r["tier"] ?? "?") tier, \(r["estimator"] ?? "?"))")
    }
  }

  static let csvColumns = [
    "d", "n", "snr", "tier", "estimator", "alignment_cosine", "alignment_cka", "excess_risk",
    "alignment_cosine_se", "alignment_cka_se", "excess_risk_se", "ratio_of_expectations_cka",
  ]

  /// BLAS pinned to one thread (`BLASPinning`): bitwise the same output for any
  /// `OPENBLAS_NUM_THREADS` (the covariance's eigendecomposition and the exact tier's SVDs).
  func run() throws {
    try BLASPinning.withSingleThreadedBLAS { try runPinned() }
  }

  private func runPinned() throws {
    var ns = [n ?? 1]
    if let s = sweepN { ns = s.sizes }
    var records: [[String: Any]] = []
    let geometry = try inputGeometry()
    for k in ns {
      do {
        records.append(
          Self.record(
            try predict(n: k, geometry: geometry), spectrum: spectrum ?? covariance.map { "covariance:\($0)" }))
      } catch let e as ParameterError {
        throw ValidationError(e.description)
      }
    }
    try Self.requireFinite(records)
    switch format {
    case .json:
      let object: Any = sweepN == nil ? records[0] : records
      let data = try JSONSerialization.data(
        withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
      print(String(decoding: data, as: UTF8.self))
    case .csv:
      print(Self.csvColumns.joined(separator: ","))
      for r in records {
        print(Self.csvColumns.map { key in r[key].map { "\($0)" } ?? "" }.joined(separator: ","))
      }
    }
  }
}

extension PredictionTier: ExpressibleByArgument {}

/// `--sweep-n a:b[:step]`: the training-set sizes a, a + step, …, ≤ b (`Theory.parseSweep`).
struct SizeSweep: ExpressibleByArgument {
  let sizes: [Int]
  init?(argument: String) {
    guard let sizes = try? Theory.parseSweep(argument) else { return nil }
    self.sizes = sizes
  }

  /// The option's transform: a bad value says what is allowed.
  static func parsedArgument(_ argument: String) throws -> SizeSweep {
    do { return SizeSweep(sizes: try Theory.parseSweep(argument)) } catch {
      throw ValidationError(error.requirement)
    }
  }

  private init(sizes: [Int]) { self.sizes = sizes }
}
