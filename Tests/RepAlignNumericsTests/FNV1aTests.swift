import RepAlignNumerics
import Testing

/// The package's one FNV-1a-64 (`FNV1a`) against the published test vectors of the FNV reference
/// (Fowler, Noll & Vo; http://www.isthe.com/chongo/tech/comp/fnv/, "FNV-1a 64 bit" test suite),
/// re-checked with a three-line Python 3 implementation.
@Suite struct FNV1aTests {
  @Test(arguments: [
    ("", UInt64(0xcbf2_9ce4_8422_2325)), // the offset basis: nothing hashed
    ("a", UInt64(0xaf63_dc4c_8601_ec8c)),
    ("foobar", UInt64(0x8594_4171_f739_67e8)),
  ])
  func publishedTestVectors(text: String, hash: UInt64) {
    #expect(FNV1a.hash64(text) == hash)
    #expect(FNV1a.hash64(Array(text.utf8)) == hash)
  }

  @Test func hexKeepsLeadingZerosAndIsLowerCase() {
    #expect(FNV1a.hex64(Array("a".utf8)) == "af63dc4c8601ec8c")
    #expect(FNV1a.hex64([UInt8]()) == "cbf29ce484222325")
    // Every digest is 16 digits, leading zeros kept.
    for byte in UInt8.min...UInt8.max { #expect(FNV1a.hex64([byte]).count == 16) }
  }
}
