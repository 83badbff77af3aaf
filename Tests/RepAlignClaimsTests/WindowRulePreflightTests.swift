import Foundation
import RepAlignClaims
import RepAlignNumerics
import Testing
import _TestSupport

/// THEORY.md §11's window rule in preflight: a linear-network threshold spec whose window
/// d·[1 − w, 1 + w] cannot hold the CKA minima (d·SNR² < 1/(2w³)) is refused before any work.
@Suite struct WindowRulePreflightTests {
  static func spec(_ id: String) throws -> ExperimentSpec {
    try ExperimentSpec.load(ValidationSpecs.directory.appendingPathComponent("\(id).json"))
  }

  /// The shipped fast spec (d = 20, SNR 4, ±0.2d: d·SNR² = 320 ≥ 62.5) passes; SNR 1 (20 < 62.5)
  /// and a ±0.1d window at SNR 4 (320 < 500) are refused with a message naming the window.
  @Test func linearThresholdSpecWindowMustHoldTheMinima() throws {
    var spec = try Self.spec("linear-regression-threshold")
    try ExperimentRunner.preflight(spec)
    spec.grid.snr = [4, 1]
    do {
      try ExperimentRunner.preflight(spec)
      Issue.record("SNR 1 at d = 20 accepted")
    } catch {
      #expect(error.description.contains("statistics.window") && error.description.contains("SNR = 1"), "\(error)")
    }
    spec.grid.snr = [4]
    spec.statistics.window = [0.9, 1.1]
    expectParameterError("statistics.window") { try ExperimentRunner.preflight(spec) }
    spec.grid.snr = [8] // d·SNR² = 1280 ≥ 500
    try ExperimentRunner.preflight(spec)
  }

  /// The rule is about the linear network's min-norm spike: a ReLU threshold spec (measured
  /// threshold) is not subject to it.
  @Test func nonlinearThresholdSpecIsNotSubjectToTheRule() throws {
    var spec = try Self.spec("relu-regression-threshold")
    spec.grid.snr = [0.5]
    try ExperimentRunner.preflight(spec)
  }
}
