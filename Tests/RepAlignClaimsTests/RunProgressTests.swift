import Foundation
import Testing

@testable import RepAlignClaims

/// `RunProgress` (the progress of `repalign reproduce`), driven by a fake clock and writer.
@Suite struct RunProgressTests {
  final class Recorder: @unchecked Sendable {
    var text = ""
    var time = Date(timeIntervalSince1970: 0)
  }

  static func progress(total: Int, quiet: Bool = false, terminal: Bool) -> (RunProgress, Recorder) {
    let r = Recorder()
    let p = RunProgress(total: total, quiet: quiet, isTerminal: terminal, now: { r.time }, write: { r.text += $0 })
    return (p, r)
  }

  /// Remaining = elapsed · (1 − done) / done: a quarter done in 30 s leaves 90 s.
  @Test func remainingIsProportional() {
    #expect(RunProgress.remaining(elapsed: 30, done: 0.25) == 90)
    #expect(RunProgress.remaining(elapsed: 30, done: 1) == 0)
    #expect(RunProgress.remaining(elapsed: 30, done: 0) == nil)
  }

  /// Not a terminal: exactly one line per finished experiment, with i of N, elapsed and the
  /// estimate; point updates write nothing.
  @Test func oneLinePerExperimentWhenNotATerminal() {
    let (p, r) = Self.progress(total: 4, terminal: false)
    #expect(p.mode == .lines)
    p.begin(index: 1, label: "a")
    p.update(done: 1, of: 2)
    r.time = Date(timeIntervalSince1970: 10)
    p.finish(seconds: 10)
    p.begin(index: 2, label: "b")
    r.time = Date(timeIntervalSince1970: 20)
    p.finish(seconds: 10, failed: true)
    p.note("writing")
    #expect(
      r.text
        == "[1/4] a: finished in 10s (elapsed 10s, ~30s left)\n[2/4] b: failed in 10s (elapsed 20s, ~20s left)\nwriting (elapsed 20s, ~0s left)\n"
    )
  }

  /// On a terminal: the line is rewritten in place with carriage returns and ends with a newline
  /// per experiment.
  @Test func liveLineOnATerminal() {
    let (p, r) = Self.progress(total: 2, terminal: true)
    #expect(p.mode == .terminal)
    p.begin(index: 2, label: "b")
    r.time = Date(timeIntervalSince1970: 30)
    p.update(done: 1, of: 2)
    #expect(r.text.hasSuffix("\r[2/2] b: 1/2 points, elapsed 30s, ~10s left"), "\(r.text)")
    p.finish(seconds: 5)
    #expect(r.text.hasSuffix("\n") && r.text.contains("\r[2/2] b: finished in 5s"))
  }

  @Test func quietIsSilent() {
    let (p, r) = Self.progress(total: 2, quiet: true, terminal: true)
    p.begin(index: 1, label: "a")
    p.update(done: 1, of: 2)
    p.finish(seconds: 1)
    p.note("writing")
    #expect(p.mode == .silent && r.text.isEmpty)
  }
}
