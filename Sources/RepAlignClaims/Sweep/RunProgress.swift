import Foundation

/// Progress of a run of several experiments (`repalign reproduce`) on standard error.
///
/// - On a terminal (`isatty(2)`): one line rewritten in place, "[i/N] id: done/total points,
///   elapsed 1m02s, ~3m10s left", and a finished line per experiment.
/// - Otherwise (a pipe, `make`, a CI log, a Slurm output file): one line per finished
///   experiment, "[i/N] id: finished in 12s (elapsed 1m02s, ~3m10s left)", so the log shows the
///   run is alive without carriage returns.
/// - Silent with `quiet`.
///
/// The estimate of the remaining time assumes every experiment costs the mean of those so far
/// (`remaining`): the fraction done is (finished experiments + the current one's fraction of
/// points) / N. Experiments differ in cost, so it is a rough guide, refined as the run goes.
package final class RunProgress {
  package enum Mode: Sendable, Equatable { case terminal, lines, silent }

  package let mode: Mode
  package let total: Int
  private let start: Date
  private let now: () -> Date
  private let write: (String) -> Void
  private var lastLength = 0
  private var index = 0
  private var label = ""

  /// `isTerminal` defaults to whether standard error is a terminal; `now` and `write` are for
  /// tests (defaults: the clock, standard error).
  package init(
    total: Int, quiet: Bool, isTerminal: Bool = isatty(2) == 1, now: @escaping () -> Date = Date.init,
    write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
  ) {
    self.total = total
    self.mode = quiet ? .silent : (isTerminal ? .terminal : .lines)
    self.now = now
    self.start = now()
    self.write = write
  }

  /// Seconds left if the fraction `done` (in [0, 1]) of the work took `elapsed` seconds: elapsed ·
  /// (1 − done) / done; nil before any progress.
  package static func remaining(elapsed: Double, done: Double) -> Double? {
    guard done > 0, done <= 1, elapsed.isFinite, elapsed >= 0 else { return nil }
    return elapsed * (1 - done) / done
  }

  /// "elapsed 1m02s, ~3m10s left" (without the estimate before any progress).
  func timing(done: Double) -> String {
    let elapsed = now().timeIntervalSince(start)
    let left = Self.remaining(elapsed: elapsed, done: done).map { ", ~\(ProgressMeter.duration($0)) left" } ?? ""
    return "elapsed \(ProgressMeter.duration(elapsed))\(left)"
  }

  /// Experiment `index` (1-based) of `total`, named `label`, starts.
  package func begin(index: Int, label: String) {
    self.index = index
    self.label = label
    update(done: 0, of: 0)
  }

  /// `done` of `points` grid points of the current experiment are finished.
  package func update(done: Int, of points: Int) {
    guard mode == .terminal else { return }
    let within = points > 0 ? Double(done) / Double(points) : 0
    let fraction = (Double(index - 1) + within) / Double(max(total, 1))
    let text =
      "[\(index)/\(total)] \(label): \(done)/\(points > 0 ? "\(points)" : "?") points, \(timing(done: fraction))"
    let pad = String(repeating: " ", count: max(0, lastLength - text.count))
    lastLength = text.count
    write("\r\(text)\(pad)")
  }

  /// A line of its own after the experiments (e.g. "writing the report"), in both modes.
  package func note(_ text: String) {
    guard mode != .silent else { return }
    write("\(text) (\(timing(done: 1)))\n")
  }

  /// The current experiment finished (or failed) after `seconds`.
  package func finish(seconds: Double, failed: Bool = false) {
    guard mode != .silent else { return }
    let fraction = Double(index) / Double(max(total, 1))
    let text =
      "[\(index)/\(total)] \(label): \(failed ? "failed" : "finished") in \(ProgressMeter.duration(seconds)) (\(timing(done: fraction)))"
    if mode == .terminal {
      let pad = String(repeating: " ", count: max(0, lastLength - text.count))
      write("\r\(text)\(pad)\n")
      lastLength = 0
    } else {
      write(text + "\n")
    }
  }
}
