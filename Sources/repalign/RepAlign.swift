import ArgumentParser

/// `repalign`: the command-line face of RepAlign. Each subcommand lives in its own file.
@main
struct RepAlign: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repalign",
    abstract: "Verify the claims of Umar & Laio (arXiv:2605.26973) on representational alignment.",
    version: RepAlignVersion.string,
    subcommands: [Info.self, Simulate.self, Theory.self]
  )
}

enum RepAlignVersion {
  static let string = "0.1.0"
}
