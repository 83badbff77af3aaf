import Foundation

/// The benchmark's table and JSON file.
struct Report: Encodable {
  var rows: [Measurement]
  var scaling: [Measurement]
  /// DGEMM rate through `Matrix.gemm` at the default thread count: the reference for "of peak".
  var peakGFLOPS: Double
  var numpyNote: String
  var numpyPeakGFLOPS: Double?
  var quick: Bool
  var blas: String
  var cores: Int
  var loadBefore: String
  var loadAfter: String

  enum CodingKeys: String, CodingKey {
    case rows, scaling, peakGFLOPS, numpyNote, numpyPeakGFLOPS, quick, blas, cores, loadBefore, loadAfter
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rows.map { Row($0, peak: peakGFLOPS) }, forKey: .rows)
    try c.encode(scaling.map { Row($0, peak: peakGFLOPS) }, forKey: .scaling)
    // `--only` measures no DGEMM peak (NaN): absent from the JSON, never written as NaN.
    try c.encodeIfPresent(peakGFLOPS.isFinite ? peakGFLOPS : nil, forKey: .peakGFLOPS)
    try c.encode(numpyNote, forKey: .numpyNote)
    try c.encodeIfPresent(numpyPeakGFLOPS, forKey: .numpyPeakGFLOPS)
    try c.encode(quick, forKey: .quick)
    try c.encode(blas, forKey: .blas)
    try c.encode(cores, forKey: .cores)
    try c.encode(loadBefore, forKey: .loadBefore)
    try c.encode(loadAfter, forKey: .loadAfter)
    struct Row: Encodable {
      var name, detail: String
      var seconds: Double
      var nominalGFLOPS, executedGFLOPS, fractionOfPeakNominal, fractionOfPeakExecuted: Double?
      var numpySeconds, speedupOverNumPy: Double?
      init(_ m: Measurement, peak: Double) {
        name = m.name
        detail = m.detail
        seconds = m.seconds
        nominalGFLOPS = m.nominalGFLOPS
        executedGFLOPS = m.executedFlops == nil ? nil : m.executedGFLOPS
        numpySeconds = m.numpySeconds
        speedupOverNumPy = m.speedup
        // Non-finite values (no peak measured, nothing timed) are left out (null), never NaN.
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
        fractionOfPeakNominal = finite(nominalGFLOPS.map { $0 / peak })
        fractionOfPeakExecuted = finite(executedGFLOPS.map { $0 / peak })
        nominalGFLOPS = finite(nominalGFLOPS)
        executedGFLOPS = finite(executedGFLOPS)
        numpySeconds = finite(numpySeconds)
        speedupOverNumPy = finite(speedupOverNumPy)
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
    let np = m.numpySeconds.map { String(format: "%8.3f", $0) } ?? "       –"
    let ratio = m.speedup.map { String(format: "%6.2f×", $0) } ?? "      –"
    return pad(m.name, 32) + String(format: "%9.3f", m.seconds) + " " + g + " " + fraction(m.nominalGFLOPS) + " "
      + e + " " + fraction(m.executedFlops != nil ? m.executedGFLOPS : nil) + " " + np + " " + ratio
  }

  var table: String {
    var out: [String] = []
    out.append("repalign-bench\(quick ? " (--quick)" : ""): \(cores) cores, \(blas)")
    out.append(
      String(format: "DGEMM peak (Matrix.gemm, n = 1000): %.1f GFLOP/s", peakGFLOPS)
        + (numpyPeakGFLOPS.map { String(format: "; NumPy's: %.1f GFLOP/s", $0) } ?? "")
        + "; load average \(loadBefore) → \(loadAfter); reference: \(numpyNote)")
    out.append("nominal flops: training 4·n·d·h per member per step; CKA m·(Mp)² (one syrk of the stacked features)")
    out.append(
      "executed flops: linear training 4nd + 4dh per member per step (end-to-end map); CKA min(m(Mp)², m²(Mp+M²))")
    let header = "workload                         seconds  nom GF/s  %peak  exe GF/s  %peak  NumPy s  speedup"
    out.append(header)
    out.append(String(repeating: "-", count: header.count))
    for m in rows { out.append(line(m)) }
    if !scaling.isEmpty {
      out.append("")
      out.append("scaling")
      out.append(String(repeating: "-", count: header.count))
      for m in scaling { out.append(line(m) + "  " + m.detail) }
    }
    return out.joined(separator: "\n")
  }
}
