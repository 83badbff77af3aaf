import RepAlignNumerics
import Testing

/// `ExperimentStreams`: the stream paths of a claim experiment, which golden files depend on.
@Suite struct ExperimentStreamsTests {
  /// The paths are the ones the runner derived by hand before the type existed (golden files
  /// recorded with them stay valid).
  @Test func pathsAreTheHistoricalOnes() {
    let s = ExperimentStreams(master: 42, experiment: "e")
    let root = StreamSeed(master: 42).child("e")
    #expect(s.root == root)
    #expect(s.task(design: 0) == root.child("task"))
    #expect(s.split(design: 0) == root.child("task").child("split"))
    #expect(s.realNoise(design: 0) == root.child("task").child("noise"))
    #expect(s.training(design: 0) == root.child("init"))
    #expect(s.argminBootstrap(measure: "linear_cka") == root.child("argmin").child("linear_cka"))
    #expect(s.theoryOverlay(n: 7) == root.child("overlay").child(7))
  }

  @Test func designsBranchBelowTheRoot() {
    let s = ExperimentStreams(master: 42, experiment: "e", designs: 3)
    let design2 = StreamSeed(master: 42).child("e").child("design").child(2)
    #expect(s.task(design: 2) == design2.child("task"))
    #expect(s.training(design: 2) == design2.child("init"))
    #expect(s.task(design: 0) != s.task(design: 1))
    #expect(s.argminBootstrap(measure: "m") == StreamSeed(master: 42).child("e").child("argmin").child("m"))
    #expect(s.thresholdBootstrap(level: 1) == StreamSeed(master: 42).child("e").child("threshold").child(1))
  }

  @Test func recordedPathsNameTheMasterSeedAndEveryRole() {
    let paths = ExperimentStreams(master: 9, experiment: "x", designs: 2).recordedPaths
    #expect(
      Set(paths.keys) == [
        "task", "synthetic_data", "real_split", "real_noise", "initialization", "batches", "argmin_bootstrap",
        "theory_overlay", "negative_control", "threshold_bootstrap",
      ])
    #expect(paths.values.allSatisfy { $0.hasPrefix("9/x/") })
    #expect(paths["task"] == "9/x/design/<r>/task")
    #expect(paths["negative_control"] == "9/x/design/<r>/control")
    let s = ExperimentStreams(master: 9, experiment: "x", designs: 2)
    #expect(s.control(design: 1) == StreamSeed(master: 9).child("x").child("design").child(1).child("control"))
  }
}
