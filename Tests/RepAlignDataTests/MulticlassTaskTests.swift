import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct MulticlassTaskTests {
  /// `labelFlipSNR` against its definition, computed by enumeration: for balanced classes and a
  /// flip to a uniform other class, E[y_c | label ℓ] = 1 − p if c = ℓ else p/(K − 1); the signal is
  /// Σ_c Var_ℓ(E[y_c|ℓ]) and the noise Σ_c E_ℓ[q(1 − q)]. K = 2 must equal THEORY.md §2's
  /// (1 − 2p)²/(4p(1 − p)).
  @Test(arguments: [2, 3, 5])
  func flipSNRMatchesItsDefinition(classes k: Int) {
    for p in [0.05, 0.2, 0.4] where p < Double(k - 1) / Double(k) {
      var signal = 0.0
      var noise = 0.0
      for c in 0..<k {
        let q = (0..<k).map { l in l == c ? 1 - p : p / Double(k - 1) }
        let mean = q.reduce(0, +) / Double(k)
        signal += q.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k)
        noise += q.reduce(0) { $0 + $1 * (1 - $1) } / Double(k)
      }
      expectClose(
        labelFlipSNR(probability: p, classes: k), signal / noise, tolerance: 64 * Tolerance.epsilon, "K=\(k) p=\(p)")
      if k == 2 {
        expectClose(
          labelFlipSNR(probability: p), (1 - 2 * p) * (1 - 2 * p) / (4 * p * (1 - p)),
          tolerance: 16 * Tolerance.epsilon, "binary p=\(p)")
      }
    }
    #expect(labelFlipSNR(probability: 0, classes: k) == .infinity)
  }

  /// One-hot targets; flips at rate p (z = 5 over n·M = 6000 labels) to every other class about
  /// equally; the arg-max teacher's clean labels are argmax xᵀB.
  @Test(arguments: [MulticlassTask.Generator.teacherArgmax, .gaussianMixture(separation: 3)])
  func labelsAreOneHotAndFlipAtTheStatedRate(generator: MulticlassTask.Generator) throws {
    let (k, p, n) = (4, 0.3, 2000)
    let e = try MulticlassTask(
      inputDimension: 6, sampleCount: n, testCount: 50, classes: k, flipProbability: p, generator: generator
    )
    .make(members: 3, seed: StreamSeed(master: 93))
    func labels(_ y: Matrix) -> [Int] {
      (0..<y.rows).map { i in
        #expect(y.row(i).reduce(0, +) == 1 && y.row(i).allSatisfy { $0 == 0 || $0 == 1 })
        return y.row(i).firstIndex(of: 1)!
      }
    }
    let clean = labels(e.dataset.cleanTrainTargets)
    var flips = 0
    for y in e.dataset.memberTargets { flips += zip(labels(y), clean).filter { $0.0 != $0.1 }.count }
    let rate = Double(flips) / Double(3 * n)
    #expect(abs(rate - p) <= 5 * (p * (1 - p) / Double(3 * n)).squareRoot(), "flip rate \(rate)")
    if generator == .teacherArgmax {
      let scores = Matrix.product(e.dataset.trainInputs, e.teacher!)
      for i in 0..<n { #expect((0..<k).max { scores[i, $0] < scores[i, $1] }! == clean[i]) }
    } else {
      #expect(e.teacher == nil)
    }
  }

  @Test func badParametersAreErrorsNamingTheParameter() {
    let cases: [(MulticlassTask, String)] = [
      (MulticlassTask(inputDimension: 3, sampleCount: 4, classes: 1, flipProbability: 0.1), "classes"),
      (MulticlassTask(inputDimension: 3, sampleCount: 4, classes: 3, flipProbability: 0.7), "flipProbability"),
      (MulticlassTask(inputDimension: 3, sampleCount: 4, classes: 2, flipProbability: 0.5), "flipProbability"),
      (
        MulticlassTask(
          inputDimension: 3, sampleCount: 4, classes: 3, flipProbability: 0.1,
          generator: .gaussianMixture(separation: 0)), "separation"
      ),
      (MulticlassTask(inputDimension: 3, sampleCount: 0, classes: 3, flipProbability: 0.1), "n"),
    ]
    for (task, name) in cases {
      #expect { _ = try task.make(members: 2, seed: StreamSeed(master: 1)) } throws: {
        ($0 as? ParameterError)?.parameter == name
      }
    }
  }
}
