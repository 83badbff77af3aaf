import Dispatch

/// Wall-clock timing for the benchmark: monotonic `DispatchTime`, best of k runs.
enum Stopwatch {
  /// Seconds taken by one call of `body`.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  }

  /// The fastest of `repeats` calls (the least disturbed by other processes on the machine).
  static func best(of repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<max(1, repeats) { best = min(best, try seconds(body)) }
    return best
  }
}
