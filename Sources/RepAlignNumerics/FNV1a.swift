/// 64-bit FNV-1a (Fowler–Noll–Vo; offset basis 0xcbf29ce484222325, prime 0x100000001b3): the one
/// stable, platform-independent hash of the package — stream-seed labels (`StreamSeed`), record
/// checksums (`RecordStore`) and the bundled datasets' integrity checks. Unlike Swift's `Hasher`
/// it is not seeded per process. Not cryptographic.
package enum FNV1a {
  package static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
  package static let prime: UInt64 = 0x0000_0100_0000_01B3

  /// The hash of `bytes`.
  package static func hash64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var h = offsetBasis
    for byte in bytes {
      h ^= UInt64(byte)
      h = h &* prime
    }
    return h
  }

  /// The hash of the UTF-8 bytes of `string`.
  package static func hash64(_ string: String) -> UInt64 { hash64(string.utf8) }

  /// The hash as 16 lower-case hexadecimal digits (leading zeros kept).
  package static func hex64<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let hex = String(hash64(bytes), radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
