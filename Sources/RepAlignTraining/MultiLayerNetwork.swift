import RepAlignNumerics

/// A network with L ≥ 1 hidden layers of one activation φ, without biases (THEORY.md §10's
/// non-linear networks, stacked):
///
///     a₀ = x,  aₗ = φ(Wₗ aₗ₋₁)  (l = 1…L),  f(x) = W_outᵀ a_L,
///
/// with Wₗ ∈ ℝ^{hₗ×hₗ₋₁} (`hiddenWeights[l − 1]`, h₀ = d) and W_out ∈ ℝ^{h_L×k}
/// (`outputWeights`). On a batch X (b × d) the l-th hidden representation is Aₗ = φ(Aₗ₋₁ Wₗᵀ)
/// (b × hₗ) and the outputs are F = A_L W_out (b × k). With L = 1 this is
/// `OneHiddenLayerNetwork`'s f(x) = W₂ᵀ φ(W₁ x); the one-hidden-layer trainer keeps its own type
/// (and its factored linear path), and `NoiseEnsemble` dispatches here only for L ≥ 2.
///
/// ## Initialisation
/// `init(…, initScale: s, stream:)` draws W₁ entries i.i.d. N(0, s²/d), then each Wₗ with
/// N(0, s²/hₗ₋₁), then W_out with N(0, s²/h_L), row by row from the one stream: fan-in scaling,
/// so with L = 1 the draws are exactly `OneHiddenLayerNetwork`'s. s = 1 is LeCun's initialisation;
/// at small s a deep network's output scales as s^{L+1}, so deep specs use s near 1.
public struct MultiLayerNetwork: Sendable, Equatable {
  /// W₁ … W_L (Wₗ: hₗ × hₗ₋₁).
  public var hiddenWeights: [Matrix]
  /// W_out: h_L × k.
  public var outputWeights: Matrix
  public let activation: Activation

  /// Wraps existing weights; the shapes must chain (W₁: h₁ × d, Wₗ: hₗ × hₗ₋₁, W_out: h_L × k).
  public init(hiddenWeights: [Matrix], outputWeights: Matrix, activation: Activation) throws(ParameterError) {
    try require(!hiddenWeights.isEmpty, "hiddenWeights", "must hold at least one layer", got: 0)
    try require(
      hiddenWeights[0].rows >= 1 && hiddenWeights[0].columns >= 1, "hiddenWeights[0]",
      "must be h₁ × d with h₁, d ≥ 1", got: "\(hiddenWeights[0].rows)×\(hiddenWeights[0].columns)")
    for l in 1..<hiddenWeights.count {
      try require(
        hiddenWeights[l].rows >= 1 && hiddenWeights[l].columns == hiddenWeights[l - 1].rows, "hiddenWeights[\(l)]",
        "must be h × \(hiddenWeights[l - 1].rows) with h ≥ 1",
        got: "\(hiddenWeights[l].rows)×\(hiddenWeights[l].columns)")
    }
    let top = hiddenWeights[hiddenWeights.count - 1].rows
    try require(
      outputWeights.rows == top && outputWeights.columns >= 1, "outputWeights", "must be \(top) × k with k ≥ 1",
      got: "\(outputWeights.rows)×\(outputWeights.columns)")
    self.hiddenWeights = hiddenWeights
    self.outputWeights = outputWeights
    self.activation = activation
  }

  /// Random initialisation at scale s (see the type's documentation).
  public init(
    inputDimension d: Int, widths: [Int], outputs k: Int, activation: Activation, initScale s: Double,
    stream: RandomStream
  ) throws(ParameterError) {
    try require(d >= 1, "d", "must be ≥ 1", got: d)
    try require(
      !widths.isEmpty && widths.allSatisfy { $0 >= 1 }, "widths", "must be ≥ 1 layer widths, each ≥ 1", got: "\(widths)"
    )
    try require(k >= 1, "outputs", "must be ≥ 1", got: k)
    try require(s.isFinite && s >= 0, "initScale", "must be finite and ≥ 0", got: s)
    var fanIn = d
    var layers: [Matrix] = []
    for h in widths {
      layers.append(stream.normalMatrix(rows: h, columns: fanIn, standardDeviation: s / Double(fanIn).squareRoot()))
      fanIn = h
    }
    self.hiddenWeights = layers
    self.outputWeights = stream.normalMatrix(rows: fanIn, columns: k, standardDeviation: s / Double(fanIn).squareRoot())
    self.activation = activation
  }

  public var depth: Int { hiddenWeights.count }
  public var inputDimension: Int { hiddenWeights[0].columns }
  public var widths: [Int] { hiddenWeights.map(\.rows) }
  public var outputs: Int { outputWeights.columns }
  /// P = Σₗ hₗ·hₗ₋₁ + h_L·k (h₀ = d; no biases), `parameterCount(inputDimension:widths:outputs:)`.
  public var parameterCount: Int {
    Self.parameterCount(inputDimension: inputDimension, widths: widths, outputs: outputs)
  }

  /// The parameter count of the bias-free network with input dimension d, hidden widths
  /// h₁, …, h_L and k outputs: P = Σₗ hₗ·hₗ₋₁ + h_L·k with h₀ = d. For L layers of one width w,
  /// P = w·d + (L − 1)·w² + w·k; for L = 1, `OneHiddenLayerNetwork`'s h·d + h·k. The one home of
  /// the formula: the networks, `NetworkSpec` and the capacity study read it here.
  public static func parameterCount(inputDimension d: Int, widths: [Int], outputs k: Int) -> Int {
    var fanIn = d
    var p = 0
    for h in widths {
      p += h * fanIn
      fanIn = h
    }
    return p + fanIn * k
  }

  /// Every weight matrix in order: W₁, …, W_L, W_out (the layout of a flat parameter vector).
  var allWeights: [Matrix] { hiddenWeights + [outputWeights] }

  /// A₁, …, A_L on the batch X (each b × hₗ).
  public func hiddenRepresentations(_ x: Matrix) -> [Matrix] {
    var out: [Matrix] = []
    var a = x
    for w in hiddenWeights {
      let z = Matrix.product(a, w, transposeB: true)
      if activation == .identity {
        a = z
      } else {
        a = Matrix(rows: z.rows, columns: z.columns)
        activation.apply(z, into: &a)
      }
      out.append(a)
    }
    return out
  }

  /// F = A_L W_out, b × k.
  public func callAsFunction(_ x: Matrix) -> Matrix {
    Matrix.product(hiddenRepresentations(x).last!, outputWeights)
  }

  /// The loss on (X, Y) plus (λ/2)Σ‖W‖², and its gradient with respect to every weight matrix
  /// (returned as a network holding the gradients). The reference entry point for tests; the
  /// trainer uses the same `MultiLayerGradientWorkspace` without reallocating.
  public func lossAndGradient(
    inputs x: Matrix, targets y: Matrix, loss: Loss, weightDecay: Double = 0
  ) -> (loss: Double, gradient: MultiLayerNetwork) {
    var workspace = MultiLayerGradientWorkspace(batch: x.rows, network: self)
    let value = workspace.evaluate(self, inputs: x, targets: y, loss: loss, weightDecay: weightDecay)
    let gradient = try! MultiLayerNetwork(
      hiddenWeights: Array(workspace.gradients.dropLast()), outputWeights: workspace.gradients.last!,
      activation: activation)
    return (value, gradient)
  }
}
