import Foundation

/// Every file the report writes goes through here: a relative path that must stay inside the
/// output folder (issue 15). Spec ids are already restricted to [A-Za-z0-9._-] without a leading
/// dot (`ExperimentSpec.isSafeFileName`), so this is the second line of defence: it refuses an
/// absolute path, an empty component, `.` and `..`, whatever produced the name.
enum OutputPath {
  struct Escape: Error, CustomStringConvertible {
    let relative: String
    var description: String { "output path \(relative) would leave the output folder; refusing to write it" }
  }

  /// `directory/relative`, after checking that `relative` names a file below `directory`.
  static func file(_ relative: String, in directory: URL) throws -> URL {
    let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
    guard !relative.hasPrefix("/"), !parts.isEmpty,
      parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") })
    else { throw Escape(relative: relative) }
    let url = directory.appendingPathComponent(relative)
    let base = directory.standardizedFileURL.path
    guard url.standardizedFileURL.path.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
      throw Escape(relative: relative)
    }
    return url
  }
}
