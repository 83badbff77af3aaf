import Foundation
import RepAlignNumerics

/// How parameters are updated from gradients. η is the learning rate, g the gradient of the
/// objective (data loss + (λ/2)‖θ‖² when weight decay λ > 0, so decay is L2 regularisation, not
/// AdamW's decoupled decay).
///
/// - `gradientDescent`: full-batch θ ← θ − η g (THEORY.md §3, §6's filter 1 − (1 − ηs)^t).
/// - `sgd(batchSize:)`: the same update on minibatches of `batchSize` rows. Each epoch draws a
///   permutation of 0..<n from the member's own `batches` stream and visits ⌊n/b⌋ full batches
///   (the remainder of the permutation is dropped), so b ≤ n.
/// - `adam(batchSize:)`: Adam (Kingma & Ba 2015) with β₁ = 0.9, β₂ = 0.999, ε̂ = 1e-8 and bias
///   correction; `batchSize` nil means full batch, otherwise batches as for `sgd`.
/// - `bfgs`: full-batch quasi-Newton, GSL's `vector_bfgs2` with its Fletcher line search
///   (`QuasiNewtonMinimizer`, RepAlignNumerics). The learning rate is the length of the first
///   trial step of the line search, ‖Δθ‖ (later steps are chosen by the method); `steps` bounds the
///   iterations, each one line search of a few gradient evaluations. Built for training to
///   convergence near the interpolation threshold, where full-batch GD needs 10⁴–10⁵ steps
///   (issue 16; the measurements are in `Validation/README.md`). On ReLU networks its line search
///   stalls at kinks well above the minimum (`StopReason.noProgress`); prefer `lbfgs` there.
/// - `lbfgs`: full-batch limited-memory BFGS with a backtracking Armijo line search
///   (`LimitedMemoryBFGS`, RepAlignNumerics, memory 10); the learning rate is the length of the
///   first step, `steps` bounds the iterations.
public enum Optimizer: Sendable, Equatable, Hashable {
  case gradientDescent
  case sgd(batchSize: Int)
  case adam(batchSize: Int?)
  case bfgs
  case lbfgs

  /// The minibatch size, nil for full batch.
  public var batchSize: Int? {
    switch self {
    case .gradientDescent: nil
    case .sgd(let b): b
    case .adam(let b): b
    case .bfgs, .lbfgs: nil
    }
  }

  /// Gradient evaluations per step that `NoiseEnsemble.cost` charges. Exact for `gd`, `sgd` and
  /// `adam` (one per step). For the quasi-Newton methods an *assumed mean*, not a bound: an
  /// iteration is one line search, and the mean evaluations per iteration measured on the converged
  /// ReLU specs range from 1.7 (members that exhaust the 2 000-iteration budget on the loss
  /// plateau above the threshold: 3 300–4 000 evaluations each, width 8, n ≥ 77) to 16 (members
  /// near the threshold, whose backtracking halves the step many times); 16 is charged. The worst
  /// case of one `LimitedMemoryBFGS` iteration is 1 + 2·60 = 121 evaluations (a failed search of
  /// `maxHalvings` = 60 halvings along the L-BFGS direction, then one along −∇f), and GSL's
  /// `vector_bfgs2` bounds its line search only by its own iteration cap, so with these optimizers
  /// the cost estimate is an upper bound only while the mean stays ≤ 16 per iteration.
  public var gradientEvaluationsPerStep: Double {
    switch self {
    case .gradientDescent, .sgd, .adam: 1
    case .bfgs, .lbfgs: 16
    }
  }

  /// Extra flop per step besides the gradient evaluations, for P = `parameters`: L-BFGS's two-loop
  /// recursion over its 10 pairs (≈ 4 dot products and axpys of length P per pair, 8·10·P), the
  /// line search's trial points and the pair update (≈ 6·P); GSL's BFGS the same order (≈ 20·P).
  /// Zero for the first-order methods (their update is part of `stepOverheadFlops`).
  public func extraFlopsPerStep(parameters p: Double) -> Double {
    switch self {
    case .gradientDescent, .sgd, .adam: 0
    case .bfgs: 20 * p
    case .lbfgs: 86 * p
    }
  }

  public var name: String {
    switch self {
    case .gradientDescent: "gd"
    case .sgd: "sgd"
    case .adam: "adam"
    case .bfgs: "bfgs"
    case .lbfgs: "lbfgs"
    }
  }
}

/// Adam's moment buffers for one network.
struct AdamState {
  static let beta1 = 0.9
  static let beta2 = 0.999
  static let epsilon = 1e-8
  var m1: [Double]
  var v1: [Double]
  var m2: [Double]
  var v2: [Double]
  var t = 0

  init(network: OneHiddenLayerNetwork) {
    m1 = [Double](repeating: 0, count: network.inputWeights.count)
    v1 = m1
    m2 = [Double](repeating: 0, count: network.outputWeights.count)
    v2 = m2
  }

  /// One Adam step on both weight matrices (element-wise: O(parameters), no products).
  mutating func step(_ net: inout OneHiddenLayerNetwork, _ g1: Matrix, _ g2: Matrix, learningRate eta: Double) {
    t += 1
    let c1 = 1 - pow(Self.beta1, Double(t))
    let c2 = 1 - pow(Self.beta2, Double(t))
    Self.update(&net.inputWeights, g1, &m1, &v1, eta, c1, c2)
    Self.update(&net.outputWeights, g2, &m2, &v2, eta, c1, c2)
  }

  /// One Adam update of one weight matrix with its moment buffers (shared by `MultiLayerTrainer`).
  static func update(
    _ w: inout Matrix, _ g: Matrix, _ m: inout [Double], _ v: inout [Double], _ eta: Double, _ c1: Double,
    _ c2: Double
  ) {
    g.withUnsafeBufferPointer { pg in
      w.withUnsafeMutableBufferPointer { pw in
        m.withUnsafeMutableBufferPointer { pm in
          v.withUnsafeMutableBufferPointer { pv in
            for i in pg.indices {
              pm[i] = beta1 * pm[i] + (1 - beta1) * pg[i]
              pv[i] = beta2 * pv[i] + (1 - beta2) * pg[i] * pg[i]
              pw[i] -= eta * (pm[i] / c1) / ((pv[i] / c2).squareRoot() + epsilon)
            }
          }
        }
      }
    }
  }
}
