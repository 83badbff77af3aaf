import Foundation

/// Progress on standard error for long runs: "label: done/total points, elapsed, ETA", rewritten
/// in place. Silent unless standard error is a terminal (`isatty(2)`) and not quieted, so logs,
/// pipes, Slurm output files and tests never see it.
package final class ProgressMeter {
  package let label: String
  package let enabled: Bool
  private let start = Date()
  private var lastLength = 0

  /// `quiet` forces silence; otherwise enabled iff standard error is a terminal.
  package init(label: String, quiet: Bool) {
    self.label = label
    self.enabled = !quiet && isatty(2) == 1
  }

  /// ETA = elapsed · (total − done) / done (mean time per point so far); unknown before the
  /// first point.
  package static func eta(elapsed: Double, done: Int, total: Int) -> Double? {
    guard done > 0, total >= done, elapsed.isFinite else { return nil }
    return elapsed * Double(total - done) / Double(done)
  }

  /// "1h02m", "3m07s", "12s".
  package static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
  }

  package func update(done: Int, total: Int) {
    guard enabled else { return }
    let elapsed = Date().timeIntervalSince(start)
    let eta = Self.eta(elapsed: elapsed, done: done, total: total).map { ", ETA \(Self.duration($0))" } ?? ""
    let text = "\(label): \(done)/\(total) points, \(Self.duration(elapsed))\(eta)"
    let pad = String(repeating: " ", count: max(0, lastLength - text.count))
    lastLength = text.count
    FileHandle.standardError.write(Data("\r\(text)\(pad)".utf8))
  }

  /// Ends the progress line.
  package func finish() {
    guard enabled, lastLength > 0 else { return }
    FileHandle.standardError.write(Data("\n".utf8))
    lastLength = 0
  }
}
