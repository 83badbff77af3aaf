import Foundation

/// The MD5 message digest (RFC 1321), for checking downloaded data files against the checksums
/// their publishers list (LeCun's MNIST page and Zalando's Fashion-MNIST README give MD5s).
///
/// MD5 is broken as a signature: it is used here only to detect corrupt or different files, the
/// job it still does. The fetch itself is pinned by SHA-256 (pip's `--require-hashes`, Debian's
/// signed Release files), and `Scripts/fetch-data.sh` checks the SHA-256 of every file it caches.
///
/// Checked against the RFC 1321 appendix A.5 test suite (`MD5Tests`).
public struct MD5: Sendable {
  private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
  private var buffer: [UInt8] = []
  private var length: UInt64 = 0

  public init() {}

  /// The lowercase hexadecimal digest of `bytes`.
  public static func hex(_ bytes: [UInt8]) -> String {
    var md5 = MD5()
    md5.update(bytes)
    return md5.finalizeHex()
  }

  /// Feeds more bytes.
  public mutating func update(_ bytes: [UInt8]) {
    length &+= UInt64(bytes.count)
    var start = 0
    if !buffer.isEmpty {
      let take = min(64 - buffer.count, bytes.count)
      buffer += bytes[0..<take]
      start = take
      if buffer.count == 64 {
        buffer.withUnsafeBufferPointer { compress($0, 0) }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    bytes.withUnsafeBufferPointer { p in
      while start + 64 <= p.count {
        compress(p, start)
        start += 64
      }
    }
    if start < bytes.count { buffer += bytes[start...] }
  }

  /// Pads, finishes and returns the 32-character lowercase hex digest.
  public mutating func finalizeHex() -> String {
    let bits = length &* 8
    var pad: [UInt8] = [0x80]
    let used = (buffer.count + 1) % 64
    pad += [UInt8](repeating: 0, count: used <= 56 ? 56 - used : 120 - used)
    for k in 0..<8 { pad.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
    let saved = length
    update(pad)
    length = saved
    var out = ""
    for word in [state.0, state.1, state.2, state.3] {
      for k in 0..<4 {
        let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt32(k)))
        out += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
      }
    }
    return out
  }

  // MARK: - Implementation

  private static let shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]

  /// K[i] = floor(2³² · |sin(i + 1)|), the RFC's table.
  private static let constants: [UInt32] = (0..<64).map { i in
    UInt32(truncatingIfNeeded: Int64((abs(sin(Double(i + 1))) * 4_294_967_296).rounded(.down)))
  }

  private mutating func compress(_ p: UnsafeBufferPointer<UInt8>, _ offset: Int) {
    var m = [UInt32](repeating: 0, count: 16)
    for k in 0..<16 {
      let b = offset + 4 * k
      m[k] = UInt32(p[b]) | UInt32(p[b + 1]) << 8 | UInt32(p[b + 2]) << 16 | UInt32(p[b + 3]) << 24
    }
    var (a, b, c, d) = state
    for i in 0..<64 {
      var f: UInt32
      let g: Int
      switch i {
      case 0..<16:
        f = (b & c) | (~b & d)
        g = i
      case 16..<32:
        f = (d & b) | (~d & c)
        g = (5 * i + 1) % 16
      case 32..<48:
        f = b ^ c ^ d
        g = (3 * i + 5) % 16
      default:
        f = c ^ (b | ~d)
        g = (7 * i) % 16
      }
      f = f &+ a &+ MD5.constants[i] &+ m[g]
      a = d
      d = c
      c = b
      let s = MD5.shifts[i]
      b = b &+ (f << s | f >> (32 - s))
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
  }
}
