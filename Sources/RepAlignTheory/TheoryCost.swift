import RepAlignNumerics

extension ExactTier {
  /// Upper-bound cost of `predict` (any overload) at (d, n) with `designs` sampled designs
  /// (`ResourceBudget`; sizes are `Double` so that no product overflows): per design an n×d
  /// Gaussian draw and its thin SVD, bounded by 4·n·d + 12·n·d·min(n, d) flop (Golub–Reinsch,
  /// GSL's bidiagonalisation and QR sweeps) plus the quadrature of `GaussianDirectionMoments`
  /// (≤ 10⁴ nodes × min(n, d)), and for Σ ≠ I the coloured design 2·n·d²; in memory the design,
  /// its factors and a d×d matrix, 3·n·d + 2·d² entries.
  public static func cost(d: Double, n: Double, designs: Double, anisotropic: Bool = false) -> CostEstimate {
    let perDesign = 4 * n * d + 12 * n * d * min(n, d) + 1e4 * min(n, d) + (anisotropic ? 2 * n * d * d : 0)
    return CostEstimate(bytes: 8 * (3 * n * d + 2 * d * d), flops: designs * perDesign)
  }
}
