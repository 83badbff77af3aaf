import RepAlignNumerics
import Testing

@Suite struct BLASPinningTests {
  struct Failure: Error, Equatable {}

  /// Inside the scope (nested or not) OpenBLAS runs on one thread; the body's value is returned
  /// and its error rethrown. (The count restored afterwards is not asserted: tests run
  /// concurrently and other scopes may be open.)
  @Test func pinsToOneThreadAndPassesValuesAndErrorsThrough() {
    let value = BLASPinning.withSingleThreadedBLAS {
      #expect(BLASBackend.threads == 1)
      let inner = BLASPinning.withSingleThreadedBLAS { BLASBackend.threads }
      #expect(BLASBackend.threads == 1)
      return inner
    }
    #expect(value == 1)
    #expect(throws: Failure()) { try BLASPinning.withSingleThreadedBLAS { throw Failure() } }
    #expect(BLASBackend.threads >= 1)
  }
}
