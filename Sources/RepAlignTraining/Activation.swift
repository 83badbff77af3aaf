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
          Self.keepWherePositive(zp, UnsafePointer(zp), into: op, count: pz.count)
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
        g.withUnsafeMutableBufferPointer { pg in
          precondition(pz.count == pg.count, "multiplyByDerivative: shapes differ")
          guard let zp = pz.baseAddress, let gp = pg.baseAddress else { return }
          Self.keepWherePositive(zp, UnsafePointer(gp), into: gp, count: pg.count)
        }
      }
    case .tanh:
      h.withUnsafeBufferPointer { ph in
        g.withUnsafeMutableBufferPointer { pg in for i in pg.indices { pg[i] *= 1 - ph[i] * ph[i] } }
      }
    }
  }

  /// out[i] ← z[i] > 0 ? source[i] : +0 (also +0 where z is NaN), four lanes at a time by an explicit
  /// SIMD select, then the tail: the ReLU's forward pass (source = z) and its mask (source = out = g,
  /// in place). Bitwise the scalar select; written as a scalar loop, even without bounds checks, it
  /// compiled to a branchy scalar loop that took 34 % of the small and 25 % of the large ReLU
  /// benchmark (the mask) and 4 % of a ReLU threshold spec (the forward pass; perf, issue 19).
  static func keepWherePositive(
    _ z: UnsafePointer<Double>, _ source: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int
  ) {
    let zr = UnsafeRawPointer(z)
    let sr = UnsafeRawPointer(source)
    let or = UnsafeMutableRawPointer(out)
    var i = 0
    while i &+ 4 <= count {
      let zv = zr.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
      let sv = sr.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
      or.storeBytes(of: sv.replacing(with: 0, where: .!(zv .> 0)), toByteOffset: i &* 8, as: SIMD4<Double>.self)
      i &+= 4
    }
    while i < count {
      out[i] = z[i] > 0 ? source[i] : 0
      i += 1
    }
  }
}
