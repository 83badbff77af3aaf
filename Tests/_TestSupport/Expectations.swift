import RepAlignNumerics
import Testing

/// Expects |actual − expected| ≤ tolerance·max(1, |scale|), printing both values to 17
/// significant digits, the tolerance and the context (field, sizes, seed) on failure.
public func expectClose(
  _ actual: Double, _ expected: Double, relativeTo scale: Double? = nil, tolerance: Double,
  _ context: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  let s = max(1, abs(scale ?? expected))
  let difference = abs(actual - expected)
  #expect(
    difference <= tolerance * s && actual.isFinite == expected.isFinite,
    "\(context()): actual \(format17(actual)) expected \(format17(expected)) |diff| \(format17(difference)) > tol \(format17(tolerance)) × \(format17(s))",
    sourceLocation: sourceLocation)
}

/// A Double to 17 significant digits.
public func format17(_ x: Double) -> String {
  var s = String(describing: x)
  if x.isFinite {
    // Swift's description is the shortest round-trip form; pad to 17 significant digits.
    let digits = s.filter(\.isNumber).count
    if digits < 17 && !s.contains("e") {
      if !s.contains(".") { s += "." }
      s += String(repeating: "0", count: 17 - digits)
    }
  }
  return s
}

/// Expects `body` to throw a `ParameterError` that names `parameter` — not any `ParameterError`:
/// a test of one bad argument must not pass because a different argument was rejected first.
public func expectParameterError(
  _ parameter: String, _ context: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record(
      "\(context()): expected a ParameterError naming \(parameter), nothing was thrown", sourceLocation: sourceLocation)
  } catch let error as ParameterError {
    #expect(
      error.parameter == parameter, "\(context()): expected \(parameter), got \(error)", sourceLocation: sourceLocation)
    #expect(!error.description.contains("\n"), "\(context()): \(error)", sourceLocation: sourceLocation)
    #expect(error.description.contains(parameter), "\(context()): \(error)", sourceLocation: sourceLocation)
  } catch {
    Issue.record(
      "\(context()): expected a ParameterError naming \(parameter), got \(error)", sourceLocation: sourceLocation)
  }
}
