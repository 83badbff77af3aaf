/// An invalid argument supplied by a caller: names the parameter, what is allowed and what was
/// given, in one line. Every layer of RepAlign reports bad input with this type (or a type of its
/// own that prints the same way) instead of trapping or returning NaN.
public struct ParameterError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The parameter's name as the caller knows it (`"d"`, `"snr"`, `"A"`).
  public let parameter: String
  /// What is allowed, phrased to follow the parameter: `"must be ≥ 1"`.
  public let requirement: String
  /// The offending value, rendered for the message.
  public let value: String

  public init(_ parameter: String, _ requirement: String, got value: some CustomStringConvertible) {
    self.parameter = parameter
    self.requirement = requirement
    self.value = value.description
  }

  public var description: String { "invalid \(parameter) = \(value): \(requirement)" }
}

/// Throws a `ParameterError` unless `condition` holds.
@inlinable
package func require(
  _ condition: Bool, _ parameter: String, _ requirement: String,
  got value: @autoclosure () -> some CustomStringConvertible
) throws(ParameterError) {
  if !condition { throw ParameterError(parameter, requirement, got: value()) }
}
