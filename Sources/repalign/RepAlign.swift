import ArgumentParser
import Foundation

/// `repalign`: the command-line face of RepAlign. Each subcommand lives in its own file.
///
/// Exit codes: 0 success; 1 a claim failed or a run failed; 2 bad input (unknown flag, value out
/// of range, malformed spec, unreadable path) with a one-line `Error: …` on standard error.
/// ArgumentParser's own parse and validation errors (exit 64 with the usage block) are mapped to
/// that convention by `main()`.
@main
struct RepAlign: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repalign",
    abstract: "Verify the claims of Umar & Laio (arXiv:2605.26973) on representational alignment.",
    version: RepAlignVersion.string,
    subcommands: [
      Info.self, Measure.self, Simulate.self, Theory.self, Reproduce.self, Sweep.self, Merge.self,
    ]
  )

  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        let message = message(for: error)
        BadInput.report(message.isEmpty ? "invalid arguments" : message)
        Foundation.exit(BadInput.exitCode)
      }
      exit(withError: error)
    }
  }
}

enum RepAlignVersion {
  static let string = "0.1.0"
}
