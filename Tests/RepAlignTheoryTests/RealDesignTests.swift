import Foundation
import RepAlignData
import RepAlignNumerics
import RepAlignTheory
import Testing
import _TestSupport

/// The exact tier for any design, any clean target vector and any inner product
/// (`ExactTier+Metric`, issue 18 item 2): against the diagonal Σ = I route, and against explicit
/// min-norm fits on the bundled UCI digits.
@Suite struct RealDesignTests {
  /// Two quadratures of the same Gaussian direction moments in rotated coordinates: each is
  /// accurate to ≈1e-15 and self-checked to `GaussianDirectionMoments.traceTolerance` (1e-10);
  /// the rotation changes only rounding, so agree to that self-check level.
  static let routeAgreement = GaussianDirectionMoments.traceTolerance

  /// metric = I and cleanTargets = Xβ reproduce `ExactTier.design(_:teacher:)` (Σ = I, diagonal
  /// route), for n < d, n = d and n > d, min-norm and ridge.
  @Test(arguments: [(10, 15), (12, 12), (20, 9)])
  func identityMetricMatchesDiagonalRoute(n: Int, d: Int) throws {
    let seed = StreamSeed(master: TestSeeds.seed(1821)).child("n\(n)d\(d)")
    let x = RandomStream(seed.child(.data)).normalMatrix(rows: n, columns: d)
    let beta = RandomStream(seed.child(.teacher)).normals(d)
    for estimator in [Estimator.minimumNorm, .ridge(lambda: 0.3)] {
      let a = try ExactTier.design(x, teacher: beta, noiseVariance: 0.4, estimator: estimator)
      let b = try ExactTier.design(
        x, teacher: beta, noiseVariance: 0.4, spectrum: [Double](repeating: 1, count: d), estimator: estimator)
      let tol = Self.routeAgreement
      expectClose(b.expectedCosine, a.expectedCosine, tolerance: tol, "E cos n=\(n) d=\(d) \(estimator)")
      expectClose(b.expectedSquaredCosine, a.expectedSquaredCosine, tolerance: tol, "E cos² n=\(n) d=\(d)")
      expectClose(b.ratioOfExpectations, a.ratioOfExpectations, tolerance: tol, "RoE n=\(n) d=\(d)")
      expectClose(b.excessRisk, a.excessRisk, relativeTo: a.excessRisk, tolerance: tol, "risk n=\(n) d=\(d)")
    }
  }

  /// A digits design (standardized 8×8 images, some pixels constant on the pool, so X is rank
  /// deficient), clean target = the one-hot column of digit 3, SNR 4 (σ² = pool variance / 4).
  static func digitsProblem(n: Int) throws -> (x: Matrix, y: [Double], xTest: Matrix, yTest: [Double], sigma2: Double) {
    let task = try RealDataTask(
      dataset: try BundledDataset.digits.load(), testCount: 400, seed: StreamSeed(master: TestSeeds.seed(1822)))
    let data = try task.ensemble(
      trainingSize: n, members: 1, noise: .targetGaussian(snr: 4), noiseSeed: StreamSeed(master: 1))
    let y = data.cleanTrainTargets.column(3)
    let pool = task.targetSignalVariance // mean column variance of the one-hot pool targets
    return (data.trainInputs, y, data.testInputs, data.testTargets.column(3), pool / 4)
  }

  /// Independent Monte Carlo: 2000 noise pairs of explicit fits `Matrix.leastSquares(X, y + ξ)`
  /// on the digits design; per pair the squared correlation of the two test projections
  /// X_test β̂ (the linear CKA of rank-one representations, THEORY.md §3) and the test MSE against
  /// the clean test targets. The exact tier is exact given the design, test set and targets, so
  /// |MC − exact| ≤ z·s.e., z = 4.4 (two-sided 1e-5 under normality; 3 sizes × 2 checks, ≤ 6e-5).
  /// Sizes: below, near and above the rank of the digits inputs (61: 3 of the 64 pixels are
  /// constant over all 1796 images; NumPy matrix_rank of the centred inputs).
  @Test(arguments: [30, 61, 250])
  func digitsDesignAgreesWithExplicitFits(n: Int) throws {
    let p = try Self.digitsProblem(n: n)
    let exact = try ExactTier.realDesign(
      p.x, cleanTargets: p.y, testInputs: p.xTest, testTargets: p.yTest, noiseVariance: p.sigma2)
    let pairs = 2000
    let noise = RandomStream(StreamSeed(master: TestSeeds.seed(1823)).child(n)).normalMatrix(
      rows: n, columns: 2 * pairs, standardDeviation: p.sigma2.squareRoot())
    let y = Matrix(rows: n, columns: 2 * pairs) { i, j in p.y[i] + noise[i, j] }
    let fits = try Matrix.leastSquares(p.x, y).solution
    let projections = Matrix.product(p.xTest, fits) // m × 2P
    let m = p.xTest.rows
    var cka: [Double] = []
    var risk: [Double] = []
    for q in 0..<pairs {
      let a = projections.column(2 * q)
      let b = projections.column(2 * q + 1)
      let ma = a.reduce(0, +) / Double(m)
      let mb = b.reduce(0, +) / Double(m)
      var sab = 0.0
      var saa = 0.0
      var sbb = 0.0
      for i in 0..<m {
        sab += (a[i] - ma) * (b[i] - mb)
        saa += (a[i] - ma) * (a[i] - ma)
        sbb += (b[i] - mb) * (b[i] - mb)
      }
      cka.append(sab * sab / (saa * sbb))
      let ra = zip(a, p.yTest).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(m)
      let rb = zip(b, p.yTest).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(m)
      risk.append((ra + rb) / 2)
    }
    let c = Estimate(cka)
    let r = Estimate(risk)
    let z = 4.4
    print(
      "REAL digits n=\(n): MC CKA \(c.mean) ± \(c.standardError!), exact \(exact.expectedSquaredCosine); MC MSE \(r.mean) ± \(r.standardError!), exact \(exact.excessRisk)"
    )
    #expect(
      abs(c.mean - exact.expectedSquaredCosine) <= z * c.standardError!,
      "n=\(n): CKA MC \(format17(c.mean)) ± \(c.standardError!) vs exact \(format17(exact.expectedSquaredCosine))")
    #expect(
      abs(r.mean - exact.excessRisk) <= z * r.standardError!,
      "n=\(n): MSE MC \(format17(r.mean)) ± \(r.standardError!) vs exact \(format17(exact.excessRisk))")
  }

  /// Bad input names the parameter.
  @Test func rejectsBadInput() throws {
    let x = RandomStream(StreamSeed(master: 3).child(.data)).normalMatrix(rows: 5, columns: 3)
    let i3 = Matrix.identity(3)
    expectParameterError("cleanTargets") {
      _ = try ExactTier.design(x, cleanTargets: [1, 2], noiseVariance: 1, metric: i3)
    }
    expectParameterError("metric") {
      _ = try ExactTier.design(x, cleanTargets: [1, 2, 3, 4, 5], noiseVariance: 1, metric: Matrix.identity(4))
    }
    expectParameterError("cleanTargets") {
      _ = try ExactTier.design(x, cleanTargets: [1, 2, 3, 4, .nan], noiseVariance: 1, metric: i3)
    }
    expectParameterError("metric") {
      _ = try ExactTier.design(x, cleanTargets: [1, 2, 3, 4, 5], noiseVariance: 1, metric: Matrix(rows: 3, columns: 3))
    }
    expectParameterError("spectrum") {
      _ = try ExactTier.design(x, teacher: [1, 2, 3], noiseVariance: 1, spectrum: [1, -1, 1])
    }
  }
}
