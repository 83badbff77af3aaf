import Foundation
import RepAlignData
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// The anisotropic tier (deterministic equivalents, HMRT 2022 §5) against the isotropic tiers,
/// its own invariances, and an independent Monte Carlo of min-norm fits at d = 100 (issue 18).
@Suite struct AnisotropicTierTests {
  /// c, CKA and R are rational functions of κ with O(d) terms, κ found to 4ε relative: the round-off
  /// of the sums (d·ε) dominates; 64·d·ε relative covers both with a wide margin.
  static func rationalTolerance(_ d: Int) -> Double { 64 * Double(d) * Tolerance.epsilon }

  static func teacher(_ d: Int, _ tag: String) -> [Double] {
    RandomStream(StreamSeed(master: TestSeeds.seed(1801)).child(tag).child(.teacher)).normals(d)
  }

  /// Σ = I with an arbitrary teacher direction reproduces `AsymptoticTier` (THEORY.md §5's closed
  /// forms: κ = γ − 1 for γ > 1, κ = 0 for γ < 1), on both sides of the threshold.
  @Test(arguments: [(200, 50), (200, 150), (200, 199), (200, 201), (200, 250), (200, 800)])
  func identityReproducesAsymptoticTier(d: Int, n: Int) throws {
    for snr in [0.5, 4.0] {
      let model = try LinearModel(d: d, n: n, snr: snr, signal: 1.7)
      let p = try AnisotropicTier.predict(
        model, spectrum: [Double](repeating: 1, count: d), teacher: Self.teacher(d, "iso\(n)"))
      let q = try AsymptoticTier.predict(model)
      let tol = Self.rationalTolerance(d)
      expectClose(p.alignmentCosine, q.alignmentCosine, tolerance: tol, "c d=\(d) n=\(n) snr=\(snr)")
      expectClose(p.alignmentCKA, q.alignmentCKA, tolerance: tol, "CKA d=\(d) n=\(n) snr=\(snr)")
      expectClose(p.excessRisk, q.excessRisk, tolerance: tol, "R d=\(d) n=\(n) snr=\(snr)")
      #expect(p.tier == .anisotropic)
    }
  }

  /// Σ = I ridge equals the filtered tier's Marchenko–Pastur integrals (THEORY.md §6), computed by
  /// GSL quadrature — an independent route to the same limit. Tolerance: the quadrature's
  /// (`Tolerance.quadrature`, relative) plus the rational round-off.
  @Test(arguments: [(100, 50), (100, 100), (100, 400)])
  func identityRidgeMatchesFilteredTier(d: Int, n: Int) throws {
    for lambda in [0.01, 0.3, 2.0] {
      let model = try LinearModel(d: d, n: n, snr: 3)
      let estimator = Estimator.ridge(lambda: lambda)
      let p = try AnisotropicTier.predict(
        model, spectrum: [Double](repeating: 1, count: d), teacher: Self.teacher(d, "ridge"), estimator: estimator)
      let q = try FilteredTier.predict(model, estimator: estimator)
      let tol = Tolerance.quadrature + Self.rationalTolerance(d)
      expectClose(p.alignmentCosine, q.alignmentCosine, tolerance: tol, "c d=\(d) n=\(n) λ=\(lambda)")
      expectClose(p.excessRisk, q.excessRisk, tolerance: tol, "R d=\(d) n=\(n) λ=\(lambda)")
    }
  }

  /// (Σ, β, λ) → (tΣ, β/√t, tλ) maps every fit to the same function (X → √t X, β̂ → β̂/√t), so c
  /// and R (which is in the Σ norm) are unchanged; κ scales by t. Power-law spectrum α = 1.3.
  @Test func invariantUnderRescalingCovarianceWithTeacher() throws {
    let d = 120
    let lambda = InputCovariance.powerLaw(exponent: 1.3).eigenvalues(dimension: d)
    let theta = try AnisotropicTier.rescaled(teacher: Self.teacher(d, "scale"), spectrum: lambda, signal: 1)
    for n in [40, 300] {
      for ridge in [0.0, 0.05] {
        let est: Estimator = ridge == 0 ? .minimumNorm : .ridge(lambda: ridge)
        let base = try AnisotropicTier.evaluate(
          spectrum: lambda, teacher: theta, n: n, noiseVariance: 0.25, estimator: est)
        for t in [1e-3, 7.5, 1e4] {
          let estT: Estimator = ridge == 0 ? .minimumNorm : .ridge(lambda: ridge * t)
          let r = try AnisotropicTier.evaluate(
            spectrum: lambda.map { $0 * t }, teacher: theta.map { $0 / t.squareRoot() }, n: n, noiseVariance: 0.25,
            estimator: estT)
          let tol = Self.rationalTolerance(d)
          expectClose(r.alignmentCosine, base.alignmentCosine, tolerance: tol, "c n=\(n) λ=\(ridge) t=\(t)")
          expectClose(r.excessRisk, base.excessRisk, relativeTo: base.excessRisk, tolerance: tol, "R n=\(n) t=\(t)")
          expectClose(
            r.effectiveRegularization, t * base.effectiveRegularization,
            relativeTo: t * base.effectiveRegularization, tolerance: tol, "κ n=\(n) t=\(t)")
        }
      }
    }
  }

  /// Ridge λ → 0 recovers min-norm, at first order in λ: the gap at λ = 10⁻³, 10⁻⁵, 10⁻⁷ shrinks
  /// by a factor 100 ± 10 per step (κ(λ) = κ₀ + κ′(0)λ + O(λ²), and c, R are smooth in κ), and at
  /// λ = 10⁻⁹ it is below 10⁻⁶ relative. Both sides of the threshold.
  @Test func ridgeToZeroRecoversMinimumNorm() throws {
    let d = 100
    let lambda = InputCovariance.powerLaw(exponent: 1).eigenvalues(dimension: d)
    let theta = try AnisotropicTier.rescaled(teacher: Self.teacher(d, "limit"), spectrum: lambda, signal: 1)
    for n in [30, 250] {
      let m = try AnisotropicTier.evaluate(spectrum: lambda, teacher: theta, n: n, noiseVariance: 0.5)
      var gaps: [Double] = []
      for l in [1e-3, 1e-5, 1e-7, 1e-9] {
        let r = try AnisotropicTier.evaluate(
          spectrum: lambda, teacher: theta, n: n, noiseVariance: 0.5, estimator: .ridge(lambda: l))
        gaps.append(abs(r.excessRisk - m.excessRisk) / m.excessRisk + abs(r.alignmentCosine - m.alignmentCosine))
      }
      for i in 0..<2 {
        let ratio = gaps[i] / gaps[i + 1]
        #expect(ratio > 90 && ratio < 110, "n=\(n): gap ratio \(ratio) (gaps \(gaps))")
      }
      #expect(gaps[3] < 1e-6, "n=\(n): λ = 1e-9 still \(gaps[3]) from min-norm")
    }
  }

  /// Bad input is a one-line `ParameterError` naming the parameter.
  @Test func rejectsBadInput() throws {
    let one = [Double](repeating: 1, count: 4)
    func message(_ body: () throws -> Void) -> String {
      do { try body() } catch { return "\(error)" }
      return "no error"
    }
    #expect(
      message { _ = try AnisotropicTier.evaluate(spectrum: [1, 0, 1, 1], teacher: one, n: 2, noiseVariance: 1) }
        .contains("spectrum"))
    #expect(
      message { _ = try AnisotropicTier.evaluate(spectrum: one, teacher: [1], n: 2, noiseVariance: 1) }
        .contains("teacher"))
    #expect(
      message { _ = try AnisotropicTier.evaluate(spectrum: one, teacher: one, n: 4, noiseVariance: 1) }
        .contains("n"))
    #expect(
      message { _ = try AnisotropicTier.evaluate(spectrum: one, teacher: [0, 0, 0, 0], n: 2, noiseVariance: 1) }
        .contains("teacher"))
    #expect(
      message { _ = try AnisotropicTier.evaluate(spectrum: one, teacher: one, n: 2, noiseVariance: .nan) }
        .contains("noiseVariance"))
    #expect(
      message {
        _ = try AnisotropicTier.evaluate(
          spectrum: one, teacher: one, n: 2, noiseVariance: 1, estimator: .gradientFlow(time: 1))
      }.contains("estimator"))
  }

  /// Independent Monte Carlo at d = 100, power-law spectrum α = 1, SNR 4: explicit min-norm fits
  /// `Matrix.leastSquares(X, [y_a y_b])` on designs with rows ~ N(0, Σ), teacher rescaled to
  /// βᵀΣβ = 1. Estimates: the ratio of means c = E[β̂_aᵀΣβ̂_b]/E[β̂ᵀΣβ̂] (delta-method s.e.), E[risk]
  /// and E[cos²_Σ].
  ///
  /// Against the anisotropic tier (a limit): |MC − DE| ≤ 4·s.e. + δ·|DE|, δ = 1.5/(|n − d| − 1),
  /// 1.5 times the finite-size correction of the isotropic case (THEORY.md §5: the exact noise
  /// energy is |n − d|/(|n − d| − 1) times the limit). For CKA: c² vs E[cos²] gets, in addition,
  /// the cos-concentration allowance 2·δ.
  /// Against the exact tier with the same spectrum (exact per design, averaged over its own
  /// designs): |MC − exact| ≤ 4·√(se² + se²), no allowance — both estimate the same finite-size
  /// expectation.
  /// z = 4 per check, two-sided 6.3e-5 under normality; 2 sizes × 7 checks, ≤ 1e-3 family-wise.
  /// Reference run offline (NumPy, 4000 designs, another teacher): at n = 50, c = 0.6652 ± 0.0015
  /// against the tier's 0.6688; at n = 200, c = 0.7989 ± 0.0006 against 0.8000.
  @Test(arguments: [50, 200])
  func agreesWithMonteCarloOfMinimumNormFits(n: Int) throws {
    let d = 100
    let designs = TestTier.slow ? 2000 : 300
    let lambda = InputCovariance.powerLaw(exponent: 1).eigenvalues(dimension: d)
    let seed = StreamSeed(master: TestSeeds.seed(1802)).child("mc-n\(n)")
    let beta = try AnisotropicTier.rescaled(teacher: Self.teacher(d, "mc"), spectrum: lambda, signal: 1)
    let snr = 4.0
    let sigma = (1 / snr).squareRoot()
    var cross: [Double] = []
    var own: [Double] = []
    var risk: [Double] = []
    var cos2: [Double] = []
    let scales = lambda.map { $0.squareRoot() }
    for j in 0..<designs {
      let z = RandomStream(seed.child(.data).child(j)).normalMatrix(rows: n, columns: d)
      let x = Matrix(rows: n, columns: d) { i, k in z[i, k] * scales[k] }
      let clean = x.times(beta)
      let noise = RandomStream(seed.child(.noise).child(j)).normalMatrix(rows: n, columns: 2, standardDeviation: sigma)
      let y = Matrix(rows: n, columns: 2) { i, a in clean[i] + noise[i, a] }
      let fits = try Matrix.leastSquares(x, y).solution
      let a = fits.column(0)
      let b = fits.column(1)
      func inner(_ p: [Double], _ q: [Double]) -> Double {
        var s = 0.0
        for k in 0..<d { s += p[k] * lambda[k] * q[k] }
        return s
      }
      let ab = inner(a, b)
      let aa = inner(a, a)
      let bb = inner(b, b)
      cross.append(ab)
      own.append((aa + bb) / 2)
      cos2.append(ab * ab / (aa * bb))
      let ea = zip(a, beta).map { $0 - $1 }
      let eb = zip(b, beta).map { $0 - $1 }
      risk.append((inner(ea, ea) + inner(eb, eb)) / 2)
    }
    let count = Double(designs)
    let m1 = cross.reduce(0, +) / count
    let m2 = own.reduce(0, +) / count
    let c = m1 / m2
    let influence = zip(cross, own).map { ($0 - c * $1) / m2 }
    let cSE = Estimate(influence).standardError!
    let r = Estimate(risk)
    let k2 = Estimate(cos2)

    let model = try LinearModel(d: d, n: n, snr: snr)
    let de = try AnisotropicTier.predict(model, spectrum: lambda, teacher: beta)
    let exact = try ExactTier.predict(
      model, spectrum: lambda, teacher: beta, designs: designs / 2, seed: seed.child("exact"))
    let delta = 1.5 / Double(abs(n - d) - 1)
    let z = 4.0
    print(
      "ANISO d=\(d) n=\(n) α=1 SNR=4: MC c=\(c)±\(cSE) R=\(r.mean)±\(r.standardError!) cos²=\(k2.mean)±\(k2.standardError!) | DE c=\(de.alignmentCosine) R=\(de.excessRisk) c²=\(de.alignmentCKA) | exact c=\(exact.alignmentCosine)±\(exact.standardError!.alignmentCosine) cos²=\(exact.alignmentCKA)±\(exact.standardError!.alignmentCKA) R=\(exact.excessRisk)±\(exact.standardError!.excessRisk)"
    )
    #expect(
      abs(c - de.alignmentCosine) <= z * cSE + delta * de.alignmentCosine,
      "c: MC \(c) ± \(cSE), DE \(de.alignmentCosine)")
    #expect(
      abs(r.mean - de.excessRisk) <= z * r.standardError! + delta * de.excessRisk,
      "R: MC \(r.mean) ± \(r.standardError!), DE \(de.excessRisk)")
    #expect(
      abs(k2.mean - de.alignmentCKA) <= z * k2.standardError! + 3 * delta * de.alignmentCKA,
      "CKA: MC \(k2.mean) ± \(k2.standardError!), DE c² = \(de.alignmentCKA)")
    let se = exact.standardError!
    // The exact tier's E[cos] is per-pair, not the ratio of means: compare E[cos²] and R only.
    #expect(
      abs(k2.mean - exact.alignmentCKA) <= z
        * (k2.standardError! * k2.standardError! + se.alignmentCKA * se.alignmentCKA).squareRoot(),
      "E[cos²]: MC \(k2.mean) ± \(k2.standardError!), exact \(exact.alignmentCKA) ± \(se.alignmentCKA)")
    #expect(
      abs(r.mean - exact.excessRisk) <= z
        * (r.standardError! * r.standardError! + se.excessRisk * se.excessRisk).squareRoot(),
      "R: MC \(r.mean) ± \(r.standardError!), exact \(exact.excessRisk) ± \(se.excessRisk)")
  }

  /// Misspecified targets: y = Xβ + ρ with ρ ~ N(0, σ_ρ² Iₙ) drawn once per design and *shared* by
  /// both members (the clean targets of a real design carry such a part), plus each member's own
  /// noise. Independent Monte Carlo of explicit min-norm fits (d = 100, α = 1, SNR 4, σ_ρ² = 0.5,
  /// 300 designs; 1500 slow) against the tier with `residualVariance` σ_ρ²: ratio-of-means c and
  /// the risk against the clean target (E(f(x) − xᵀβ)² + σ_ρ², the test MSE against y(x) when ρ is
  /// independent of x). Same criterion as the well-specified test: 4·s.e. + δ·|DE|,
  /// δ = 1.5/(|n − d| − 1); 2 sizes × 2 checks at two-sided 6.3e-5 each.
  /// And σ_ρ² = 0 is exactly the well-specified result (bit for bit: the added terms are 0).
  @Test(arguments: [50, 200])
  func misspecifiedTargetsAgreeWithMonteCarlo(n: Int) throws {
    let d = 100
    let designs = TestTier.slow ? 1500 : 300
    let lambda = InputCovariance.powerLaw(exponent: 1).eigenvalues(dimension: d)
    let seed = StreamSeed(master: TestSeeds.seed(1803)).child("mis-n\(n)")
    let beta = try AnisotropicTier.rescaled(teacher: Self.teacher(d, "mis"), spectrum: lambda, signal: 1)
    let sigma2 = 0.25
    let rho2 = 0.5
    let scales = lambda.map { $0.squareRoot() }
    var cross: [Double] = []
    var own: [Double] = []
    var risk: [Double] = []
    for j in 0..<designs {
      let z = RandomStream(seed.child(.data).child(j)).normalMatrix(rows: n, columns: d)
      let x = Matrix(rows: n, columns: d) { i, k in z[i, k] * scales[k] }
      let clean = x.times(beta)
      let residual = RandomStream(seed.child("residual").child(j)).normals(n).map { $0 * rho2.squareRoot() }
      let noise = RandomStream(seed.child(.noise).child(j)).normalMatrix(
        rows: n, columns: 2, standardDeviation: sigma2.squareRoot())
      let y = Matrix(rows: n, columns: 2) { i, a in clean[i] + residual[i] + noise[i, a] }
      let fits = try Matrix.leastSquares(x, y).solution
      let a = fits.column(0)
      let b = fits.column(1)
      func inner(_ p: [Double], _ q: [Double]) -> Double {
        var s = 0.0
        for k in 0..<d { s += p[k] * lambda[k] * q[k] }
        return s
      }
      cross.append(inner(a, b))
      own.append((inner(a, a) + inner(b, b)) / 2)
      let ea = zip(a, beta).map { $0 - $1 }
      let eb = zip(b, beta).map { $0 - $1 }
      risk.append((inner(ea, ea) + inner(eb, eb)) / 2 + rho2)
    }
    let m1 = cross.reduce(0, +) / Double(designs)
    let m2 = own.reduce(0, +) / Double(designs)
    let c = m1 / m2
    let cSE = Estimate(zip(cross, own).map { ($0 - c * $1) / m2 }).standardError!
    let r = Estimate(risk)
    let de = try AnisotropicTier.evaluate(
      spectrum: lambda, teacher: beta, n: n, noiseVariance: sigma2, residualVariance: rho2)
    let plain = try AnisotropicTier.evaluate(spectrum: lambda, teacher: beta, n: n, noiseVariance: sigma2)
    let zero = try AnisotropicTier.evaluate(
      spectrum: lambda, teacher: beta, n: n, noiseVariance: sigma2, residualVariance: 0)
    #expect(zero == plain)
    let delta = 1.5 / Double(abs(n - d) - 1)
    print(
      "ANISO misspecified d=\(d) n=\(n) σ_ρ²=\(rho2): MC c=\(c)±\(cSE) R=\(r.mean)±\(r.standardError!) | DE c=\(de.alignmentCosine) R=\(de.excessRisk) (well-specified DE c=\(plain.alignmentCosine))"
    )
    #expect(abs(c - de.alignmentCosine) <= 4 * cSE + delta * de.alignmentCosine, "c: MC \(c) ± \(cSE), DE \(de)")
    #expect(
      abs(r.mean - de.excessRisk) <= 4 * r.standardError! + delta * de.excessRisk,
      "R: MC \(r.mean) ± \(r.standardError!), DE \(de.excessRisk)")
  }
}
