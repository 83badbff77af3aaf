import Foundation

/// The benchmark's table and JSON file: every row with its rates, the peers' times and ratios,
/// the member-schedule routes, the scaling sweeps and issue 19's targets as met/missed.
struct Report: Encodable {
  var rows: [Measurement]
  var routes: [Measurement]
  var scaling: [Measurement]
  /// DGEMM rate through `Matrix.gemm` at the default thread count: the reference for "of peak".
  var peakGFLOPS: Double
  /// Per peer ("NumPy", "JAX"): version and BLAS/kernel, or exactly why it did not run.
  var peerNotes: [String: String]
  var peerPeakGFLOPS: [String: Double]
  var quick: Bool
  var blas: String
  var kernel: String
  var cores: Int
  /// /proc/loadavg (1, 5, 15 min) before the first and after the last measurement: the machine
  /// may be shared, and the numbers are only comparable at similar load.
  var loadBefore: String
  var loadAfter: String

  /// Issue 19 item 4's targets, evaluated on this run.
  var targets: [Target] {
    func row(_ name: String) -> Measurement? { rows.first { $0.name == name } }
    let fraction = { (m: Measurement?, executed: Bool) -> Double? in
      guard let m, peakGFLOPS.isFinite else { return nil }
      return (executed ? m.executedGFLOPS : m.nominalGFLOPS).map { $0 / peakGFLOPS }
    }
    return [
      Target(goal: "small ReLU ≥ 1.5× JAX", required: 1.5, measured: row("small_relu")?.jaxSpeedup, unit: "×"),
      Target(goal: "small ReLU ≥ 3× NumPy", required: 3, measured: row("small_relu")?.speedup, unit: "×"),
      Target(goal: "large ReLU ≥ 1.2× JAX", required: 1.2, measured: row("large_relu")?.jaxSpeedup, unit: "×"),
      Target(
        goal: "large ReLU ≥ 85 % of DGEMM peak", required: 0.85, measured: fraction(row("large_relu"), false),
        unit: "of peak"),
      Target(
        goal: "pairwise linear CKA (executed flops) ≥ 85 % of peak", required: 0.85,
        measured: fraction(row("pairwise_linear_cka"), true), unit: "of peak"),
      Target(
        goal: "pairwise Information Imbalance ≥ 2× NumPy (DADApy-style)", required: 2,
        measured: row("pairwise_information_imbalance")?.speedup, unit: "×"),
    ]
  }

  struct Target: Encodable {
    var goal: String
    var required: Double
    var measured: Double?
    var unit: String
    /// nil when not measured in this run (a peer missing, `--only`).
    var met: Bool? { measured.map { $0 >= required } }
    var text: String {
      let value = measured.map { unit == "×" ? String(format: "%.2f×", $0) : String(format: "%.0f %%", 100 * $0) }
      let verdict = met.map { $0 ? "met" : "MISSED" } ?? "not measured"
      return goal.padding(toLength: 58, withPad: " ", startingAt: 0)
        + (value ?? "–").padding(
          toLength: 10, withPad: " ", startingAt: 0) + verdict
    }
  }

  enum CodingKeys: String, CodingKey {
    case rows, routes, scaling, peakGFLOPS, peers, peerPeakGFLOPS, quick, blas, kernel, cores, loadBefore, loadAfter
    case targets
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rows.map { Row($0, peak: peakGFLOPS) }, forKey: .rows)
    try c.encode(routes.map { Row($0, peak: peakGFLOPS) }, forKey: .routes)
    try c.encode(scaling.map { Row($0, peak: peakGFLOPS) }, forKey: .scaling)
    // `--only` measures no DGEMM peak (NaN): absent from the JSON, never written as NaN.
    try c.encodeIfPresent(peakGFLOPS.isFinite ? peakGFLOPS : nil, forKey: .peakGFLOPS)
    try c.encode(peerNotes, forKey: .peers)
    try c.encode(peerPeakGFLOPS, forKey: .peerPeakGFLOPS)
    try c.encode(quick, forKey: .quick)
    try c.encode(blas, forKey: .blas)
    try c.encode(kernel, forKey: .kernel)
    try c.encode(cores, forKey: .cores)
    try c.encode(loadBefore, forKey: .loadBefore)
    try c.encode(loadAfter, forKey: .loadAfter)
    try c.encode(targets, forKey: .targets)
    struct Row: Encodable {
      var name, detail: String
      var peerKey: String?
      var seconds: Double
      var nominalGFLOPS, executedGFLOPS, fractionOfPeakNominal, fractionOfPeakExecuted: Double?
      var numpySeconds, speedupOverNumPy, jaxSeconds, speedupOverJAX: Double?
      init(_ m: Measurement, peak: Double) {
        name = m.name
        detail = m.detail
        peerKey = m.peerKey
        seconds = m.seconds
        // Non-finite values (no peak measured, nothing timed) are left out (null), never NaN.
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
        let executed = m.executedFlops == nil ? nil : m.executedGFLOPS
        nominalGFLOPS = finite(m.nominalGFLOPS)
        executedGFLOPS = finite(executed)
        fractionOfPeakNominal = finite(m.nominalGFLOPS.map { $0 / peak })
        fractionOfPeakExecuted = finite(executed.map { $0 / peak })
        numpySeconds = finite(m.numpySeconds)
        speedupOverNumPy = finite(m.speedup)
        jaxSeconds = finite(m.jaxSeconds)
        speedupOverJAX = finite(m.jaxSpeedup)
      }
    }
  }

  private func fraction(_ gflops: Double?) -> String {
    (peakGFLOPS.isFinite ? gflops : nil).map { String(format: "%5.0f %%", 100 * $0 / peakGFLOPS) } ?? "     –"
  }

  private func line(_ m: Measurement) -> String {
    let pad = { (s: String, n: Int) in s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    let g = m.nominalGFLOPS.map { String(format: "%7.1f", $0) } ?? "      –"
    let e = m.executedFlops != nil ? String(format: "%7.1f", m.executedGFLOPS!) : "      –"
    let seconds = { (x: Double?) in x.map { String(format: "%8.3f", $0) } ?? "       –" }
    let ratio = { (x: Double?) in x.map { String(format: "%6.2f×", $0) } ?? "      –" }
    return pad(m.name, 32) + String(format: "%9.3f", m.seconds) + " " + g + " " + fraction(m.nominalGFLOPS) + " "
      + e + " " + fraction(m.executedFlops != nil ? m.executedGFLOPS : nil) + " " + seconds(m.numpySeconds) + " "
      + ratio(m.speedup) + " " + seconds(m.jaxSeconds) + " " + ratio(m.jaxSpeedup)
  }

  var table: String {
    var out: [String] = []
    out.append("repalign-bench\(quick ? " (--quick)" : ""): \(cores) cores, \(blas)")
    out.append("kernel: \(kernel)")
    out.append(
      String(format: "DGEMM peak (Matrix.gemm, n = 1000): %.1f GFLOP/s", peakGFLOPS)
        + peerPeakGFLOPS.sorted { $0.key > $1.key }.map { String(format: "; %@'s: %.1f GFLOP/s", $0.key, $0.value) }
        .joined() + "; load average \(loadBefore) → \(loadAfter)")
    for peer in ["NumPy", "JAX"] { out.append("\(peer): \(peerNotes[peer] ?? "not run")") }
    out.append("nominal flops: training 4·n·d·h per member per step; CKA m·(Mp)² (one syrk of the stacked features)")
    out.append(
      "executed flops: linear training 4nd + 4dh per member per step (end-to-end map); CKA min(m(Mp)², m²(Mp+M²))")
    out.append(
      "peers: *_e2e rows compare with the peers' end-to-end-map training, *_gram with their Gram-route CKA; "
        + "the plain rows with the peers' hidden-layer / feature-route algorithms")
    let header =
      "workload                         seconds  nom GF/s  %peak  exe GF/s  %peak  NumPy s ×NumPy    JAX s   ×JAX"
    out.append(header)
    out.append(String(repeating: "-", count: header.count))
    for m in rows { out.append(line(m)) }
    out.append("")
    out.append("targets (issue 19, this run)")
    out.append(String(repeating: "-", count: 76))
    for t in targets { out.append(t.text) }
    for (title, list) in [("routes: per-member GEMMs against batched members", routes), ("scaling", scaling)]
    where !list.isEmpty {
      out.append("")
      out.append(title)
      out.append(String(repeating: "-", count: header.count))
      for m in list { out.append(line(m) + "  " + m.detail) }
    }
    return out.joined(separator: "\n")
  }
}
