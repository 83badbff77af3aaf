import Foundation
import RepAlignNumerics

/// Centred kernel alignment with a Gaussian (RBF) kernel (Kornblith et al. 2019, §3; THEORY.md §8):
///
///     Kᵢⱼ = exp(−‖aᵢ − aⱼ‖² / (2σ²)),   CKA = ⟨HKH, HLH⟩_F / (‖HKH‖_F ‖HLH‖_F),
///
/// H = I − 11ᵀ/m, with a bandwidth per representation σ = `bandwidthMultiple` × the median of the
/// m(m−1)/2 pairwise distances (for an even count the mean of the two middle ones). The default
/// multiple 1 is the median heuristic; Kornblith et al. also report 0.2–0.8.
///
/// Because σ scales with the data, the measure is invariant to isotropic scaling as well as to
/// translation, orthogonal maps and unit permutations; not to general invertible linear maps.
/// HKH is positive semi-definite, so the value is in [0, 1]; CKA(A, A) = 1. Cost O(m²) memory
/// and O(m²·p) time per representation, O(m²) per pair. Throws if the median distance is 0 (more
/// than half the samples coincide).
public struct RBFCKA: PreparedAlignmentMeasure {
  /// σ / median pairwise distance.
  public let bandwidthMultiple: Double

  /// `bandwidthMultiple` must be finite and > 0 (checked when the measure is used).
  public init(bandwidthMultiple: Double = 1) { self.bandwidthMultiple = bandwidthMultiple }

  public var name: String { "rbf_cka" }
  public var direction: AlignmentDirection { .higherIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: 0...1,
      selfValue: .constant(1))
  }

  /// The centred kernel HKH and its Frobenius norm.
  public struct Prepared: Sendable {
    let centeredKernel: Matrix
    let norm: Double
  }

  public func prepare(_ x: Matrix, argument: String) throws -> Prepared {
    guard bandwidthMultiple.isFinite && bandwidthMultiple > 0 else {
      throw MeasureError.invalidParameter(
        ParameterError("bandwidthMultiple", "must be finite and > 0", got: bandwidthMultiple))
    }
    try MeasureError.validate(x, argument: argument, measure: "RBF CKA")
    let m = x.rows
    var d2 = RepresentationGeometry.squaredDistances(RepresentationGeometry.unitScaled(x))
    var upper: [Double] = []
    upper.reserveCapacity(m * (m - 1) / 2)
    d2.withUnsafeBufferPointer { d in
      for i in 0..<m { for j in (i + 1)..<m { upper.append(d[i * m + j]) } }
    }
    upper.sort()
    let c = upper.count
    let median =
      c % 2 == 1
      ? upper[c / 2].squareRoot() : (upper[c / 2 - 1].squareRoot() + upper[c / 2].squareRoot()) / 2
    guard median > 0 else {
      throw MeasureError.invalidParameter(
        ParameterError(
          argument, "RBF CKA needs a positive median pairwise distance (most samples coincide)", got: median))
    }
    let sigma = bandwidthMultiple * median
    let scale = -1 / (2 * sigma * sigma)
    // K, then double centring HKH = K − row means − column means + grand mean (K symmetric).
    var rowMeans = [Double](repeating: 0, count: m)
    d2.withUnsafeMutableBufferPointer { k in
      for i in 0..<(m * m) { k[i] = Foundation.exp(k[i] * scale) }
      for i in 0..<m {
        var s = 0.0
        for j in 0..<m { s += k[i * m + j] }
        rowMeans[i] = s / Double(m)
      }
      let grand = rowMeans.reduce(0, +) / Double(m)
      for i in 0..<m {
        for j in 0..<m { k[i * m + j] += grand - rowMeans[i] - rowMeans[j] }
      }
    }
    let norm = d2.frobeniusNorm
    guard norm > 0 else { throw MeasureError.constantRepresentation(argument: argument, measure: "RBF CKA") }
    return Prepared(centeredKernel: d2, norm: norm)
  }

  public func compare(_ a: Prepared, _ b: Prepared) throws -> Double {
    let inner = Matrix.frobeniusInner(a.centeredKernel, b.centeredKernel)
    return Swift.min(1, Swift.max(0, (inner / a.norm) / b.norm))
  }
}
