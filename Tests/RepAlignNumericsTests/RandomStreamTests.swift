import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct RandomStreamTests {
  @Test func sameSeedGivesIdenticalStreams() {
    let a = RandomStream(master: 1, "experiment", "noise")
    let b = RandomStream(master: 1, "experiment", "noise")
    #expect((0..<1000).map { _ in a.next32() } == (0..<1000).map { _ in b.next32() })
    #expect(a.normals(100) == b.normals(100))
  }

  @Test func differentPathsGiveDifferentDraws() {
    let root = StreamSeed(master: 1)
    let seeds = [
      root.child("a"), root.child("b"), root.child(0), root.child(1), root.child("a").child("b"),
      root.child("b").child("a"), StreamSeed(master: 2).child("a"), root.child(.noise), root.child(.initialization),
    ]
    #expect(Set(seeds.map(\.key)).count == seeds.count)
    let draws = seeds.map { RandomStream($0).normals(8) }
    #expect(Set(draws.map { $0.description }).count == seeds.count)
  }

  @Test func derivationIsOrderIndependent() {
    // A stream's values depend only on its path, not on which streams were created before it.
    let direct = RandomStream(StreamSeed(master: 9).child("grid").child(3).child(.noise)).normals(5)
    _ = (0..<10).map { RandomStream(StreamSeed(master: 9).child("grid").child($0)).normals(50) }
    let later = RandomStream(StreamSeed(master: 9).child("grid").child(3).child(.noise)).normals(5)
    #expect(direct == later)
  }

  /// SplitMix64 reference outputs from Vigna's splitmix64.c with state 0:
  /// 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
  @Test func splitMixMatchesReference() {
    var g = SplitMix64(state: 0)
    #expect([g.next(), g.next(), g.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
  }

  /// N(0, 1) moments from 20 000 draws. Each check is a two-sided z-test at |z| ≤ 4.5
  /// (false-failure rate 6.8e-6 per check): mean s.e. 1/√N, variance s.e. √(2/N),
  /// P(x < 0) s.e. ½/√N.
  @Test func gaussianMomentsWithinZBounds() {
    let n = 20_000
    let z = 4.5
    let seed = TestSeeds.seed(2024)
    let x = RandomStream(master: seed, "moments").normals(n)
    let mean = x.reduce(0, +) / Double(n)
    let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    let below = Double(x.filter { $0 < 0 }.count) / Double(n)
    let nn = Double(n)
    #expect(abs(mean) <= z / nn.squareRoot(), "mean \(mean), seed \(seed)")
    #expect(abs(variance - 1) <= z * (2 / nn).squareRoot(), "variance \(variance), seed \(seed)")
    #expect(abs(below - 0.5) <= z * 0.5 / nn.squareRoot(), "P(x<0) \(below), seed \(seed)")
  }

  @Test func uniformMomentsWithinZBounds() {
    let n = 20_000
    let seed = TestSeeds.seed(2025)
    let s = RandomStream(master: seed, "uniform")
    let u = (0..<n).map { _ in s.uniform() }
    #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = u.reduce(0, +) / Double(n)
    // Var U(0,1) = 1/12; z = 4.5 as above.
    #expect(abs(mean - 0.5) <= 4.5 * (1.0 / 12 / Double(n)).squareRoot(), "mean \(mean), seed \(seed)")
  }

  @Test func permutationIsAPermutation() {
    let p = RandomStream(master: 3, "perm").permutation(100)
    #expect(p.sorted() == Array(0..<100))
    #expect(p != Array(0..<100))
  }
}
