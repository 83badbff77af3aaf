/// The address of one random stream: a master seed plus a path of labels, e.g.
/// `StreamSeed(master: 42).child("sweep-n").child(gridIndex).child(member).child(.noise)`.
///
/// ## Derivation
/// A stream's 64-bit key is built by folding each path component into the master seed with the
/// SplitMix64 finaliser (Steele, Lea & Flood 2014), a bijective avalanche mixer:
///
///     key₀ = mix(master ⊕ 0x52455041_4C49474E)           ("REPALIGN")
///     keyᵢ = mix(keyᵢ₋₁ ⊕ mix(componentᵢ + 0x9E3779B97F4A7C15·(i+1)))
///
/// where an integer component is used as is and a string component is its 64-bit FNV-1a hash
/// (stable across runs and platforms, unlike Swift's per-process seeded `Hasher`). Position enters
/// the mix, so `a/b` and `b/a` differ. The key then seeds a full MT19937 state (624 words, each the
/// low 32 bits of successive SplitMix64 outputs from the key), as NumPy's `SeedSequence` seeds
/// `MT19937` — not the 32-bit `gsl_rng_set` seed, whose 2³² values would collide by the birthday
/// bound once ~10⁵ streams exist.
///
/// Because each stream is a pure function of its path, results do not depend on the order in which
/// streams are created, on thread count or on scheduling.
public struct StreamSeed: Hashable, Sendable, CustomStringConvertible {
  /// The master seed the path starts from.
  public let master: UInt64
  /// The path below the master seed, in readable form.
  public let path: [String]
  /// The derived 64-bit key.
  public let key: UInt64

  public init(master: UInt64) {
    self.master = master
    self.path = []
    self.key = SplitMix64.mix(master ^ 0x5245_5041_4C49_474E)
  }

  private init(master: UInt64, path: [String], key: UInt64) {
    self.master = master
    self.path = path
    self.key = key
  }

  /// The stream one level down, labelled by an integer (grid point, member index).
  public func child(_ index: Int) -> StreamSeed { child(UInt64(bitPattern: Int64(index)), "\(index)") }

  /// The stream one level down, labelled by a name (experiment, role).
  public func child(_ name: String) -> StreamSeed { child(FNV1a.hash64(name), name) }

  /// The stream one level down, labelled by a role.
  public func child(_ role: StreamRole) -> StreamSeed { child(role.rawValue) }

  private func child(_ component: UInt64, _ label: String) -> StreamSeed {
    let salt = 0x9E37_79B9_7F4A_7C15 &* UInt64(path.count + 1)
    let key = SplitMix64.mix(self.key ^ SplitMix64.mix(component &+ salt))
    return StreamSeed(master: master, path: path + [label], key: key)
  }

  public var description: String { ([String(master)] + path).joined(separator: "/") }
}

/// What a stream is used for; one role per independent source of randomness.
public enum StreamRole: String, Sendable, CaseIterable {
  case data, teacher, test, noise, initialization, batches, resampling
}

/// SplitMix64 (Steele, Lea & Flood 2014): used only to derive and expand seeds.
package struct SplitMix64: Sendable {
  package private(set) var state: UInt64
  package init(state: UInt64) { self.state = state }

  /// The SplitMix64 output function (a bijection of UInt64).
  @inlinable package static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return SplitMix64.mix(state)
  }
}
