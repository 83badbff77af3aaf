import Foundation

/// Single-threaded OpenBLAS for the duration of a scope, for bitwise determinism.
///
/// OpenBLAS may split one product over its worker threads, and how it splits depends on the thread
/// count, which can change the rounding of the result. Inside `withSingleThreadedBLAS` every
/// product runs on the calling thread, so its bytes depend only on its inputs; parallelism comes
/// from running independent products concurrently (`parallelMap`). Training a noise ensemble
/// (`NoiseEnsemble.train`) and measuring it (`EnsembleAlignment.compute(_:measures:)`) both pin,
/// so their results are identical for any worker count, any `OPENBLAS_NUM_THREADS` and across
/// runs.
///
/// Reference-counted: the thread count is set to 1 when the first scope opens and the previous
/// count is restored when the last one closes, so concurrent scopes in one process (parallel
/// tests, concurrent ensembles) never un-pin each other.
package enum BLASPinning {
  private static let state = PinState()

  /// Runs `body` with OpenBLAS pinned to one thread and returns its value (or rethrows its error).
  package static func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
    state.enter()
    defer { state.leave() }
    return try body()
  }

  private final class PinState: @unchecked Sendable {
    private let lock = NSLock()
    private var active = 0
    private var saved = 1
    func enter() {
      lock.withLock {
        if active == 0 {
          saved = BLASBackend.threads
          BLASBackend.threads = 1
        }
        active += 1
      }
    }
    func leave() {
      lock.withLock {
        active -= 1
        if active == 0 { BLASBackend.threads = saved }
      }
    }
  }
}
