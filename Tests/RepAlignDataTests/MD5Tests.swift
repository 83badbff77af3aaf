import RepAlignData
import Testing

/// `MD5` against the test suite of RFC 1321, appendix A.5 (the digests printed there), plus
/// inputs that cross the 55/56/64-byte padding boundaries fed in uneven pieces.
@Suite struct MD5Tests {
  @Test(arguments: [
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
    ("a", "0cc175b9c0f1b6a831c399e269772661"),
    ("abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
    ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
    (
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
      "57edf4a22be3c955ac49da2e2107b67a"
    ),
  ])
  func rfc1321Suite(message: String, digest: String) {
    #expect(MD5.hex(Array(message.utf8)) == digest, "MD5(\"\(message)\")")
  }

  /// Feeding the same bytes in pieces of 1, 7, 63, 64 and 65 bytes gives the one-shot digest, at
  /// every length 0…200 (every padding case: the length field in this block or the next).
  @Test func incrementalUpdatesMatchOneShot() {
    let bytes: [UInt8] = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    for length in 0...200 {
      let message = Array(bytes[..<length])
      let expected = MD5.hex(message)
      for piece in [1, 7, 63, 64, 65] {
        var md5 = MD5()
        var k = 0
        while k < length {
          md5.update(Array(message[k..<min(length, k + piece)]))
          k += piece
        }
        #expect(md5.finalizeHex() == expected, "length \(length), pieces of \(piece)")
      }
    }
  }
}
