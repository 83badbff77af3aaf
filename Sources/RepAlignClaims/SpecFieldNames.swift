import Foundation
import RepAlignNumerics

/// Strict field names for spec files: every key of every JSON object in a spec must be a field
/// of the type it decodes into, so a typo ("designz") is an error instead of a silently ignored
/// field (which would leave the default in force).
///
/// The known fields are read off the decoded value itself (`Mirror` lists every stored property,
/// nil optionals included), converted to the file's snake_case, so the check follows the types
/// without a second list of names. Objects nested in fields (task, model, …, the items of
/// `documented_exceptions`) are checked against their own types; dictionary-valued fields hold
/// data, not field names, and are not checked. A near miss (edit distance ≤ 2) is suggested.
enum SpecFieldNames {
  /// Throws a `ParameterError` naming the first unknown field (`task.input_dimensionn`).
  static func rejectUnknown(in json: Any, decoded value: Any, path: String = "") throws(ParameterError) {
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .optional {
      if let child = mirror.children.first { try rejectUnknown(in: json, decoded: child.value, path: path) }
      return
    }
    if mirror.displayStyle == .dictionary { return }
    if let array = json as? [Any], mirror.displayStyle == .collection {
      for (item, element) in zip(array, mirror.children.map(\.value)) {
        try rejectUnknown(in: item, decoded: element, path: path)
      }
      return
    }
    guard let object = json as? [String: Any], mirror.displayStyle == .struct || mirror.displayStyle == .class
    else { return }
    var fields: [String: Any] = [:]
    for child in mirror.children {
      if let label = child.label { fields[snakeCase(label)] = child.value }
    }
    for key in object.keys.sorted() {
      let name = path.isEmpty ? key : "\(path).\(key)"
      guard let field = fields[key] else {
        let suggestion = fields.keys.sorted().min { distance(key, $0) < distance(key, $1) }
          .flatMap { distance(key, $0) <= 2 ? $0 : nil }
        let rendered = String(describing: object[key]!).replacingOccurrences(of: "\n", with: " ")
        throw ParameterError(
          name,
          "is not a spec field" + (suggestion.map { " (did you mean \(path.isEmpty ? $0 : "\(path).\($0)")?)" } ?? ""),
          got: rendered.count > 40 ? String(rendered.prefix(40)) + "…" : rendered)
      }
      try rejectUnknown(in: object[key]!, decoded: field, path: name)
    }
  }

  /// `inputDimension` → `input_dimension` (the inverse of `.convertFromSnakeCase`).
  static func snakeCase(_ name: String) -> String {
    var out = ""
    for c in name {
      if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
    return out
  }

  /// Levenshtein distance (insertions, deletions, substitutions).
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1]
      for (j, y) in b.enumerated() {
        current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
      }
      previous = current
    }
    return previous[b.count]
  }

}
