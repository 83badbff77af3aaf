import _CGSL

/// A failure reported by GSL, carrying the status code, GSL's text for it and the operation that
/// failed. GSL's default handler calls `abort()`; RepAlign switches it off once, before its first
/// GSL call (`GSLRuntime.prepare()`), and converts every non-zero status into this error.
public struct GSLError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The `GSL_E*` status code (see `gsl_errno.h`).
  public let status: Int32
  /// The GSL function or RepAlign operation that failed.
  public let operation: String
  /// `gsl_strerror(status)`, or a RepAlign explanation for checks made on GSL's results.
  public let reason: String

  public init(status: Int32, operation: String, reason: String? = nil) {
    self.status = status
    self.operation = operation
    self.reason = reason ?? String(cString: gsl_strerror(status))
  }

  public var description: String { "\(operation) failed: \(reason) (GSL status \(status))" }
}

/// Process-wide GSL set-up.
public enum GSLRuntime {
  private static let handlerOff: Void = {
    _ = gsl_set_error_handler_off()
  }()

  /// Turns GSL's aborting error handler off. Idempotent and thread-safe; every wrapper calls it.
  @inlinable public static func prepare() { _prepare() }

  @usableFromInline static func _prepare() { _ = handlerOff }

  /// The linked GSL's version string, e.g. `"2.7.1"`.
  public static var version: String { String(cString: repalign_gsl_version()) }
}

/// Throws `GSLError` for a non-zero GSL status.
@inlinable
func checkGSL(_ status: Int32, _ operation: String) throws(GSLError) {
  if status != 0 { throw GSLError(status: status, operation: operation) }
}
