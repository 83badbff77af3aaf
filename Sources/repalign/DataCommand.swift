import ArgumentParser
import Foundation
import RepAlignData

/// `repalign data`: the real datasets — which exist, whether each is in the data cache, fetching
/// them, and checking their checksums. The cache folder is `DataCache`'s rule (`REPALIGN_DATA`,
/// else `$XDG_CACHE_HOME/repalign`, else `~/.cache/repalign`) or `--data-dir`.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data", abstract: "List, fetch and verify the real datasets (MNIST, Fashion-MNIST, Covertype).",
    subcommands: [List.self, Fetch.self, Verify.self])

  /// `--data-dir`, shared by the subcommands.
  struct Location: ParsableArguments {
    @Option(help: "Data folder (default: $REPALIGN_DATA, else $XDG_CACHE_HOME/repalign, else ~/.cache/repalign).")
    var dataDir: String?

    var cache: DataCache {
      dataDir.map { DataCache(root: $0, explicit: true) } ?? .fromEnvironment()
    }
  }

  /// The dataset names a command line may give, checked in one place.
  static func datasets(_ names: [String]) throws -> [DownloadableDataset] {
    if names.isEmpty { return DownloadableDataset.allCases }
    return try names.map { name in
      guard let d = DownloadableDataset(rawValue: name) else {
        throw ValidationError(
          "invalid dataset '\(name)': must be one of \(DownloadableDataset.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      return d
    }
  }

  /// `repalign data list`: one line per dataset with its status, then the bundled ones.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the datasets, their cache status (present or missing), source and licence.")
    @OptionGroup var location: Location

    func run() throws {
      let cache = location.cache
      print("data folder: \(cache.root)")
      for d in DownloadableDataset.allCases {
        let present = d.isPresent(in: cache)
        let size = d.files.map(\.bytes).reduce(0, +)
        print(
          "\(d.rawValue): \(present ? "present" : "missing (\(d.fetchCommand))")  \(d.files.count) files, \(size) bytes  licence \(d.licence)"
        )
        print("  source: \(d.source)")
      }
      for b in BundledDataset.allCases {
        print("\(b.rawValue): bundled (scikit-learn 1.9.1 wheel, BSD-3 copy; Resources/DATASETS.md)")
      }
    }
  }

  /// `repalign data verify`: recomputes every file's MD5; exit 1 if any is missing or wrong.
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the MD5 checksums of the cached datasets (all, or the ones named).")
    @OptionGroup var location: Location
    @Argument(help: "Datasets (default: all).") var names: [String] = []

    func validate() throws { _ = try DataCommand.datasets(names) }

    func run() throws {
      var problems: [String] = []
      for d in try DataCommand.datasets(names) {
        for (file, problem) in d.verify(in: location.cache) {
          print("\(d.rawValue)/\(file): \(problem ?? "md5 ok")")
          if let problem { problems.append("\(d.rawValue)/\(file): \(problem)") }
        }
      }
      if !problems.isEmpty {
        throw RunFailure(
          "\(problems.count) file(s) missing or wrong, first \(problems[0]); fetch with `repalign data fetch NAME`")
      }
    }
  }

  /// `repalign data fetch`: runs `Scripts/fetch-data.sh` (download, SHA-256 and MD5 check,
  /// unpack) with the cache folder, then re-checks every MD5 here.
  struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download, verify and unpack datasets into the data folder (runs Scripts/fetch-data.sh).")
    @OptionGroup var location: Location
    @Option(help: "The fetch script (default: Scripts/fetch-data.sh under the current directory).")
    var script: String = "Scripts/fetch-data.sh"
    @Argument(help: "Datasets (default: all): mnist, fashion-mnist, covertype.") var names: [String] = []

    func validate() throws {
      _ = try DataCommand.datasets(names)
      guard FileManager.default.fileExists(atPath: script) else {
        throw ValidationError(
          "invalid --script = \(script): no such file (run from the repository root, or pass --script PATH)")
      }
    }

    func run() throws {
      let chosen = try DataCommand.datasets(names)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["bash", script] + chosen.map(\.rawValue)
      var environment = ProcessInfo.processInfo.environment
      environment["REPALIGN_DATA"] = location.cache.root
      process.environment = environment
      do { try process.run() } catch { throw RunFailure("could not run bash \(script): \(error.localizedDescription)") }
      process.waitUntilExit()
      guard process.terminationStatus == 0 else {
        throw RunFailure(
          "fetching \(chosen.map(\.rawValue).joined(separator: " ")) failed (see the fetch-data line above)")
      }
      let cache = DataCache(root: location.cache.root, explicit: false)
      for d in chosen {
        if let bad = d.verify(in: cache).first(where: { $0.problem != nil }) {
          throw RunFailure("\(d.rawValue)/\(bad.file): \(bad.problem!)")
        }
        FileHandle.standardError.write(Data("data: \(d.rawValue) ready in \(cache.folder(d.rawValue))\n".utf8))
      }
    }
  }
}
