import Foundation

/// Each downloadable dataset read from the cache once per process: the claim runner builds every
/// grid point's data from the same dataset, and parsing MNIST's 47 MB image file for each of
/// them would dominate a fast run. Keyed by dataset, cache root, limit and pooling; thread-safe.
/// Errors are not memoized (a missing file may be fetched while the process runs).
public final class DatasetMemo: @unchecked Sendable {
  /// The process-wide memo.
  public static let shared = DatasetMemo()

  private let lock = NSLock()
  private var loaded: [String: RealDataset] = [:]

  /// `dataset.load(in:limit:pooling:)`, read once per distinct argument set.
  public func load(_ dataset: DownloadableDataset, in cache: DataCache, limit: Int, pooling: Int) throws
    -> RealDataset
  {
    let key = "\(dataset.rawValue)|\(cache.root)|\(cache.explicit)|\(limit)|\(pooling)"
    lock.lock()
    defer { lock.unlock() }
    if let hit = loaded[key] { return hit }
    let value = try dataset.load(in: cache, limit: limit, pooling: pooling)
    loaded[key] = value
    return value
  }
}
