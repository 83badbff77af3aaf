import _CGSL

/// Adaptive numerical integration through GSL's QUADPACK port.
///
/// Rules (choose by the integrand's behaviour at the ends of [a, b]):
/// - `.gaussKronrod` (`gsl_integration_qag`, 61-point rule): smooth integrands.
/// - `.singular` (`gsl_integration_qags`, 21-point rule with Wynn ε-extrapolation): integrable
///   singularities at unknown places, e.g. 1/√x at an endpoint.
/// - `.algebraicLogarithmic(alpha:beta:mu:nu:)` (`gsl_integration_qaws`): the *known* endpoint
///   weight w(x) = (x − a)^α (b − x)^β log^μ(x − a) log^ν(b − x), α, β > −1, μ, ν ∈ {0, 1}; the
///   closure supplies only the smooth remainder f(x), and the result is ∫ w·f. This is the rule for
///   Marchenko–Pastur densities (√ edges: α = β = ½) and their 1/s moments.
///
/// The integral is accepted when GSL reports success with its error estimate below
/// max(absoluteTolerance, relativeTolerance·|result|). A non-finite integrand value, a failure to
/// converge or a non-finite result is a `GSLError`, never a NaN.
public enum Quadrature {
  /// The rule to apply (see the type's documentation).
  public enum Rule: Sendable, Equatable {
    case gaussKronrod
    case singular
    case algebraicLogarithmic(alpha: Double, beta: Double, mu: Int32 = 0, nu: Int32 = 0)
  }

  /// An integral with GSL's estimate of its absolute error.
  public struct Estimate: Sendable, Equatable {
    public let value: Double
    public let absoluteError: Double
  }

  /// Default accuracy: relative 1e-10 (about 5·10⁵ ε), enough headroom below the 1e-8 agreement
  /// the theory tiers promise, and reachable by QUADPACK on smooth and algebraic integrands.
  public static let defaultRelativeTolerance = 1e-10
  /// Workspace size: the maximum number of subintervals.
  package static let workspaceIntervals = 1000

  /// ∫ₐᵇ f (times the weight of `rule`, for `.algebraicLogarithmic`).
  public static func integrate(
    _ f: (Double) -> Double, from a: Double, to b: Double, rule: Rule = .singular,
    absoluteTolerance: Double = 0, relativeTolerance: Double = defaultRelativeTolerance
  ) throws -> Estimate {
    try require(a.isFinite && b.isFinite, "interval", "must have finite ends", got: "[\(a), \(b)]")
    try require(a < b, "interval", "must satisfy a < b", got: "[\(a), \(b)]")
    try require(
      absoluteTolerance >= 0 && relativeTolerance >= 0 && absoluteTolerance + relativeTolerance > 0,
      "tolerance", "must be non-negative and not both zero",
      got: "abs \(absoluteTolerance), rel \(relativeTolerance)")
    GSLRuntime.prepare()
    guard let workspace = gsl_integration_workspace_alloc(workspaceIntervals) else {
      throw GSLError(status: Int32(GSL_ENOMEM), operation: "gsl_integration_workspace_alloc")
    }
    defer { gsl_integration_workspace_free(workspace) }

    return try withGSLFunction(f) { function, box in
      var result = 0.0
      var error = 0.0
      let status: Int32
      let name: String
      switch rule {
      case .gaussKronrod:
        name = "gsl_integration_qag"
        status = gsl_integration_qag(
          &function, a, b, absoluteTolerance, relativeTolerance, workspaceIntervals,
          Int32(GSL_INTEG_GAUSS61), workspace, &result, &error)
      case .singular:
        name = "gsl_integration_qags"
        status = gsl_integration_qags(
          &function, a, b, absoluteTolerance, relativeTolerance, workspaceIntervals, workspace,
          &result, &error)
      case .algebraicLogarithmic(let alpha, let beta, let mu, let nu):
        name = "gsl_integration_qaws"
        try require(alpha > -1 && beta > -1, "alpha, beta", "must be > -1", got: "\(alpha), \(beta)")
        try require(
          (0...1).contains(mu) && (0...1).contains(nu), "mu, nu", "must be 0 or 1",
          got: "\(mu), \(nu)")
        guard let table = gsl_integration_qaws_table_alloc(alpha, beta, mu, nu) else {
          throw GSLError(status: Int32(GSL_EINVAL), operation: "gsl_integration_qaws_table_alloc")
        }
        defer { gsl_integration_qaws_table_free(table) }
        status = gsl_integration_qaws(
          &function, a, b, table, absoluteTolerance, relativeTolerance, workspaceIntervals,
          workspace, &result, &error)
      }
      if let (x, y) = box.firstNonFinite {
        throw GSLError(
          status: Int32(GSL_EDOM), operation: "\(name) on [\(a), \(b)]",
          reason: "integrand returned \(y) at x = \(x)")
      }
      try checkGSL(status, "\(name) on [\(a), \(b)]")
      guard result.isFinite else {
        throw GSLError(
          status: Int32(GSL_EDIVERGE), operation: "\(name) on [\(a), \(b)]",
          reason: "non-finite result \(result)")
      }
      return Estimate(value: result, absoluteError: error)
    }
  }
}
