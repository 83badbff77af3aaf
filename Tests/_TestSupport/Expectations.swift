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
