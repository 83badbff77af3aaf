/// A data file that cannot be read as the format it should have: names the parameter that gave
/// the file (`"imagesPath"`, `"labelsPath"`, or the bundled resource's name), the path, and what is
/// wrong, in one line — printed like `ParameterError`:
///
///     invalid labelsPath = /data/t10k-labels-idx1-ubyte: file is truncated: header promises 10000 labels (10008 bytes), file has 9000 bytes
public struct DatasetFileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What kind of problem it is (for callers and tests that branch on it).
  public enum Kind: String, Sendable, Equatable {
    /// No file at the path (or it is a directory).
    case missing
    /// The file exists but could not be read.
    case unreadable
    /// The file is gzip-compressed (starts with 0x1f 0x8b) and could not be decompressed (no `gzip`
    /// tool, a corrupt or truncated stream, or compressed twice); see `Gunzip`.
    case compressed
    /// The leading magic number is not the one the format requires.
    case wrongMagic
    /// The file is shorter than its header says.
    case truncated
    /// The file is longer than its header says.
    case trailingBytes
    /// Two files that must describe the same samples disagree on the count.
    case countMismatch
    /// A text table with a ragged row or a token that is not a number; a file of the wrong format.
    case malformed
    /// The file could not be written.
    case unwritable
  }

  public let kind: Kind
  /// The parameter (or resource) through which the file was given.
  public let parameter: String
  /// The file's path.
  public let path: String
  /// What is wrong, one line.
  public let detail: String

  public init(_ kind: Kind, parameter: String, path: String, _ detail: String) {
    self.kind = kind
    self.parameter = parameter
    self.path = path
    self.detail = detail
  }

  public var description: String {
    let oneLine = { (s: String) in s.split(whereSeparator: \.isNewline).joined(separator: "\\n") }
    return "invalid \(parameter) = \(oneLine(path)): \(oneLine(detail))"
  }
}
