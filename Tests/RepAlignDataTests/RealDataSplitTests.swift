import PropertyBased
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct RealDataSplitTests {
  /// A small labelled dataset with unequal classes (the inputs do not matter to the split).
  static func toy(_ counts: [Int]) throws -> RealDataset {
    let labels = counts.enumerated().flatMap { c, n in [Int](repeating: c, count: n) }
    return try RealDataset(
      name: "toy", inputs: Matrix(rows: labels.count, columns: 1) { i, _ in Double(i) },
      targets: .classes(labels: labels, count: counts.count))
  }

  @Test func testAndPoolPartitionTheDataset() throws {
    let digits = try RealDataTestSupport.digits()
    let split = try RealDataSplit(dataset: digits, testCount: 497, seed: StreamSeed(master: 5))
    #expect(split.testIndices.count == 497 && split.poolSize == 1300)
    #expect(Set(split.testIndices).isDisjoint(with: split.poolOrder))
    #expect(Set(split.testIndices + split.poolOrder) == Set(0..<1797))
    #expect(Set(split.poolOrder).count == 1300 && Set(split.testIndices).count == 497)
    #expect(split.stratified)
  }

  @Test func deterministicInTheSeedAndDifferentAcrossSeeds() throws {
    let digits = try RealDataTestSupport.digits()
    let a = try RealDataSplit(dataset: digits, testCount: 300, seed: StreamSeed(master: 5))
    let b = try RealDataSplit(dataset: digits, testCount: 300, seed: StreamSeed(master: 5))
    let c = try RealDataSplit(dataset: digits, testCount: 300, seed: StreamSeed(master: 6))
    #expect(a == b)
    #expect(Set(a.testIndices) != Set(c.testIndices))
    #expect(a.poolOrder != c.poolOrder)
  }

  @Test func trainingSubsetsAreNestedPrefixes() throws {
    let digits = try RealDataTestSupport.digits()
    let split = try RealDataSplit(dataset: digits, testCount: 497, seed: StreamSeed(master: 7))
    let small = try split.trainingIndices(count: 50)
    let large = try split.trainingIndices(count: 400)
    #expect(Array(large.prefix(50)) == small)
    #expect(try split.trainingIndices(count: 1300) == split.poolOrder)
  }

  /// Every prefix of length m of the test order and of the pool order holds count_c samples of
  /// class c with |count_c − m·π_c| < 3/2 + (3/2)·π_c·K (the bound derived in `RealDataSplit`),
  /// for class sizes drawn at random, including very unequal ones.
  @Test func everyPrefixIsStratified() throws {
    let gen = zip(Gen.int(in: 2...7), Gen.int(in: 0...1_000_000))
    try forEachDraw(gen, count: 20, fixedSeed: 81) { draw in
      let (k, s) = draw.value
      let sizes = (0..<k).map { c in 3 + (s / (c + 1) + 7 * c) % 60 }
      let data = try Self.toy(sizes)
      let labels = data.targets.labels!
      let split = try RealDataSplit(
        dataset: data, testCount: data.sampleCount / 3,
        seed: StreamSeed(master: UInt64(s)))
      for (name, order) in [("test", split.testIndices), ("pool", split.poolOrder)] {
        var population = [Int](repeating: 0, count: k)
        for i in order { population[labels[i]] += 1 }
        var counts = [Int](repeating: 0, count: k)
        for (m, i) in order.enumerated() {
          counts[labels[i]] += 1
          for c in 0..<k {
            let pi = Double(population[c]) / Double(order.count)
            let bound = 1.5 + 1.5 * pi * Double(k)
            let deviation = abs(Double(counts[c]) - Double(m + 1) * pi)
            if deviation >= bound {
              Issue.record(
                "\(name) prefix \(m + 1), class \(c): count \(counts[c]), m·π \(Double(m + 1) * pi), sizes \(sizes), \(draw.replay)"
              )
              return
            }
          }
        }
      }
    }
  }

  /// The test set of a stratified split holds each class in proportion (within the bound above).
  @Test func digitsTestSetIsStratified() throws {
    let digits = try RealDataTestSupport.digits()
    let split = try RealDataSplit(dataset: digits, testCount: 497, seed: StreamSeed(master: 8))
    let labels = digits.targets.labels!
    let population = digits.classCounts!
    var counts = [Int](repeating: 0, count: 10)
    for i in split.testIndices { counts[labels[i]] += 1 }
    for c in 0..<10 {
      let expected = 497 * Double(population[c]) / 1797
      #expect(
        abs(Double(counts[c]) - expected) < 1.5 + 1.5 * Double(population[c]) / 1797 * 10,
        "class \(c): \(counts[c]) vs \(expected)")
    }
  }

  @Test func unstratifiedForRealTargetsAndOnRequest() throws {
    let diabetes = try RealDataTestSupport.diabetes()
    let split = try RealDataSplit(dataset: diabetes, testCount: 100, seed: StreamSeed(master: 9))
    #expect(!split.stratified)
    #expect(Set(split.testIndices + split.poolOrder) == Set(0..<442))
    let digits = try RealDataTestSupport.digits()
    let plain = try RealDataSplit(
      dataset: digits, testCount: 300, seed: StreamSeed(master: 9), stratified: false)
    #expect(!plain.stratified)
    #expect(Set(plain.testIndices).isDisjoint(with: plain.poolOrder))
  }

  @Test func badArgumentsAreOneLineErrors() throws {
    let digits = try RealDataTestSupport.digits()
    let diabetes = try RealDataTestSupport.diabetes()
    let seed = StreamSeed(master: 1)
    expectParameterError("testCount") {
      _ = try RealDataSplit(dataset: digits, testCount: 0, seed: seed)
    }
    expectParameterError("testCount") {
      _ = try RealDataSplit(dataset: digits, testCount: 1796, seed: seed)
    }
    expectParameterError("stratified") {
      _ = try RealDataSplit(dataset: diabetes, testCount: 100, seed: seed, stratified: true)
    }
    let split = try RealDataSplit(dataset: digits, testCount: 497, seed: seed)
    expectParameterError("trainingSize") {
      _ = try split.trainingIndices(count: 1301)
    }
    expectParameterError("trainingSize") {
      _ = try split.trainingIndices(count: 1)
    }
  }
}
