import Foundation

/// Decompresses gzip files (RFC 1952) by running the system's `gzip -dc`, for the `.gz` files a
/// user's own copy of MNIST or Fashion-MNIST usually comes as.
///
/// ## Why a subprocess
/// Only `RepAlignNumerics` may link C libraries (the layering rule of `Package.swift`), so the
/// Data module cannot call zlib; an inflate written in Swift would be a second, untested
/// decompressor. `gzip` is part of every Debian base system (Priority: required), reads the file
/// directly and checks the stream's CRC-32 and length, so a corrupt file is an error, never
/// silently wrong pixels. The data cache (`DataCache`, `Scripts/fetch-data.sh`) stores
/// uncompressed files, so the claim runs never need this path; it serves `--data-dir` folders.
///
/// Errors are one-line `DatasetFileError`s of kind `.compressed`: no `gzip` on `PATH` (with the
/// fix), or gzip's own first line when the stream is corrupt or truncated.
public enum Gunzip {
  /// Whether `bytes` starts with the gzip magic 0x1f 0x8b.
  public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
    var it = bytes.makeIterator()
    return it.next() == 0x1F && it.next() == 0x8B
  }

  /// The `gzip` executable on `PATH`, if any.
  public static var tool: String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") where !dir.isEmpty {
      let candidate = "\(dir)/gzip"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// The decompressed contents of the gzip file at `path`.
  public static func decompress(path: String, parameter: String) throws(DatasetFileError) -> [UInt8] {
    guard let tool else {
      throw DatasetFileError(
        .compressed, parameter: parameter, path: path,
        "file is gzip-compressed and no gzip tool is on PATH (apt-get install gzip, or gunzip the file first)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["-dc", "--", path]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch {
      throw DatasetFileError(
        .compressed, parameter: parameter, path: path, "could not run \(tool): \(error.localizedDescription)")
    }
    // Read stdout to the end before waiting (a full pipe would block gzip); gzip's stderr is a
    // line or two, well under the pipe buffer.
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let message = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let line = String(decoding: message, as: UTF8.self).split(whereSeparator: \.isNewline).first
      throw DatasetFileError(
        .compressed, parameter: parameter, path: path,
        "gzip-compressed file could not be decompressed: \(line.map(String.init) ?? "gzip exit \(process.terminationStatus)")"
      )
    }
    return [UInt8](data)
  }
}
