import Foundation
import RepAlignNumerics

/// The hidden-layer non-linearity φ of a one-hidden-layer network, applied element-wise.
///
///     identity: φ(z) = z,         φ'(z) = 1         (the linear network of THEORY.md §3)
///     relu:     φ(z) = max(z, 0), φ'(z) = 1[z > 0]  (subgradient 0 at z = 0)
///     tanh:     φ(z) = tanh z,    φ'(z) = 1 − tanh² z
public enum Activation: String, Sendable, CaseIterable, Codable {
  case identity, relu, tanh

  /// φ(z) for one value.
  @inlinable public func callAsFunction(_ z: Double) -> Double {
    switch self {
    case .identity: z
    case .relu: z > 0 ? z : 0
    case .tanh: Foundation.tanh(z)
    }
  }

  /// out ← φ(z) element-wise (out and z have the same shape). Not used for `.identity`, where
  /// the trainer uses z itself.
  func apply(_ z: Matrix, into out: inout Matrix) {
    z.withUnsafeBufferPointer { pz in
      out.withUnsafeMutableBufferPointer { po in
        switch self {
        case .identity: for i in pz.indices { po[i] = pz[i] }
        case .relu: for i in pz.indices { po[i] = pz[i] > 0 ? pz[i] : 0 }
        case .tanh: for i in pz.indices { po[i] = Foundation.tanh(pz[i]) }
        }
      }
    }
  }

  /// g ← g ⊙ φ'(z), given z and h = φ(z) (tanh's derivative is read from h).
  func multiplyByDerivative(_ g: inout Matrix, preactivation z: Matrix, activation h: Matrix) {
    switch self {
    case .identity:
      return
    case .relu:
      z.withUnsafeBufferPointer { pz in
        // A select rather than a conditional store, so the loop vectorizes (same values: +0
        // wherever z ≤ 0 or z is NaN).
        g.withUnsafeMutableBufferPointer { pg in for i in pg.indices { pg[i] = pz[i] > 0 ? pg[i] : 0 } }
      }
    case .tanh:
      h.withUnsafeBufferPointer { ph in
        g.withUnsafeMutableBufferPointer { pg in for i in pg.indices { pg[i] *= 1 - ph[i] * ph[i] } }
      }
    }
  }
}
