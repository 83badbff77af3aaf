import RepAlignNumerics

/// The back-propagation through a network's linear read-out F = A W (A: b × h, the last hidden
/// layer; W: h × k), Δ = (G Wᵀ) ⊙ φ'(Z), shared by `GradientWorkspace` and
/// `MultiLayerGradientWorkspace` so that both compute it the same way (their bit-identity at one
/// hidden layer depends on it).
///
/// With one output (k = 1: regression and binary classification, every ReLU claim spec) G Wᵀ is an
/// outer product, and a GEMM call for it spends most of its time packing and zeroing, then the
/// mask is a second pass. Here it is one fused pass, Δᵢⱼ = (gᵢ·wⱼ)·φ'(zᵢⱼ): each gᵢ·wⱼ is a single
/// rounded product exactly as a GEMM with inner dimension 1 forms it, so Δ is bitwise what the
/// GEMM and the mask gave, and every trajectory is unchanged (a matrix–vector route for F = A W
/// and ∇W = Aᵀ G was measured too and dropped: it moves round-off, and the L-BFGS-trained h8 spec's
/// members then end in other minima, by up to 0.85 s.e. per grid point). For k > 1 it stays a GEMM.
enum OutputLayer {
  /// Δ ← (G Wᵀ) ⊙ φ'(Z), given Z and A = φ(Z) (`Activation.multiplyByDerivative`'s contract; for
  /// the identity Δ = G Wᵀ).
  static func backpropagate(
    _ g: Matrix, _ w: Matrix, into delta: inout Matrix, activation: Activation, preactivation z: Matrix,
    activated a: Matrix
  ) {
    guard w.columns == 1 else {
      Matrix.gemm(g, w, into: &delta, transposeB: true)
      activation.multiplyByDerivative(&delta, preactivation: z, activation: a)
      return
    }
    let (rows, width) = (delta.rows, delta.columns)
    precondition(
      g.count == rows && w.count == width && (activation == .identity || z.count == delta.count)
        && (activation != .tanh || a.count == delta.count),
      "backpropagate: shapes disagree")
    g.withUnsafeBufferPointer { pg in
      w.withUnsafeBufferPointer { pw in
        delta.withUnsafeMutableBufferPointer { pd in
          guard let gp = pg.baseAddress, let wp = pw.baseAddress, let dp = pd.baseAddress else { return }
          switch activation {
          case .identity:
            for i in 0..<rows {
              let gi = gp[i]
              let row = dp + i * width
              for j in 0..<width { row[j] = gi * wp[j] }
            }
          case .relu:
            // The same select as `multiplyByDerivative` (+0 wherever z ≤ 0 or z is NaN), four
            // lanes at a time: written as a scalar loop it stayed scalar and branchy (20 % of a
            // ReLU threshold spec's samples, perf).
            z.withUnsafeBufferPointer { pz in
              guard let zp = pz.baseAddress else { return }
              let wr = UnsafeRawPointer(wp)
              for i in 0..<rows {
                let gi = gp[i]
                let gv = SIMD4<Double>(repeating: gi)
                let row = UnsafeMutableRawPointer(dp + i * width)
                let zrow = UnsafeRawPointer(zp + i * width)
                var j = 0
                while j &+ 4 <= width {
                  let zv = zrow.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
                  let product = gv * wr.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
                  row.storeBytes(
                    of: product.replacing(with: 0, where: .!(zv .> 0)), toByteOffset: j &* 8, as: SIMD4<Double>.self)
                  j &+= 4
                }
                while j < width {
                  (dp + i * width)[j] = (zp + i * width)[j] > 0 ? gi * wp[j] : 0
                  j += 1
                }
              }
            }
          case .tanh:
            a.withUnsafeBufferPointer { pa in
              guard let ap = pa.baseAddress else { return }
              for i in 0..<rows {
                let gi = gp[i]
                let row = dp + i * width
                let arow = ap + i * width
                for j in 0..<width { row[j] = (gi * wp[j]) * (1 - arow[j] * arow[j]) }
              }
            }
          }
        }
      }
    }
  }
}
