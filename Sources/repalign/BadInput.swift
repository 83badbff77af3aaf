import ArgumentParser
import Foundation

/// Bad input, reported the same way by every subcommand: `Error: <message>` as one line on
/// standard error (embedded newlines are folded into spaces) and exit code 2.
enum BadInput {
  static let exitCode: Int32 = 2

  /// Prints the one-line message.
  static func report(_ message: String) {
    let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }.joined(separator: " ")
    FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
  }

  /// Prints the message and returns the exit code to throw.
  static func exit(_ message: String) -> ExitCode {
    report(message)
    return ExitCode(exitCode)
  }

  /// A failed run (not bad input): one line, exit code 1.
  static func failure(_ message: String) -> ExitCode {
    report(message)
    return ExitCode(1)
  }
}
