import Foundation
import RepAlignNumerics

/// Exact moments of the direction of a Gaussian vector, x ~ N(μ, diag(v)) in ℝᵏ, v > 0:
///
///   P̄ = E[x xᵀ / ‖x‖²]   and   w = E[x / ‖x‖],
///
/// which give, for two independent copies x_a, x_b (two ensemble members on one design),
/// E[cos²(x_a, x_b)] = tr(P̄P̄) = ‖P̄‖²_F and E[cos(x_a, x_b)] = ‖w‖² — with no ratio-of-
/// expectations approximation (THEORY.md §5, "quadrature for the ratio of Gaussian quadratic
/// forms").
///
/// Method. 1/q = ∫₀^∞ e^{−tq} dt and q^{−½} = π^{−½}∫₀^∞ t^{−½} e^{−tq} dt turn each ratio into a
/// one-dimensional integral of Gaussian expectations with closed forms. Under the tilt e^{−t‖x‖²}
/// the coordinates stay independent Gaussians with aᵢ = 1/(1 + 2tvᵢ), mean μᵢaᵢ, variance vᵢaᵢ
/// and normaliser G(t) = Πᵢ aᵢ^{½} exp(−tμᵢ²aᵢ), so
///
///   P̄ = ∫₀^∞ G(t) [diag(vᵢaᵢ) + (μa)(μa)ᵀ] dt,   wᵢ = π^{−½} ∫₀^∞ t^{−½} G(t) μᵢaᵢ dt.
///
/// The integrals are evaluated with the trapezoidal rule in y = log t (step h = 1/4) over
/// [log t₀ − 80, log(1/(2 v_min)) + 4 + 80/k], t₀ = 1/E‖x‖². The integrands are analytic in a
/// strip |Im y| < π/2 and decay like e^{y/2} (or faster) below and e^{−ky/2} above, so the
/// discretisation error is O(e^{−π²/h}) ≈ 1e-17 and the truncation error ≤ e^{−40} relative;
/// tested against GSL adaptive quadrature and against Monte Carlo. The identity tr P̄ = 1 is
/// checked on every call (|tr P̄ − 1| ≤ `traceTolerance`, else a `GSLError`-style failure).
///
/// k = 1 is closed form: cos² ≡ 1 and E cos = erf(μ/√(2v))².
public struct GaussianDirectionMoments: Sendable {
  /// E[cos²(x_a, x_b)] = ‖P̄‖²_F.
  public let expectedSquaredCosine: Double
  /// E[cos(x_a, x_b)] = ‖w‖².
  public let expectedCosine: Double
  /// The ratio of expectations E[(x_a·x_b)²] / (E‖x‖²)² = (‖μ‖⁴ + 2Σvᵢμᵢ² + Σvᵢ²)/(‖μ‖² + Σvᵢ)²
  /// (THEORY.md §5's A_X).
  public let ratioOfExpectationsSquaredCosine: Double
  /// The ratio of expectations for the cosine, ‖μ‖² / (‖μ‖² + Σvᵢ).
  public let ratioOfExpectationsCosine: Double
  /// |tr P̄ − 1|: the quadrature's self-check.
  public let traceResidual: Double
  /// Number of quadrature nodes used.
  public let nodes: Int

  /// Trapezoid step in log t.
  public static let step = 0.25
  /// Allowed |tr P̄ − 1|: 1e-10, far above the ~1e-15 the rule reaches and far below any
  /// statistical error in the suite.
  public static let traceTolerance = 1e-10
  /// Node-count cap: the log-range of any normal Float64 input spans < 1500 at step 0.25, so < 10⁴
  /// nodes; 10⁶ is only a guard.
  static let maximumNodes = 1e6

  /// - Parameters: `mean` μ and `variance` v (all vᵢ finite and > 0), same length k ≥ 1.
  public init(
    mean mu: [Double], variance v: [Double], step h: Double = GaussianDirectionMoments.step
  ) throws {
    let k = mu.count
    try require(h.isFinite && h > 0, "step", "must be finite and > 0", got: h)
    try require(k >= 1, "mean", "must have at least one coordinate", got: k)
    try require(v.count == k, "variance", "must have \(k) entries like mean", got: v.count)
    try require(mu.allSatisfy(\.isFinite), "mean", "must be finite", got: "non-finite entry")
    try require(
      v.allSatisfy { $0.isFinite && $0 > 0 }, "variance", "must be finite and > 0",
      got: v.min() ?? 0)
    let mu2 = mu.reduce(0) { $0 + $1 * $1 }
    let vSum = v.reduce(0, +)
    var cross = 0.0
    var v2 = 0.0
    for i in 0..<k {
      cross += v[i] * mu[i] * mu[i]
      v2 += v[i] * v[i]
    }
    let total = mu2 + vSum
    ratioOfExpectationsSquaredCosine = (mu2 * mu2 + 2 * cross + v2) / (total * total)
    ratioOfExpectationsCosine = mu2 / total

    if k == 1 {
      expectedSquaredCosine = 1
      let e = erf(mu[0] / (2 * v[0]).squareRoot())
      expectedCosine = e * e
      traceResidual = 0
      nodes = 0
      return
    }

    let vMin = v.min()!
    let yLo = log(1 / total) - 80
    let yHi = max(log(1 / total), log(1 / (2 * vMin))) + 4 + 80 / Double(k)
    // The range is finite for finite μ and normal v; bound it anyway, so that no input can
    // overflow the node count (a trap) or allocate without limit.
    let span = ((yHi - yLo) / h).rounded(.up)
    try require(
      span.isFinite && span < Self.maximumNodes, "variance",
      "must keep the quadrature range finite (1/(2·min vᵢ) and 1/(‖μ‖² + Σvᵢ) representable)", got: vMin)
    let count = Int(span) + 1
    var p = [Double](repeating: 0, count: k)
    var w = [Double](repeating: 0, count: k)
    // B (count × k): row q holds √(h t G) μᵢaᵢ, so BᵀB = ∫ G (μa)(μa)ᵀ dt.
    var b = Matrix(rows: count, columns: k)
    var a = [Double](repeating: 0, count: k)
    let mu2i = mu.map { $0 * $0 }
    let invSqrtPi = 1 / Double.pi.squareRoot()
    // Raw buffers: this loop is the tier's hot path (count·k ≈ 10⁴–10⁵ steps per design) and
    // must stay fast in debug builds.
    b.withUnsafeMutableBufferPointer { bp in
      mu.withUnsafeBufferPointer { mup in
        v.withUnsafeBufferPointer { vp in
          mu2i.withUnsafeBufferPointer { m2p in
            a.withUnsafeMutableBufferPointer { ap in
              p.withUnsafeMutableBufferPointer { pp in
                w.withUnsafeMutableBufferPointer { wp in
                  for q in 0..<count {
                    let t = exp(yLo + Double(q) * h)
                    var logA = 0.0
                    var quad = 0.0
                    for i in 0..<k {
                      let ai = 1 / (1 + 2 * t * vp[i])
                      ap[i] = ai
                      logA += log(ai)
                      quad += m2p[i] * ai
                    }
                    let g = exp(0.5 * logA - t * quad)
                    if g == 0 { continue }
                    let omega = h * t * g
                    let rootOmega = omega.squareRoot()
                    let omegaW = h * t.squareRoot() * g * invSqrtPi
                    let row = q * k
                    for i in 0..<k {
                      let ai = ap[i]
                      pp[i] += omega * vp[i] * ai
                      let m = mup[i] * ai
                      bp[row + i] = rootOmega * m
                      wp[i] += omegaW * m
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    let qm = b.gramian()
    var sumP2 = 0.0
    var cross2 = 0.0
    var trace = 0.0
    for i in 0..<k {
      sumP2 += p[i] * p[i]
      cross2 += p[i] * qm[i, i]
      trace += p[i] + qm[i, i]
    }
    let frob = qm.frobeniusNorm
    expectedSquaredCosine = sumP2 + 2 * cross2 + frob * frob
    expectedCosine = w.reduce(0) { $0 + $1 * $1 }
    traceResidual = abs(trace - 1)
    nodes = count
    if !(traceResidual <= Self.traceTolerance) {
      // Status 14 is GSL_ETOL: the requested tolerance was not reached.
      throw GSLError(
        status: 14, operation: "GaussianDirectionMoments (k = \(k), \(count) nodes)",
        reason: "quadrature self-check |tr P̄ − 1| = \(traceResidual) exceeds \(Self.traceTolerance)"
      )
    }
  }
}
