import Foundation
import PropertyBased
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// Spectral filters over Marchenko–Pastur (THEORY.md §6) against closed forms.
@Suite struct FilteredTierTests {
  /// Tolerance for quantities built from a few QAWS integrals at relative accuracy 1e-10.
  static let quadratureTolerance = 10 * Tolerance.quadrature

  /// The Stieltjes transform of μ_γ at z = −λ and ∫ dμ/(s + λ)², from the closed form
  /// m(z) = (1 − γ − z − √((1 − γ − z)² − 4γz)) / (2γz) (Marchenko & Pastur 1967; Bai &
  /// Silverstein 2010, Lemma 3.11), differentiated by hand.
  static func stieltjes(gamma: Double, lambda: Double) -> (m: Double, mPrime: Double) {
    let b = 1 - gamma + lambda
    let dd = (b * b + 4 * gamma * lambda).squareRoot()
    let f = (dd - b) / (2 * gamma * lambda)
    let dPrime = (b + 2 * gamma) / dd
    let mPrime = ((dd - b) - (dPrime - 1) * lambda) / (2 * gamma * lambda * lambda)
    return (f, mPrime)
  }

  /// Ridge risk equals the Hastie et al. (2022, Thm 5; Dobriban & Wager 2018, Thm 2.1) limit
  /// R(λ) = r²λ²m′(−λ) + σ²γ(m(−λ) − λm′(−λ)), and the cosine equals r²S/(r²S + σ²N) with
  /// S = 1 − 2λm + λ²m′, N = γ(m − λm′) — including γ = 1 (the α = −½ path) and γ > 1 (the atom).
  /// Ranges: γ ∈ [0.1, 5] plus γ = 1 exactly, λ ∈ [0.01, 10], SNR ∈ [0.1, 20].
  @Test func ridgeMatchesStieltjesClosedForm() throws {
    let gen = zip(
      Gen.double(in: 0.1...5), Gen.bool, Gen.double(in: -2...1), Gen.double(in: 0.1...20))
    try forEachDraw(gen, count: 40, fixedSeed: 521) { draw in
      let (g, atOne, logLambda, snr) = draw.value
      let gamma = atOne ? 1 : g
      let lambda = pow(10, logLambda)
      let n = 1000
      let d = Int((gamma * Double(n)).rounded())
      let model = try LinearModel(d: d, n: n, snr: snr)
      let gammaHere = model.gamma
      let p = try FilteredTier.predict(model, estimator: .ridge(lambda: lambda))
      let (m, mp) = Self.stieltjes(gamma: gammaHere, lambda: lambda)
      let sigma2 = 1 / snr
      let s = 1 - 2 * lambda * m + lambda * lambda * mp
      let noise = gammaHere * (m - lambda * mp)
      let risk = lambda * lambda * mp + sigma2 * noise
      expectClose(
        p.excessRisk, risk, tolerance: Self.quadratureTolerance,
        "risk γ=\(gammaHere) λ=\(lambda) \(draw.replay)")
      expectClose(
        p.alignmentCosine, s / (s + sigma2 * noise), tolerance: Self.quadratureTolerance,
        "cos γ=\(gammaHere) λ=\(lambda) \(draw.replay)")
    }
  }

  /// φ = 1 recovers §5's proportional limit (minimum norm), for γ on both sides of 1.
  @Test(arguments: [0.1, 0.5, 0.9, 1.1, 2.0, 10.0])
  func minimumNormEqualsAsymptotic(gamma: Double) throws {
    let n = 1000
    let model = try LinearModel(d: Int(gamma * Double(n)), n: n, snr: 4)
    let f = try FilteredTier.predict(model, estimator: .minimumNorm)
    let a = try AsymptoticTier.predict(model)
    expectClose(
      f.alignmentCosine, a.alignmentCosine, tolerance: Self.quadratureTolerance, "cos γ=\(gamma)")
    expectClose(
      f.excessRisk, a.excessRisk, relativeTo: a.excessRisk, tolerance: Self.quadratureTolerance,
      "risk γ=\(gamma)")
  }

  /// λ → 0, t → ∞ and τ → ∞ recover the ridgeless limit. Ridge: the gap is O(λ) with constant
  /// ≲ ∫ 1/s² dμ ~ 1/(1 − √γ)⁴ ≤ 3·10³ for γ ∈ {0.3, 3}, so λ = 1e-9 leaves ≤ 3e-6. GD with
  /// η = 0.9/s₊ and t = 4000 and flow with τ = 4000 leave (1 − ηs₋)^t, e^{−s₋τ} < 1e-20.
  @Test(arguments: [0.3, 3.0])
  func filtersTendToRidgeless(gamma: Double) throws {
    let n = 1000
    let model = try LinearModel(d: Int(gamma * Double(n)), n: n, snr: 2)
    let limit = try AsymptoticTier.predict(model)
    let sPlus = try MarchenkoPastur(gamma: model.gamma).upperEdge
    let cases: [(Estimator, Double)] = [
      (.ridge(lambda: 1e-9), 3e-6),
      (.gradientDescent(steps: 4000, learningRate: 0.9 / sPlus), Self.quadratureTolerance),
      (.gradientFlow(time: 4000), Self.quadratureTolerance),
    ]
    for (estimator, tol) in cases {
      let p = try FilteredTier.predict(model, estimator: estimator)
      expectClose(
        p.alignmentCosine, limit.alignmentCosine, tolerance: tol, "\(estimator) cos γ=\(gamma)")
      expectClose(
        p.excessRisk, limit.excessRisk, relativeTo: limit.excessRisk, tolerance: tol,
        "\(estimator) risk γ=\(gamma)")
    }
  }

  /// Optimal ridge λ* = γ/SNR (Hastie et al. 2022, Thm 6; Dobriban & Wager 2018): the risk at λ*
  /// is below the risk at λ*·(1 ± 5%).
  @Test(arguments: [(0.5, 2.0), (2.0, 5.0)])
  func optimalRidge(gamma: Double, snr: Double) throws {
    let model = try LinearModel(d: Int(gamma * 1000), n: 1000, snr: snr)
    let star = gamma / snr
    let r0 = try FilteredTier.predict(model, estimator: .ridge(lambda: star)).excessRisk
    for f in [0.95, 1.05] {
      let r = try FilteredTier.predict(model, estimator: .ridge(lambda: star * f)).excessRisk
      #expect(r > r0, "γ=\(gamma) snr=\(snr): R(\(f)λ*) = \(r) ≤ R(λ*) = \(r0)")
    }
  }

  /// Claim 1 for filtered estimators: strictly increasing in SNR. Ranges: γ ∈ [0.05, 5],
  /// λ ∈ [1e-3, 10], SNR ∈ [0.01, 100], GD t ∈ 1…500 with η ∈ (0, 1.9/s₊).
  @Test func strictlyIncreasingInSNR() throws {
    let gen = zip(
      Gen.double(in: 0.05...5), Gen.double(in: -3...1), Gen.double(in: -2...2),
      Gen.int(in: 1...500), Gen.double(in: 0.01...0.95))
    try forEachDraw(gen, count: 30, fixedSeed: 522) { draw in
      let (gamma, logLambda, logSNR, steps, etaFraction) = draw.value
      let d = max(1, Int(gamma * 1000))
      let sPlus = try MarchenkoPastur(gamma: Double(d) / 1000).upperEdge
      for estimator in [
        Estimator.ridge(lambda: pow(10, logLambda)),
        .gradientDescent(steps: steps, learningRate: 2 * etaFraction / sPlus),
      ] {
        let snr = pow(10, logSNR)
        let lo = try FilteredTier.predict(
          LinearModel(d: d, n: 1000, snr: snr), estimator: estimator)
        let hi = try FilteredTier.predict(
          LinearModel(d: d, n: 1000, snr: snr * 1.5), estimator: estimator)
        #expect(
          hi.alignmentCosine > lo.alignmentCosine,
          "\(estimator) γ=\(gamma) snr=\(snr) \(draw.replay)")
      }
    }
  }

  @Test func badInputIsAnError() throws {
    let atThreshold = try LinearModel(d: 100, n: 100, snr: 4)
    expectParameterError("n") {
      try FilteredTier.predict(atThreshold, estimator: .minimumNorm)
    }
    expectParameterError("ridge") {
      try FilteredTier.predict(atThreshold, estimator: .ridge(lambda: 0))
    }
    expectParameterError("lr") {
      try FilteredTier.predict(
        atThreshold, estimator: .gradientDescent(steps: 10, learningRate: 0.6)) // s₊ = 4
    }
    #expect(throws: Never.self) {
      try FilteredTier.predict(atThreshold, estimator: .ridge(lambda: 0.1))
    }
  }
}
