import _CGSL

/// Bracketing root finding with GSL's Brent–Dekker solver (`gsl_root_fsolver_brent`).
///
/// Converges when the bracket [lo, hi] satisfies GSL's `gsl_root_test_interval`:
/// |hi − lo| < absoluteTolerance + relativeTolerance·min(|lo|, |hi|). The function must change
/// sign on the initial bracket; that is checked first, with a message giving both values.
public enum RootFinding {
  /// Default relative tolerance: 4 ε, i.e. the root to a few ulps.
  public static let defaultRelativeTolerance = 4 * Double.ulpOfOne

  /// The root of `f` in [a, b].
  public static func brent(
    _ f: (Double) -> Double, bracket a: Double, _ b: Double, absoluteTolerance: Double = 0,
    relativeTolerance: Double = defaultRelativeTolerance, maxIterations: Int = 200
  ) throws -> Double {
    try require(
      a.isFinite && b.isFinite && a < b, "bracket", "must be finite with a < b",
      got: "[\(a), \(b)]")
    let fa = f(a)
    let fb = f(b)
    try require(
      fa.isFinite && fb.isFinite, "f", "must be finite at the bracket ends",
      got: "f(\(a)) = \(fa), f(\(b)) = \(fb)")
    if fa == 0 { return a }
    if fb == 0 { return b }
    try require(
      (fa < 0) != (fb < 0), "bracket", "must contain a sign change of f",
      got: "f(\(a)) = \(fa), f(\(b)) = \(fb)")
    GSLRuntime.prepare()
    guard let solver = gsl_root_fsolver_alloc(repalign_root_fsolver_brent()) else {
      throw GSLError(status: Int32(GSL_ENOMEM), operation: "gsl_root_fsolver_alloc")
    }
    defer { gsl_root_fsolver_free(solver) }
    return try withGSLFunction(f) { function, box in
      try checkGSL(gsl_root_fsolver_set(solver, &function, a, b), "gsl_root_fsolver_set")
      for _ in 0..<maxIterations {
        let iterated = gsl_root_fsolver_iterate(solver)
        if let (x, y) = box.firstNonFinite {
          throw GSLError(
            status: Int32(GSL_EDOM), operation: "brent on [\(a), \(b)]", reason: "f returned \(y) at x = \(x)")
        }
        try checkGSL(iterated, "gsl_root_fsolver_iterate")
        let lo = gsl_root_fsolver_x_lower(solver)
        let hi = gsl_root_fsolver_x_upper(solver)
        let status = gsl_root_test_interval(lo, hi, absoluteTolerance, relativeTolerance)
        if status == Int32(GSL_SUCCESS) { return gsl_root_fsolver_root(solver) }
        if status != Int32(GSL_CONTINUE) { try checkGSL(status, "gsl_root_test_interval") }
      }
      throw GSLError(
        status: Int32(GSL_EMAXITER), operation: "brent on [\(a), \(b)]",
        reason: "no convergence in \(maxIterations) iterations")
    }
  }
}
