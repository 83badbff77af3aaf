import Foundation
import RepAlignNumerics

extension ExperimentRunner {
  /// Version of the numerics that produce a record: bump it when a change to training, data or a
  /// measure changes any record's value, so that records of the old code are refused on
  /// `--resume` and `merge` instead of being mixed with new ones.
  public static let recordVersion = 1
}

extension ExperimentSpec {
  /// Fields that do not change any record: the prose, the tier, and how the claim is judged
  /// (`claim`, `statistics`, `threshold`). Every other field — including fields added later —
  /// enters the fingerprint.
  static let fieldsOutsideFingerprint: Set<String> = ["description", "tier", "claim", "statistics", "threshold"]

  /// FNV-1a-64 (hex) of everything that determines a grid point's record except the master seed
  /// (which records carry themselves): the spec's canonical JSON (sorted keys) without
  /// `fieldsOutsideFingerprint`, plus `ExperimentRunner.recordVersion`. Two specs with equal
  /// fingerprints and seeds produce identical records; an edited spec (other steps, another grid)
  /// has another fingerprint.
  /// Throws only if the spec cannot be encoded, which a decoded spec always can; it never falls
  /// back to a shared placeholder (two such specs would look identical).
  public func recordFingerprint() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    guard var object = try JSONSerialization.jsonObject(with: encoder.encode(self)) as? [String: Any] else {
      throw ParameterError("spec", "must encode as a JSON object", got: id)
    }
    for key in Self.fieldsOutsideFingerprint { object[key] = nil }
    object["record_version"] = ExperimentRunner.recordVersion
    return FNV1a.hex64(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
  }
}
