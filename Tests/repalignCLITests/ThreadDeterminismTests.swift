import Foundation
import Testing
import _TestSupport

/// Every command's output is bitwise the same with 1 and 2 OpenBLAS threads (issue 15's
/// determinism table). Inputs are large enough for OpenBLAS to thread its products (it stays
/// single-threaded below ~10⁴ elements), e.g. the exact tier at d = 150 and SVCCA on 600 × 120,
/// which differed in the last digits before the commands pinned BLAS (`BLASPinning`).
@Suite struct ThreadDeterminismTests {
  /// Two 600 × 120 / 600 × 100 CSV matrices from a fixed-seed generator, B a noisy map of A.
  static let inputs: URL = {
    let dir = try! CLI.temporaryDirectory("threads")
    var rng = SplitMix64(seed: 0x7E4D)
    func normal() -> Double {
      let u = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992
      let v = Double(rng.next() >> 11) / 9_007_199_254_740_992
      return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    let a = (0..<600).map { _ in (0..<120).map { _ in normal() } }
    let w = (0..<120).map { _ in (0..<100).map { _ in normal() } }
    let b = a.map { row in (0..<100).map { j in (0..<120).reduce(0.5 * normal()) { $0 + row[$1] * w[$1][j] } } }
    func csv(_ m: [[Double]]) -> String { m.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") }
    try! csv(a).write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
    try! csv(b).write(to: dir.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
    try! CLI.write(json: CLI.tinySpec(), to: dir.appendingPathComponent("tiny.json"))
    return dir
  }()

  static let commands: [[String]] = [
    ["theory", "--tier", "exact", "--d", "150", "--n", "120", "--snr", "2", "--designs", "3"],
    [
      "theory", "--d", "150", "--sweep-n", "100:200:50", "--snr", "2", "--spectrum", "power:1", "--tier", "exact",
      "--designs", "2",
    ],
    ["measure", "--metric", "all", "a.csv", "b.csv"],
    ["measure", "--metric", "svcca", "--null", "permutations=3", "a.csv", "b.csv"],
    ["measure", "--ensemble", "--metric", "cca", "a.csv", "a.csv", "a.csv"],
    [
      "simulate", "--d", "120", "--n", "150", "--width", "100", "--members", "2", "--steps", "3", "--test-size", "200",
      "--format", "json", "--measures", "linear_cka,svcca,cca",
    ],
    ["simulate", "--spec", "tiny.json", "--point", "1", "--format", "json"],
    // Five linear members: the batched path (`BatchedEnsembleTrainer`, two member groups) with
    // its stacked products X·B (150 × 120 · 120 × 3) and Xᵀ·G, then ReLU members member by member.
    [
      "simulate", "--d", "120", "--n", "150", "--width", "60", "--members", "5", "--steps", "20", "--test-size", "200",
      "--format", "json", "--measures", "linear_cka,cca",
    ],
    [
      "simulate", "--d", "120", "--n", "150", "--width", "60", "--members", "5", "--steps", "20", "--test-size", "200",
      "--activation", "relu", "--format", "json", "--measures", "linear_cka",
    ],
  ]

  @Test(arguments: commands)
  func outputIsTheSameForOneAndTwoThreads(_ arguments: [String]) throws {
    let one = try CLI.run(arguments, in: Self.inputs, environment: ["OPENBLAS_NUM_THREADS": "1"])
    let two = try CLI.run(arguments, in: Self.inputs, environment: ["OPENBLAS_NUM_THREADS": "2"])
    #expect(one.status == 0 && two.status == 0, "\(one) / \(two)")
    #expect(!one.stdout.isEmpty && one.stdout == two.stdout, "\(arguments): 1 thread vs 2 threads differ")
  }
}
