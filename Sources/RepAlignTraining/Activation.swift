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
        case .relu:
          precondition(pz.count == po.count, "apply: shapes differ")
          guard let zp = pz.baseAddress, let op = po.baseAddress else { return }
          // Four lanes at a time by an explicit select, as in `multiplyByDerivative` (the scalar
          // loop stayed scalar: 4 % of a ReLU threshold spec's samples, perf); bitwise the scalar
          // select (+0 wherever z ≤ 0 or z is NaN).
          let count = pz.count
          let zr = UnsafeRawPointer(zp)
          let or = UnsafeMutableRawPointer(op)
          var i = 0
          while i &+ 4 <= count {
            let zv = zr.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
            or.storeBytes(of: zv.replacing(with: 0, where: .!(zv .> 0)), toByteOffset: i &* 8, as: SIMD4<Double>.self)
            i &+= 4
          }
          while i < count {
            op[i] = zp[i] > 0 ? zp[i] : 0
            i += 1
          }
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
        // A select rather than a conditional store, through base pointers so that no bounds
        // check on z stays in the loop and it vectorizes (same values: +0 wherever z ≤ 0 or z is
        // NaN). With the checked subscript it compiled to a scalar branchy loop that took 34 % of
        // the small and 25 % of the large ReLU benchmark (perf, issue 19).
        g.withUnsafeMutableBufferPointer { pg in
          precondition(pz.count == pg.count, "multiplyByDerivative: shapes differ")
          guard let zp = pz.baseAddress, let gp = pg.baseAddress else { return }
          // Four lanes at a time by an explicit SIMD select (the compiler kept the scalar loop
          // branchy even without bounds checks), then the tail; bitwise the scalar select.
          let count = pg.count
          let zr = UnsafeRawPointer(zp)
          let gr = UnsafeMutableRawPointer(gp)
          var i = 0
          while i &+ 4 <= count {
            let zv = zr.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
            let gv = gr.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
            gr.storeBytes(of: gv.replacing(with: 0, where: .!(zv .> 0)), toByteOffset: i &* 8, as: SIMD4<Double>.self)
            i &+= 4
          }
          while i < count {
            gp[i] = zp[i] > 0 ? gp[i] : 0
            i += 1
          }
        }
      }
    case .tanh:
      h.withUnsafeBufferPointer { ph in
        g.withUnsafeMutableBufferPointer { pg in for i in pg.indices { pg[i] *= 1 - ph[i] * ph[i] } }
      }
    }
  }
}
