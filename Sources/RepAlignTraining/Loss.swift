import Foundation
import RepAlignNumerics

/// Training losses on a batch of b outputs F (b × k) against targets Y (b × k), each averaged
/// over the batch, with their gradients G = ∂L/∂F.
///
/// - `meanSquaredError`: L = ‖F − Y‖²_F / (2b), G = (F − Y)/b — THEORY.md §3's
///   L = ‖X W₁ᵀ w₂ − y‖² / (2n) for full batches.
/// - `softmaxCrossEntropy`, k ≥ 2: L = (1/b) Σᵢ [log Σ_c e^{F_ic} − Σ_c Y_ic F_ic] for rows Y_i
///   that sum to 1 (one-hot labels), G = (softmax(F) − Y)/b. Computed with the max subtracted.
///   With k = 1 and labels y ∈ {−1, +1} it is the two-class softmax with logits (f, 0) read as a
///   margin: L = (1/b) Σ log(1 + e^{−y f}), G = −y σ(−y f)/b (the logistic loss), so binary
///   tasks train a single output as THEORY.md §2's sign(f) classifiers.
public enum Loss: String, Sendable, CaseIterable, Codable {
  case meanSquaredError = "mse"
  case softmaxCrossEntropy = "cross_entropy"

  /// The loss value at F and, into `gradient` (b × k, overwritten), ∂L/∂F.
  func evaluate(outputs f: Matrix, targets y: Matrix, gradient g: inout Matrix) -> Double {
    let b = Double(f.rows)
    let k = f.columns
    switch self {
    case .meanSquaredError:
      // G = (F − Y)/b by BLAS; L = (b/2)·‖G‖² ... computed as ‖F − Y‖²/(2b).
      f.withUnsafeBufferPointer { pf in
        g.withUnsafeMutableBufferPointer { pg in for i in pg.indices { pg[i] = pf[i] } }
      }
      g.add(y, scaledBy: -1)
      let norm = g.frobeniusNorm
      g.scale(by: 1 / b)
      return norm * norm / (2 * b)
    case .softmaxCrossEntropy where k == 1:
      var total = 0.0
      f.withUnsafeBufferPointer { pf in
        y.withUnsafeBufferPointer { py in
          g.withUnsafeMutableBufferPointer { pg in
            for i in pf.indices {
              let margin = py[i] * pf[i]
              total += softplus(-margin)
              pg[i] = -py[i] * logistic(-margin) / b
            }
          }
        }
      }
      return total / b
    case .softmaxCrossEntropy:
      var total = 0.0
      f.withUnsafeBufferPointer { pf in
        y.withUnsafeBufferPointer { py in
          g.withUnsafeMutableBufferPointer { pg in
            for i in 0..<f.rows {
              let row = i * k
              var top = -Double.infinity
              for c in 0..<k { top = max(top, pf[row + c]) }
              var sum = 0.0
              for c in 0..<k { sum += exp(pf[row + c] - top) }
              let logZ = top + log(sum)
              for c in 0..<k {
                total -= py[row + c] * (pf[row + c] - logZ)
                pg[row + c] = (exp(pf[row + c] - logZ) - py[row + c]) / b
              }
            }
          }
        }
      }
      return total / b
    }
  }
}

/// log(1 + eˣ) without overflow.
@inline(__always) func softplus(_ x: Double) -> Double {
  x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}

/// 1 / (1 + e⁻ˣ) without overflow.
@inline(__always) func logistic(_ x: Double) -> Double {
  x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
}
