import Foundation
import RepAlignNumerics
import RepAlignTraining
import Testing
import _TestSupport

@Suite struct LossTests {
  /// The one-output cross-entropy is the two-class softmax with logits (f, 0): compare with the
  /// K = 2 softmax loss evaluated on the network whose second output is identically 0 (W₂'s second
  /// column zero), a different code path. Both sum the same terms: a few ulps per sample.
  @Test func binaryCrossEntropyIsTwoClassSoftmax() throws {
    let rng = RandomStream(master: 11, "ce")
    let w1 = rng.normalMatrix(rows: 4, columns: 3)
    let w2 = rng.normalMatrix(rows: 4, columns: 1)
    var w2pair = Matrix(rows: 4, columns: 2)
    for j in 0..<4 { w2pair[j, 0] = w2[j, 0] }
    let x = rng.normalMatrix(rows: 7, columns: 3)
    let labels = (0..<7).map { _ in rng.bernoulli(0.5) }
    let y = Matrix(column: labels.map { $0 ? 1 : -1 })
    var oneHot = Matrix(rows: 7, columns: 2)
    for (i, l) in labels.enumerated() { oneHot[i, l ? 0 : 1] = 1 }
    let single = try OneHiddenLayerNetwork(inputWeights: w1, outputWeights: w2, activation: .tanh)
    let pair = try OneHiddenLayerNetwork(inputWeights: w1, outputWeights: w2pair, activation: .tanh)
    let l1 = single.lossAndGradient(inputs: x, targets: y, loss: .softmaxCrossEntropy).loss
    let l2 = pair.lossAndGradient(inputs: x, targets: oneHot, loss: .softmaxCrossEntropy).loss
    expectClose(l1, l2, tolerance: 32 * Tolerance.epsilon, "logistic vs 2-class softmax")
  }

  /// MSE against the definition ‖F − Y‖²/(2b) by a naive loop.
  @Test func meanSquaredErrorMatchesDefinition() throws {
    let rng = RandomStream(master: 12, "mse")
    let net = try OneHiddenLayerNetwork(
      inputDimension: 5, width: 3, outputs: 2, activation: .relu, initScale: 1, stream: rng)
    let x = rng.normalMatrix(rows: 9, columns: 5)
    let y = rng.normalMatrix(rows: 9, columns: 2)
    let f = net(x)
    var naive = 0.0
    for i in 0..<9 { for c in 0..<2 { naive += (f[i, c] - y[i, c]) * (f[i, c] - y[i, c]) } }
    naive /= 18
    expectClose(
      net.lossAndGradient(inputs: x, targets: y, loss: .meanSquaredError).loss, naive,
      tolerance: 16 * Tolerance.dotProduct(length: 18), "MSE")
  }
}
