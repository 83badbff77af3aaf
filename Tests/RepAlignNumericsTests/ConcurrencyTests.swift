import Foundation
import RepAlignNumerics
import Testing

@Suite struct ConcurrencyTests {
  /// Counts how often each index ran, from any thread.
  final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]
    init(_ n: Int) { counts = Array(repeating: 0, count: n) }
    func hit(_ i: Int) { lock.withLock { counts[i] += 1 } }
    var values: [Int] { lock.withLock { counts } }
  }

  /// Results come back in index order, and every index runs exactly once, for any worker count
  /// (including more workers than indices) and for an empty range.
  @Test func resultsAreInIndexOrderAndEveryIndexRunsOnce() throws {
    for count in [0, 1, 2, 7, 33] {
      for workers in [nil, 1, 2, 3, 40] {
        let tally = Tally(count)
        let results = try parallelMap(count, workers: workers) { i in
          tally.hit(i)
          return i * i
        }
        #expect(results == (0..<count).map { $0 * $0 }, "count \(count), workers \(String(describing: workers))")
        #expect(tally.values == Array(repeating: 1, count: count))
      }
    }
  }

  struct Failure: Error, Equatable { let index: Int }

  /// Every index still runs after one throws, and the error is that of the lowest failing index,
  /// whatever the scheduling.
  @Test func theLowestFailingIndexIsRethrown() {
    for workers in [nil, 1, 2, 5] {
      let tally = Tally(12)
      #expect(throws: Failure(index: 4)) {
        _ = try parallelMap(12, workers: workers) { i in
          tally.hit(i)
          if i == 4 || i == 9 || i == 11 { throw Failure(index: i) }
          return i
        }
      }
      #expect(tally.values == Array(repeating: 1, count: 12))
    }
  }

  @Test func workersBelowOneAreAnErrorNamingTheParameter() {
    #expect { _ = try parallelMap(3, workers: 0) { $0 } } throws: { ($0 as? ParameterError)?.parameter == "workers" }
  }
}
