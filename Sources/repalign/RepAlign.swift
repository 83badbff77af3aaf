import ArgumentParser
import Foundation

/// `repalign`: the command-line face of RepAlign. Each subcommand lives in its own file.
///
/// Exit codes: 0 success; 1 a claim failed or a run failed; 2 bad input (unknown flag, value out
/// of range, malformed spec, unreadable path) with a one-line `Error: …` on standard error.
/// Subcommands throw `ValidationError` (bad input) or `RunFailure`; `main()` prints them once.
@main
struct RepAlign: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repalign",
    abstract: "Verify the claims of Umar & Laio (arXiv:2605.26973) on representational alignment.",
    version: RepAlignVersion.string,
    subcommands: [
      Info.self, Measure.self, Simulate.self, Theory.self, Reproduce.self, Sweep.self, Merge.self, Capacity.self,
      DataCommand.self,
    ]
  )

  /// The one place errors are printed (`BadInput`): bad input — argument-parser's parse errors and
  /// every `ValidationError` — is one `Error: …` line and exit 2 (not argument-parser's usage
  /// block and 64); a `RunFailure` is one line and exit 1; help, version and `ExitCode` pass through.
  /// First of all, the BLAS kernel rule (`KernelSelection`), which may re-execute the tool.
  static func main() {
    KernelSelection.apply()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let failure as RunFailure {
      BadInput.report(failure.description)
      Foundation.exit(1)
    } catch {
      if exitCode(for: error) == .validationFailure {
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
