import RepAlignClaims
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct GridShardTests {
  /// Every index belongs to exactly one shard, for every N (the partition property merge relies on).
  @Test(arguments: [1, 2, 3, 7, 16])
  func shardsPartitionTheGrid(_ count: Int) throws {
    let shards = try (0..<count).map { try GridShard(index: $0, count: count) }
    for index in 0..<100 {
      #expect(shards.filter { $0.owns(index) }.map(\.index) == [index % count], "index \(index), N = \(count)")
    }
  }

  @Test func parsesAndRejects() throws {
    #expect(try GridShard(parsing: "2/5") == GridShard(index: 2, count: 5))
    #expect(GridShard.all == (try GridShard(parsing: "0/1")))
    for bad in ["", "1", "5/5", "-1/3", "1/0", "a/b", "1/2/3", " 1/2", "0/-2", "99999999999999999999/3", "0/2000000"] {
      expectParameterError("shard", "\(bad)") { try GridShard(parsing: bad) }
    }
  }
}
