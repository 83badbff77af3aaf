import ArgumentParser
import Foundation

/// How every subcommand reports errors. Subcommands only *throw*; `RepAlign.main()` prints, once:
///
/// - Bad input (unknown flag, value out of range or of the wrong type, unreadable path, malformed
///   spec): argument-parser's own parse errors and every `ValidationError` a subcommand throws —
///   from `validate()` or from `run()` — become `Error: <message>` as one line on standard error
///   (embedded newlines folded into spaces) and exit code 2.
/// - A failed run (not bad input): `RunFailure`, printed the same way, exit code 1.
enum BadInput {
  static let exitCode: Int32 = 2

  /// Prints the one-line message.
  static func report(_ message: String) {
    let line = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }.joined(separator: " ")
    FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
  }
}

/// A run that failed for a reason other than bad input (a diverged member, an unwritable report):
/// `main` prints `Error: <message>` as one line and exits with code 1.
struct RunFailure: Error, CustomStringConvertible {
  let description: String
  init(_ message: String) { description = message }
}
