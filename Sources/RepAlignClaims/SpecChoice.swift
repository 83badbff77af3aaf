/// Decoding of a spec field whose value is one of a fixed set of names (`model.activation`,
/// `training.optimizer`, `task.kind`, …): an unknown name is a `DecodingError.dataCorrupted` at the
/// field's path whose text lists the allowed names, which `SpecError.describe` turns into the
/// one-line message "field model.activation: must be one of identity, relu, tanh; got \"gelu\"".
extension KeyedDecodingContainer {
  func decodeChoice<T>(_ type: T.Type, forKey key: Key) throws -> T
  where T: RawRepresentable & CaseIterable, T.RawValue == String {
    let name = try decode(String.self, forKey: key)
    guard let value = T(rawValue: name) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: SpecChoice.message(T.self, got: name))
    }
    return value
  }

  func decodeChoiceIfPresent<T>(_ type: T.Type, forKey key: Key) throws -> T?
  where T: RawRepresentable & CaseIterable, T.RawValue == String {
    guard try decodeIfPresent(String.self, forKey: key) != nil else { return nil }
    return try decodeChoice(type, forKey: key)
  }
}

enum SpecChoice {
  /// "must be one of a, b, c; got \"x\"".
  static func message<T>(_ type: T.Type, got name: String) -> String
  where T: RawRepresentable & CaseIterable, T.RawValue == String {
    "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")); got \"\(name)\""
  }
}
