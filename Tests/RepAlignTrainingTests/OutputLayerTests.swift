import RepAlignNumerics
import Testing

@testable import RepAlignTraining

/// `OutputLayer.backpropagate`'s fused pass for one output must be bitwise the GEMM followed by
/// `Activation.multiplyByDerivative` it replaced (the trainers' trajectories, and with them every
/// claim golden, depend on it), for each activation, at widths that exercise the four-lane body and
/// the tail, with preactivations exactly 0, −0 and NaN among them.
@Suite struct OutputLayerTests {
  static func reference(_ g: Matrix, _ w: Matrix, _ activation: Activation, _ z: Matrix, _ a: Matrix) -> Matrix {
    var delta = Matrix(rows: g.rows, columns: w.rows)
    Matrix.gemm(g, w, into: &delta, transposeB: true)
    activation.multiplyByDerivative(&delta, preactivation: z, activation: a)
    return delta
  }

  @Test(arguments: Activation.allCases, [1, 3, 4, 7, 20])
  func fusedPassIsBitwiseTheGEMMAndTheMask(activation: Activation, width: Int) {
    let rng = RandomStream(master: 2026, "output-layer")
    let rows = 9
    var z = rng.normalMatrix(rows: rows, columns: width)
    z[0, 0] = 0
    z[1, width - 1] = -0.0
    z[2, width / 2] = .nan
    var a = Matrix(rows: rows, columns: width)
    for i in 0..<rows { for j in 0..<width { a[i, j] = activation(z[i, j]) } }
    let g = rng.normalMatrix(rows: rows, columns: 1)
    let w = rng.normalMatrix(rows: width, columns: 1)
    var fused = Matrix(rows: rows, columns: width)
    OutputLayer.backpropagate(g, w, into: &fused, activation: activation, preactivation: z, activated: a)
    let expected = Self.reference(g, w, activation, z, a)
    for i in 0..<rows {
      for j in 0..<width {
        #expect(
          fused[i, j].bitPattern == expected[i, j].bitPattern,
          "\(activation) width \(width) at (\(i), \(j)): \(fused[i, j]) against \(expected[i, j])")
      }
    }
  }

  /// More than one output keeps the GEMM route: the same values as the reference by construction,
  /// checked so that the k > 1 branch is exercised at all.
  @Test func severalOutputsKeepTheGEMM() {
    let rng = RandomStream(master: 2027, "output-layer-k3")
    let z = rng.normalMatrix(rows: 5, columns: 6)
    var a = Matrix(rows: 5, columns: 6)
    Activation.relu.apply(z, into: &a)
    let g = rng.normalMatrix(rows: 5, columns: 3)
    let w = rng.normalMatrix(rows: 6, columns: 3)
    var delta = Matrix(rows: 5, columns: 6)
    OutputLayer.backpropagate(g, w, into: &delta, activation: .relu, preactivation: z, activated: a)
    #expect(delta == Self.reference(g, w, .relu, z, a))
  }
}
