import Foundation
import PropertyBased

/// Seeds for randomized tests: fixed by default (deterministic CI); fresh when
/// `REPALIGN_FRESH_SEEDS=1`, to measure a test's real false-failure rate. Every failure message
/// includes the seed so a fresh-seed failure can be replayed with `REPALIGN_SEED=<seed>`.
public enum TestSeeds {
  /// True when `REPALIGN_FRESH_SEEDS=1`.
  public static var fresh: Bool { ProcessInfo.processInfo.environment["REPALIGN_FRESH_SEEDS"] == "1" }

  /// The seed to use for a test whose fixed default is `fixed`: `REPALIGN_SEED` if set, else a
  /// fresh random seed in fresh mode, else `fixed`.
  public static func seed(_ fixed: UInt64) -> UInt64 {
    if let s = ProcessInfo.processInfo.environment["REPALIGN_SEED"], let v = UInt64(s) { return v }
    return fresh ? UInt64.random(in: 0...UInt64.max) : fixed
  }
}

extension TestSeeds {
  /// How many times a seeded claim experiment runs: `REPALIGN_REPEAT` (default 1) when fresh seeds
  /// are drawn, so that each repeat has its own seed and the count of failing repeats per check is
  /// a direct measurement of its false-failure rate (`REPALIGN_FRESH_SEEDS=1 REPALIGN_REPEAT=20`).
  /// With a fixed seed (the default, or `REPALIGN_SEED`) every repeat would be identical, so 1.
  public static var repeats: Int {
    let environment = ProcessInfo.processInfo.environment
    guard fresh, environment["REPALIGN_SEED"] == nil else { return 1 }
    return max(1, environment["REPALIGN_REPEAT"].flatMap { Int($0) } ?? 1)
  }
}

/// The heavy verification tier, switched on by `REPALIGN_SLOW=1`.
public enum TestTier {
  public static var slow: Bool { ProcessInfo.processInfo.environment["REPALIGN_SLOW"] == "1" }
}

/// One draw of a deterministic property check: the value and a replay hint for messages.
public struct Draw<Value> {
  public let value: Value
  public let index: Int
  public let seed: UInt64
  /// "draw 3 of seed 17 (replay: REPALIGN_SEED=17)".
  public var replay: String { "draw \(index) of seed \(seed) (replay: REPALIGN_SEED=\(seed))" }
}

/// Runs `body` on `count` values drawn from a swift-property-based generator, driven by a
/// Xoshiro stream seeded from `TestSeeds.seed(fixedSeed)`: the same values on every run unless
/// fresh seeds are requested. (swift-property-based's own `propertyCheck` draws a fresh seed each
/// run; its `.fixedSeed` trait replays a single failure only.)
public func forEachDraw<Value>(
  _ generator: Generator<Value, some Sequence>, count: Int = 25, fixedSeed: UInt64,
  _ body: (Draw<Value>) throws -> Void
) rethrows {
  let seed = TestSeeds.seed(fixedSeed)
  var rng = Xoshiro(seed: (seed, seed ^ 0x9E37_79B9_7F4A_7C15, ~seed, seed &* 0xBF58_476D_1CE4_E5B9))
  for index in 0..<count {
    let value = generator.run(using: &rng)
    try body(Draw(value: value, index: index, seed: seed))
  }
}
