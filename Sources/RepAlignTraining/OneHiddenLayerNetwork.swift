import RepAlignNumerics

/// A one-hidden-layer network without biases (THEORY.md §3; §10 for the non-linear case):
///
///     f(x) = W₂ᵀ φ(W₁ x),   W₁ ∈ ℝ^{h×d} (`inputWeights`), W₂ ∈ ℝ^{h×k} (`outputWeights`).
///
/// With φ = identity and k = 1 this is THEORY.md §3's linear network f(x) = w₂ᵀW₁x, whose
/// end-to-end map is β̂ = W₁ᵀw₂ (`endToEndMap`). On a batch X (b × d, rows are samples) the hidden
/// representation is H = φ(X W₁ᵀ) (b × h) and the outputs are F = H W₂ (b × k).
///
/// ## Initialisation
/// `init(…, initScale: s, stream:)` draws W₁ entries i.i.d. N(0, s²/d), then W₂ entries i.i.d.
/// N(0, s²/h), row by row from the one stream. s = 1 is LeCun's fan-in initialisation; s → 0 is
/// the small-initialisation regime in which GD on the linear network finds X⁺y (THEORY.md §3).
public struct OneHiddenLayerNetwork: Sendable, Equatable {
  public var inputWeights: Matrix
  public var outputWeights: Matrix
  public let activation: Activation

  /// Wraps existing weights (W₁: h × d, W₂: h × k).
  public init(inputWeights: Matrix, outputWeights: Matrix, activation: Activation) throws(ParameterError) {
    try require(
      inputWeights.rows >= 1 && inputWeights.columns >= 1, "inputWeights", "must be h × d with h, d ≥ 1",
      got: "\(inputWeights.rows)×\(inputWeights.columns)")
    try require(
      outputWeights.rows == inputWeights.rows && outputWeights.columns >= 1, "outputWeights",
      "must be \(inputWeights.rows) × k with k ≥ 1", got: "\(outputWeights.rows)×\(outputWeights.columns)")
    self.inputWeights = inputWeights
    self.outputWeights = outputWeights
    self.activation = activation
  }

  /// Random initialisation at scale s (see the type's documentation).
  public init(
    inputDimension d: Int, width h: Int, outputs k: Int, activation: Activation, initScale s: Double,
    stream: RandomStream
  ) throws(ParameterError) {
    try require(d >= 1, "d", "must be ≥ 1", got: d)
    try require(h >= 1, "width", "must be ≥ 1", got: h)
    try require(k >= 1, "outputs", "must be ≥ 1", got: k)
    try require(s.isFinite && s >= 0, "initScale", "must be finite and ≥ 0", got: s)
    self.inputWeights = stream.normalMatrix(rows: h, columns: d, standardDeviation: s / Double(d).squareRoot())
    self.outputWeights = stream.normalMatrix(rows: h, columns: k, standardDeviation: s / Double(h).squareRoot())
    self.activation = activation
  }

  public var inputDimension: Int { inputWeights.columns }
  public var width: Int { inputWeights.rows }
  public var outputs: Int { outputWeights.columns }
  /// P = h·d + h·k (no biases; `MultiLayerNetwork.parameterCount(inputDimension:widths:outputs:)`).
  public var parameterCount: Int {
    MultiLayerNetwork.parameterCount(inputDimension: inputDimension, widths: [width], outputs: outputs)
  }

  /// H = φ(X W₁ᵀ), b × h.
  public func hidden(_ x: Matrix) -> Matrix {
    let z = Matrix.product(x, inputWeights, transposeB: true)
    if activation == .identity { return z }
    var h = Matrix(rows: z.rows, columns: z.columns)
    activation.apply(z, into: &h)
    return h
  }

  /// F = φ(X W₁ᵀ) W₂, b × k.
  public func callAsFunction(_ x: Matrix) -> Matrix { Matrix.product(hidden(x), outputWeights) }

  /// W₁ᵀ W₂ (d × k): the end-to-end linear map, meaningful for `.identity` (β̂ of THEORY.md §3).
  public var endToEndMap: Matrix { Matrix.product(inputWeights, outputWeights, transposeA: true) }

  /// The loss on (X, Y) plus (λ/2)(‖W₁‖² + ‖W₂‖²), and its gradient with respect to (W₁, W₂)
  /// (returned as a network holding the two gradient matrices). The reference entry point for
  /// tests; the trainer uses the same `GradientWorkspace` without reallocating.
  public func lossAndGradient(
    inputs x: Matrix, targets y: Matrix, loss: Loss, weightDecay: Double = 0
  ) -> (loss: Double, gradient: OneHiddenLayerNetwork) {
    var workspace = GradientWorkspace(batch: x.rows, network: self)
    let value = workspace.evaluate(self, inputs: x, targets: y, loss: loss, weightDecay: weightDecay)
    let gradient = try! OneHiddenLayerNetwork(
      inputWeights: workspace.gradientW1, outputWeights: workspace.gradientW2, activation: activation)
    return (value, gradient)
  }
}

/// Preallocated buffers for one forward/backward pass on batches of a fixed size b; all products
/// are BLAS calls into these buffers (no allocation per step; G_Z through `OutputLayer`, one fused
/// pass for one output):
///
///     Z = X W₁ᵀ (b×h)   H = φ(Z)   F = H W₂ (b×k)   G = ∂L/∂F
///     ∇W₂ = Hᵀ G        G_H = G W₂ᵀ   G_Z = G_H ⊙ φ'(Z)   ∇W₁ = G_Zᵀ X
///
/// For φ = identity the same quantities are computed in factored form, never forming the b × h
/// hidden layer: B = W₁ᵀW₂ (d×k), F = X B, V = XᵀG (d×k), ∇W₂ = W₁ V (= Zᵀ G), ∇W₁ = W₂ Vᵀ
/// (= G_Zᵀ X). Cost O((b + h)·d·k) per step instead of O(b·h·d): ~50× less for the linear
/// network of THEORY.md §3 at d = h = n = 100, k = 1. Mathematically identical; round-off differs.
struct GradientWorkspace {
  var z: Matrix
  var h: Matrix
  var f: Matrix
  var g: Matrix
  var gh: Matrix
  var gradientW1: Matrix
  var gradientW2: Matrix
  /// The data loss (without weight decay) of the last `evaluate`.
  var dataLoss = Double.nan

  /// Identity only: B = W₁ᵀW₂ and V = XᵀG (d × k).
  var endToEnd: Matrix
  var xtg: Matrix

  init(batch b: Int, network: OneHiddenLayerNetwork) {
    let width = network.width
    let linear = network.activation == .identity
    let empty = Matrix(rows: 0, columns: 0)
    z = linear ? empty : Matrix(rows: b, columns: width)
    h = linear ? empty : Matrix(rows: b, columns: width)
    f = Matrix(rows: b, columns: network.outputs)
    g = Matrix(rows: b, columns: network.outputs)
    gh = linear ? empty : Matrix(rows: b, columns: width)
    endToEnd = linear ? Matrix(rows: network.inputDimension, columns: network.outputs) : empty
    xtg = linear ? Matrix(rows: network.inputDimension, columns: network.outputs) : empty
    gradientW1 = Matrix(rows: width, columns: network.inputDimension)
    gradientW2 = Matrix(rows: width, columns: network.outputs)
  }

  /// The data loss alone at the network on (X, Y) (forward pass only).
  mutating func loss(_ net: OneHiddenLayerNetwork, inputs x: Matrix, targets y: Matrix, loss: Loss) -> Double {
    forward(net, x)
    return loss.evaluate(outputs: f, targets: y, gradient: &g)
  }

  private mutating func forward(_ net: OneHiddenLayerNetwork, _ x: Matrix) {
    if net.activation == .identity {
      Matrix.gemm(net.inputWeights, net.outputWeights, into: &endToEnd, transposeA: true)
      Matrix.gemm(x, endToEnd, into: &f)
    } else {
      Matrix.gemm(x, net.inputWeights, into: &z, transposeB: true)
      net.activation.apply(z, into: &h)
      Matrix.gemm(h, net.outputWeights, into: &f)
    }
  }

  /// Forward and backward pass; returns the data loss + (λ/2)‖θ‖² and leaves the gradient of
  /// that objective in `gradientW1`, `gradientW2`.
  mutating func evaluate(
    _ net: OneHiddenLayerNetwork, inputs x: Matrix, targets y: Matrix, loss: Loss, weightDecay: Double
  ) -> Double {
    forward(net, x)
    var value = loss.evaluate(outputs: f, targets: y, gradient: &g)
    dataLoss = value
    if net.activation == .identity {
      Matrix.gemm(x, g, into: &xtg, transposeA: true)
      Matrix.gemm(net.inputWeights, xtg, into: &gradientW2)
      Matrix.gemm(net.outputWeights, xtg, into: &gradientW1, transposeB: true)
    } else {
      Matrix.gemm(h, g, into: &gradientW2, transposeA: true)
      OutputLayer.backpropagate(
        g, net.outputWeights, into: &gh, activation: net.activation, preactivation: z, activated: h)
      Matrix.gemm(gh, x, into: &gradientW1, transposeA: true)
    }
    if weightDecay > 0 {
      let n1 = net.inputWeights.frobeniusNorm
      let n2 = net.outputWeights.frobeniusNorm
      value += weightDecay / 2 * (n1 * n1 + n2 * n2)
      gradientW1.add(net.inputWeights, scaledBy: weightDecay)
      gradientW2.add(net.outputWeights, scaledBy: weightDecay)
    }
    return value
  }

  /// ‖(∇W₁, ∇W₂)‖.
  var gradientNorm: Double {
    let a = gradientW1.frobeniusNorm
    let b = gradientW2.frobeniusNorm
    return (a * a + b * b).squareRoot()
  }
}
