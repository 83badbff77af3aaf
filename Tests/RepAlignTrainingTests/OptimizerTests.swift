import RepAlignNumerics
import Testing
import _TestSupport

@testable import RepAlignTraining

/// Adam (`AdamState`, Kingma & Ba 2015, β₁ = 0.9, β₂ = 0.999, ε̂ = 1e-8, bias-corrected) against
/// hand-computed updates.
@Suite struct OptimizerTests {
  /// Two steps at η = 0.1 from W₁ = (0.5, −0.25, 2) (h = 1, d = 3), with gradients
  /// g⁽¹⁾ = (0.2, −3, 1e-9) and g⁽²⁾ = (−0.1, −1, 4). By hand: m = β₁m + (1 − β₁)g,
  /// v = β₂v + (1 − β₂)g², w −= η (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε̂). Step 1 moves each weight by
  /// η·g/(|g| + ε̂): 0.1 for the first two, and only 0.1·1e-9/1.1e-8 = 0.00909… for the third,
  /// where ε̂ dominates. Values from mpmath 1.3.0 at 40 digits:
  /// step 1: (0.4000000049999997500000125, −0.1500000003333333322222222, 1.990909090909090909090909);
  /// step 2: (0.3733663027186755794479835, −0.06289360565052874350490127, 1.916495408798675411084792).
  /// W₂ (1 × 1) = 1 with gradient 0.5 twice: equal gradients give m̂/√v̂ = 1 up to ε̂, so it moves by
  /// 0.1·0.5/(0.5 + 1e-8) each step: 0.9000000019999999600000008, then 0.8000000039999999200000016
  /// (mpmath, same recursion).
  /// Tolerance 64 ε: a dozen rounded operations per element, none cancelling.
  @Test func twoAdamStepsMatchHandComputedValues() throws {
    var net = try OneHiddenLayerNetwork(
      inputWeights: try Matrix([[0.5, -0.25, 2]]), outputWeights: try Matrix([[1]]), activation: .identity)
    var state = AdamState(network: net)
    let tolerance = 64 * Tolerance.epsilon
    state.step(&net, try Matrix([[0.2, -3, 1e-9]]), try Matrix([[0.5]]), learningRate: 0.1)
    let afterOne = [
      0.400_000_004_999_999_750_000_012_5, -0.150_000_000_333_333_332_222_222_2, 1.990_909_090_909_090_909_090_909,
    ]
    for (i, w) in afterOne.enumerated() {
      expectClose(net.inputWeights[0, i], w, tolerance: tolerance, "step 1, W₁[0, \(i)]")
    }
    expectClose(net.outputWeights[0, 0], 0.900_000_001_999_999_960_000_000_8, tolerance: tolerance, "step 1, W₂")
    state.step(&net, try Matrix([[-0.1, -1, 4]]), try Matrix([[0.5]]), learningRate: 0.1)
    let afterTwo = [
      0.373_366_302_718_675_579_447_983_5, -0.062_893_605_650_528_743_504_901_27, 1.916_495_408_798_675_411_084_792,
    ]
    for (i, w) in afterTwo.enumerated() {
      expectClose(net.inputWeights[0, i], w, tolerance: tolerance, "step 2, W₁[0, \(i)]")
    }
    expectClose(net.outputWeights[0, 0], 0.800_000_003_999_999_920_000_001_6, tolerance: tolerance, "step 2, W₂")
    #expect(state.t == 2)
  }
}
