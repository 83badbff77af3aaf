import Dispatch

/// `body(i)` for every i in `0..<count`, run concurrently, with the results in index order.
///
/// ## Contract
/// - At most W = min(`workers`, `count`) threads run at once (`DispatchQueue.concurrentPerform`
///   with W iterations); worker w runs the indices w, w + W, w + 2W, … in increasing order.
///   `workers` defaults to `count` (one iteration per index, balanced over the cores by Dispatch).
/// - Each index writes only its own slot of one shared buffer, so the result is the same for any
///   scheduling and any W, provided `body(i)` itself depends only on i.
/// - Every index runs, even after one has thrown; the error of the **lowest** failing index is
///   rethrown, so the reported error does not depend on scheduling either.
/// - Throws `ParameterError` naming `workers` when `workers < 1`.
///
/// The one concurrency helper of the package: ensemble members train through it
/// (`NoiseEnsemble`, `workers` bounding the threads and the memory in flight) and the measures'
/// pairwise tables spread members and pairs with it (`EnsembleAlignment`).
package func parallelMap<T: Sendable>(
  _ count: Int, workers: Int? = nil, _ body: @Sendable (Int) throws -> T
) throws -> [T] {
  if let workers { try require(workers >= 1, "workers", "must be ≥ 1", got: workers) }
  if count <= 0 { return [] }
  let lanes = Swift.min(workers ?? count, count)
  var results = [Result<T, any Error>?](repeating: nil, count: count)
  results.withUnsafeMutableBufferPointer { buffer in
    let slots = SlotBuffer(base: buffer.baseAddress!)
    DispatchQueue.concurrentPerform(iterations: lanes) { w in
      for i in stride(from: w, to: count, by: lanes) { slots.base[i] = Result { try body(i) } }
    }
  }
  return try results.map { try $0!.get() }
}

/// The result slots of `parallelMap`, shared by its workers. Sound as `@unchecked Sendable`
/// because each slot is written by exactly one worker and read only after
/// `concurrentPerform` has returned, which orders every write before the reads.
private struct SlotBuffer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Result<T, any Error>?>
}
