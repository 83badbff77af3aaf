import RepAlignNumerics

/// Why a measure cannot be computed on the given representations. Each case prints as one line
/// naming the argument and what is required.
public enum MeasureError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A and B describe different numbers of inputs.
  case sampleCountMismatch(a: Int, b: Int)
  /// Fewer samples than the estimator needs.
  case tooFewSamples(measure: String, required: Int, got: Int)
  /// A representation has no columns.
  case noFeatures(argument: String)
  /// A non-finite entry.
  case nonFinite(argument: String, row: Int, column: Int, value: Double)
  /// A representation is constant across samples (zero variance after centring), so the
  /// normalised measure is 0/0.
  case constantRepresentation(argument: String, measure: String)
  /// A parameter of the measure itself is out of range (k ≥ m, bandwidth ≤ 0, …).
  case invalidParameter(ParameterError)
  /// A factorisation (GSL's SVD or eigensolver) failed on these inputs; `detail` is GSL's reason.
  case numericalFailure(measure: String, detail: String)

  public var description: String {
    switch self {
    case .sampleCountMismatch(let a, let b):
      "invalid B: must have as many rows (samples) as A (\(a)), got \(b)"
    case .tooFewSamples(let measure, let required, let got):
      "invalid A, B: \(measure) needs at least \(required) samples (rows), got \(got)"
    case .noFeatures(let argument):
      "invalid \(argument): must have at least one column (feature)"
    case .nonFinite(let argument, let row, let column, let value):
      "invalid \(argument): must be finite, got \(value) at row \(row), column \(column)"
    case .constantRepresentation(let argument, let measure):
      "invalid \(argument): \(measure) is undefined for a representation that is constant across samples"
    case .invalidParameter(let error):
      error.description
    case .numericalFailure(let measure, let detail):
      "invalid A, B: \(measure) could not be computed on these inputs (\(detail))"
    }
  }

  /// Runs `body`, turning a `GSLError` (a factorisation that did not converge) into
  /// `numericalFailure` naming the measure, so the user sees one line saying which measure failed.
  public static func numerical<T>(_ measure: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as GSLError {
      throw MeasureError.numericalFailure(measure: measure, detail: error.description)
    }
  }

  /// The common checks: equal sample counts, at least `minimumSamples` rows, at least one
  /// column, finite entries.
  public static func validate(_ a: Matrix, _ b: Matrix, measure: String, minimumSamples: Int = 2)
    throws(MeasureError)
  {
    if a.rows != b.rows { throw .sampleCountMismatch(a: a.rows, b: b.rows) }
    if a.rows < minimumSamples {
      throw .tooFewSamples(measure: measure, required: minimumSamples, got: a.rows)
    }
    for (name, x) in [("A", a), ("B", b)] {
      if x.columns == 0 { throw .noFeatures(argument: name) }
      if let k = x.elements.firstIndex(where: { !$0.isFinite }) {
        throw .nonFinite(argument: name, row: k / x.columns, column: k % x.columns, value: x.elements[k])
      }
    }
  }
}

extension MeasureError {
  /// The checks on a single representation: at least `minimumSamples` rows, at least one column,
  /// finite entries, not constant across samples. `argument` names it in messages ("A",
  /// "representations[3]").
  public static func validate(
    _ x: Matrix, argument: String, measure: String, minimumSamples: Int = 2
  ) throws(MeasureError) {
    if x.rows < minimumSamples {
      throw .tooFewSamples(measure: measure, required: minimumSamples, got: x.rows)
    }
    if x.columns == 0 { throw .noFeatures(argument: argument) }
    if let k = x.elements.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(argument: argument, row: k / x.columns, column: k % x.columns, value: x.elements[k])
    }
    try requireNonConstant(x, argument: argument, measure: measure)
  }

  /// Throws `constantRepresentation` when every row equals the first (tested exactly, so the
  /// verdict does not depend on the round-off of centring).
  public static func requireNonConstant(_ x: Matrix, argument: String, measure: String)
    throws(MeasureError)
  {
    let p = x.columns
    let constant = x.withUnsafeBufferPointer { e in
      for k in p..<(x.rows * p) where e[k] != e[k % p] { return false }
      return true
    }
    if constant { throw .constantRepresentation(argument: argument, measure: measure) }
  }
}
