import _CGSL

/// One reproducible stream of random numbers: GSL's MT19937 (`gsl_rng_mt19937`) seeded from a
/// `StreamSeed`, with Gaussian variates from `gsl_ran_gaussian_ziggurat` (Marsaglia–Tsang).
///
/// A stream is a reference type owning its GSL state and must not be shared between threads;
/// give each task its own stream derived from its own `StreamSeed` path instead.
public final class RandomStream {
  private let rng: UnsafeMutablePointer<gsl_rng>
  /// Where this stream came from.
  public let seed: StreamSeed

  /// The MT19937 state layout in GSL 2.x (`mt.c`: `unsigned long mt[624]; int mti;`).
  private static let stateWords = 624
  private static let stateBytes = 624 * MemoryLayout<UInt>.stride + MemoryLayout<UInt>.stride

  public init(_ seed: StreamSeed) {
    GSLRuntime.prepare()
    guard let r = gsl_rng_alloc(repalign_rng_mt19937()) else {
      fatalError("gsl_rng_alloc failed: out of memory")
    }
    self.rng = r
    self.seed = seed
    // Fill the full state from the 64-bit key (see `StreamSeed`). The size check guards against a
    // GSL whose private layout differs; it then falls back to the 32-bit seed (documented risk).
    if gsl_rng_size(r) == RandomStream.stateBytes, let state = gsl_rng_state(r) {
      var expander = SplitMix64(state: seed.key)
      let words = state.bindMemory(to: UInt.self, capacity: RandomStream.stateWords + 1)
      for i in 0..<RandomStream.stateWords { words[i] = UInt(expander.next() & 0xFFFF_FFFF) }
      words[0] |= 0x8000_0000 // MT19937's state must not be all zero in its top 19937 bits.
      let mti = UnsafeMutableRawPointer(words + RandomStream.stateWords)
        .bindMemory(to: Int32.self, capacity: 1)
      mti.pointee = Int32(RandomStream.stateWords) // regenerate the block on first draw
    } else {
      gsl_rng_set(r, UInt(seed.key & 0xFFFF_FFFF))
    }
  }

  /// Convenience: the stream at `master`/`path…`.
  public convenience init(master: UInt64, _ path: String...) {
    self.init(path.reduce(StreamSeed(master: master)) { $0.child($1) })
  }

  deinit { gsl_rng_free(rng) }

  /// Uniform on [0, 1) (`gsl_rng_uniform`, 32 bits of resolution).
  public func uniform() -> Double { gsl_rng_uniform(rng) }

  /// Uniform on (0, 1), never 0 (`gsl_rng_uniform_pos`).
  public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

  /// Uniform integer in 0..<n, n ≥ 1 (`gsl_rng_uniform_int`, unbiased by rejection).
  public func integer(below n: Int) -> Int {
    precondition(n >= 1 && n <= Int(UInt32.max), "integer(below:) needs 1 ≤ n ≤ 2³²−1")
    return Int(gsl_rng_uniform_int(rng, UInt(n)))
  }

  /// N(0, σ²) by the ziggurat method.
  public func normal(standardDeviation sigma: Double = 1) -> Double {
    gsl_ran_gaussian_ziggurat(rng, sigma)
  }

  /// `count` independent N(0, σ²) values.
  public func normals(_ count: Int, standardDeviation sigma: Double = 1) -> [Double] {
    (0..<count).map { _ in gsl_ran_gaussian_ziggurat(rng, sigma) }
  }

  /// A `rows × columns` matrix of independent N(0, σ²) entries, filled row by row.
  public func normalMatrix(rows: Int, columns: Int, standardDeviation sigma: Double = 1) -> Matrix {
    try! Matrix(rows: rows, columns: columns, elements: normals(rows * columns, standardDeviation: sigma))
  }

  /// Bernoulli(p).
  public func bernoulli(_ p: Double) -> Bool { gsl_rng_uniform(rng) < p }

  /// A uniformly random permutation of 0..<n (Fisher–Yates).
  public func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    if n < 2 { return p }
    for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, integer(below: i + 1)) }
    return p
  }

  /// Raw 32-bit output (`gsl_rng_get`), for tests of the stream itself.
  public func next32() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }
}
