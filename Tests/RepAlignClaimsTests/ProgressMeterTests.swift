import RepAlignClaims
import Testing

@Suite struct ProgressMeterTests {
  /// ETA = elapsed · remaining / done: after 3 of 12 points in 30 s, 90 s remain.
  @Test func etaIsMeanTimePerPointTimesRemaining() {
    #expect(ProgressMeter.eta(elapsed: 30, done: 3, total: 12) == 90)
    #expect(ProgressMeter.eta(elapsed: 30, done: 12, total: 12) == 0)
    #expect(ProgressMeter.eta(elapsed: 30, done: 0, total: 12) == nil)
  }

  @Test func durationsAreCompact() {
    #expect(ProgressMeter.duration(12.4) == "12s")
    #expect(ProgressMeter.duration(187) == "3m07s")
    #expect(ProgressMeter.duration(3720) == "1h02m")
  }

  /// Under `swift test` standard error is not a terminal, and --quiet always silences.
  @Test func silentWhenQuiet() {
    #expect(!ProgressMeter(label: "x", quiet: true).enabled)
  }
}
