import Foundation

/// Nothing non-finite is ever printed: every number a command writes passes through here first.
/// A NaN or infinity is a computation that failed, not a value — `RunFailure` (exit 1) naming the
/// quantity by its key path, instead of `nan` in a CSV cell or Foundation's raw JSON error.
enum FiniteOutput {
  /// Throws when any `Double` inside `value` (dictionaries, arrays, nested) is non-finite.
  /// `context` says where the value came from (`"theory at d = 5, n = 9"`).
  static func require(_ value: Any, context: String) throws {
    if let path = firstNonFinite(value, path: "") {
      throw RunFailure(
        "\(context): \(path.key.isEmpty ? "the result" : path.key) is \(path.value), not a finite number")
    }
  }

  static func firstNonFinite(_ value: Any, path: String) -> (key: String, value: Double)? {
    switch value {
    case let x as Double: return x.isFinite ? nil : (path, x)
    case let d as [String: Any]:
      for key in d.keys.sorted() {
        if let hit = firstNonFinite(d[key]!, path: path.isEmpty ? key : "\(path).\(key)") { return hit }
      }
      return nil
    case let a as [Any]:
      for (i, element) in a.enumerated() {
        if let hit = firstNonFinite(element, path: "\(path)[\(i)]") { return hit }
      }
      return nil
    default: return nil
    }
  }
}
