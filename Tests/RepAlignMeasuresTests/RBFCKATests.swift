import Foundation
import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct RBFCKATests {
  /// Naive oracle: distances by direct differences, median by sorting them, K by the definition,
  /// centring by explicit H·K·H products.
  static func reference(_ a: Matrix, _ b: Matrix, multiple: Double) -> Double {
    func kernel(_ x: Matrix) -> Matrix {
      let d2 = Naive.squaredDistances(x)
      var upper: [Double] = []
      for i in 0..<x.rows { for j in (i + 1)..<x.rows { upper.append(d2[i, j].squareRoot()) } }
      upper.sort()
      let c = upper.count
      let median = c % 2 == 1 ? upper[c / 2] : (upper[c / 2 - 1] + upper[c / 2]) / 2
      let sigma = multiple * median
      let k = d2.map { exp(-$0 / (2 * sigma * sigma)) }
      let h = Naive.centering(x.rows)
      return Matrix.product(h, Matrix.product(k, h))
    }
    let k = kernel(a)
    let l = kernel(b)
    return Matrix.frobeniusInner(k, l) / (k.frobeniusNorm * l.frobeniusNorm)
  }

  /// 1e-12 relative: the Gram-form distances differ from direct differences by ≲ m·ε relative to
  /// ‖x̃‖², and exp(−d²/2σ²) with d²/2σ² = O(1) transmits that unchanged; the O(m²) sums add γ_{m²}.
  @Test func agreesWithNaiveDefinition() throws {
    try forEachDraw(
      zip(
        Gen.int(in: 4...40), Gen.int(in: 1...10), Gen.int(in: 1...10), Gen.int(in: 0...2),
        Gen.int(in: 0...1_000_000), Gen.int(in: 0...2)), count: 20, fixedSeed: 91
    ) { draw in
      let (m, p, q, relation, seed, which) = draw.value
      let multiple = [0.5, 1.0, 2.0][which]
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let fast = try RBFCKA(bandwidthMultiple: multiple)(a, b)
      expectClose(
        fast, Self.reference(a, b, multiple: multiple), relativeTo: 1, tolerance: 1e-12,
        "RBF CKA m=\(m) p=\(p) q=\(q) ×\(multiple); \(draw.replay)")
    }
  }

  @Test func invalidBandwidthAndCoincidentSamplesAreErrors() throws {
    let rng = RandomStream(master: 92, "rbf-bad")
    let a = rng.normalMatrix(rows: 10, columns: 2)
    #expect { try RBFCKA(bandwidthMultiple: 0)(a, a) } throws: { isInvalidParameter($0, "bandwidthMultiple") }
    #expect { try RBFCKA(bandwidthMultiple: .nan)(a, a) } throws: { isInvalidParameter($0, "bandwidthMultiple") }
    // 9 of 10 samples coincide: the median distance is 0.
    var b = Matrix(rows: 10, columns: 2, repeating: 1)
    b[0, 0] = 2
    #expect { try RBFCKA()(a, b) } throws: { isInvalidParameter($0, "B") }
  }
}
