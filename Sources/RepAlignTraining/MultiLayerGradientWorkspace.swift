import RepAlignNumerics

/// Preallocated buffers for one forward/backward pass of a `MultiLayerNetwork` on batches of a
/// fixed size b; every product is a BLAS call into these buffers (no allocation per step; the
/// Δ_L through `OutputLayer`, as in `GradientWorkspace`).
/// With A₀ = X:
///
///     Zₗ = Aₗ₋₁ Wₗᵀ   Aₗ = φ(Zₗ)   F = A_L W_out   G = ∂L/∂F
///     ∇W_out = A_Lᵀ G   Δ_L = (G W_outᵀ) ⊙ φ'(Z_L)
///     ∇Wₗ = Δₗᵀ Aₗ₋₁    Δₗ₋₁ = (Δₗ Wₗ) ⊙ φ'(Zₗ₋₁)
///
/// For L = 1 these are `GradientWorkspace`'s products in the same order. For φ = identity, Aₗ is
/// Zₗ itself (no copy).
struct MultiLayerGradientWorkspace {
  var z: [Matrix]
  var a: [Matrix]
  var delta: [Matrix]
  var f: Matrix
  var g: Matrix
  /// ∇W₁, …, ∇W_L, ∇W_out (the order of `MultiLayerNetwork.allWeights`).
  var gradients: [Matrix]
  /// The data loss (without weight decay) of the last `evaluate`.
  var dataLoss = Double.nan

  init(batch b: Int, network: MultiLayerNetwork) {
    let widths = network.widths
    let linear = network.activation == .identity
    z = widths.map { Matrix(rows: b, columns: $0) }
    a = linear ? [] : widths.map { Matrix(rows: b, columns: $0) }
    delta = widths.map { Matrix(rows: b, columns: $0) }
    f = Matrix(rows: b, columns: network.outputs)
    g = Matrix(rows: b, columns: network.outputs)
    gradients = network.allWeights.map { Matrix(rows: $0.rows, columns: $0.columns) }
  }

  /// Aₗ of the last forward pass.
  func activation(_ l: Int, linear: Bool) -> Matrix { linear ? z[l] : a[l] }

  private mutating func forward(_ net: MultiLayerNetwork, _ x: Matrix) {
    let linear = net.activation == .identity
    for l in 0..<net.depth {
      if l == 0 {
        Matrix.gemm(x, net.hiddenWeights[0], into: &z[0], transposeB: true)
      } else {
        Matrix.gemm(activation(l - 1, linear: linear), net.hiddenWeights[l], into: &z[l], transposeB: true)
      }
      if !linear { net.activation.apply(z[l], into: &a[l]) }
    }
    Matrix.gemm(activation(net.depth - 1, linear: linear), net.outputWeights, into: &f)
  }

  /// The data loss alone at the network on (X, Y) (forward pass only).
  mutating func loss(_ net: MultiLayerNetwork, inputs x: Matrix, targets y: Matrix, loss: Loss) -> Double {
    forward(net, x)
    return loss.evaluate(outputs: f, targets: y, gradient: &g)
  }

  /// Forward and backward pass; returns the data loss + (λ/2)Σ‖W‖² and leaves the gradient of
  /// that objective in `gradients`.
  mutating func evaluate(
    _ net: MultiLayerNetwork, inputs x: Matrix, targets y: Matrix, loss: Loss, weightDecay: Double
  ) -> Double {
    forward(net, x)
    var value = loss.evaluate(outputs: f, targets: y, gradient: &g)
    dataLoss = value
    let linear = net.activation == .identity
    let depth = net.depth
    Matrix.gemm(activation(depth - 1, linear: linear), g, into: &gradients[depth], transposeA: true)
    // Δ_L with its φ' applied; the deeper Δₗ get theirs at the top of their iteration.
    OutputLayer.backpropagate(
      g, net.outputWeights, into: &delta[depth - 1], activation: net.activation, preactivation: z[depth - 1],
      activated: activation(depth - 1, linear: linear))
    for l in stride(from: depth - 1, through: 0, by: -1) {
      if !linear && l < depth - 1 {
        net.activation.multiplyByDerivative(&delta[l], preactivation: z[l], activation: a[l])
      }
      if l == 0 {
        Matrix.gemm(delta[0], x, into: &gradients[0], transposeA: true)
      } else {
        Matrix.gemm(delta[l], activation(l - 1, linear: linear), into: &gradients[l], transposeA: true)
        Matrix.gemm(delta[l], net.hiddenWeights[l], into: &delta[l - 1])
      }
    }
    if weightDecay > 0 {
      var squares = 0.0
      for (i, w) in net.allWeights.enumerated() {
        let norm = w.frobeniusNorm
        squares += norm * norm
        gradients[i].add(w, scaledBy: weightDecay)
      }
      value += weightDecay / 2 * squares
    }
    return value
  }

  /// ‖(∇W₁, …, ∇W_out)‖.
  var gradientNorm: Double {
    var squares = 0.0
    for gradient in gradients {
      let norm = gradient.frobeniusNorm
      squares += norm * norm
    }
    return squares.squareRoot()
  }
}
