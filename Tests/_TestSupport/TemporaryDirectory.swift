import Foundation

/// Fresh folders for the files a test writes (one per call, never shared between tests).
public enum TemporaryDirectory {
  /// Creates `<tmp>/repalign-<label>-<uuid>` and returns it; the caller removes it.
  public static func make(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("repalign-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
