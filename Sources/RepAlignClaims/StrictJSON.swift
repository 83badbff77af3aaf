/// A strict RFC 8259 check of a JSON text, run before decoding a spec: Foundation's parser keeps
/// the first of two equal keys (a spec that sets `"steps"` twice would silently use one of
/// them) and tolerates some extensions. This one accepts exactly the JSON grammar and reports the
/// first violation as one line with its 1-based line and column:
///
/// - a key repeated in one object;
/// - a trailing comma before `}` or `]`, a missing comma or colon;
/// - comments, single quotes, `NaN`/`Infinity`, unquoted keys, leading zeros, `+1`, `.5`, `1.`;
/// - control characters inside strings, invalid escapes, bytes after the top-level value.
///
/// Nesting deeper than `maximumDepth` is refused too, so a hostile file cannot exhaust the stack.
enum StrictJSON {
  static let maximumDepth = 256

  struct Violation: Error, CustomStringConvertible {
    let line: Int
    let column: Int
    let message: String
    var description: String { "line \(line), column \(column): \(message)" }
  }

  /// Throws the first violation, if any.
  static func check(_ bytes: [UInt8]) throws(Violation) {
    var scanner = Scanner(bytes: bytes)
    scanner.skipWhitespace()
    if scanner.index == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      throw scanner.violation("starts with a byte-order mark; save the file as UTF-8 without BOM")
    }
    try scanner.value(depth: 0)
    scanner.skipWhitespace()
    if scanner.index < bytes.count { throw scanner.violation("unexpected text after the JSON value") }
  }

  private struct Scanner {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func violation(_ message: String) -> Violation {
      var line = 1
      var column = 1
      for b in bytes[..<min(index, bytes.count)] {
        if b == 0x0A {
          line += 1
          column = 1
        } else if b & 0xC0 != 0x80 {
          column += 1 // count characters, not UTF-8 continuation bytes
        }
      }
      return Violation(line: line, column: column, message: message)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
      while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Violation) {
      skipWhitespace()
      guard current == byte else { throw violation("expected \(what)") }
      index += 1
    }

    mutating func value(depth: Int) throws(Violation) {
      guard depth < StrictJSON.maximumDepth else {
        throw violation("nested deeper than \(StrictJSON.maximumDepth) levels")
      }
      skipWhitespace()
      guard let b = current else { throw violation("expected a value, found the end of the file") }
      switch b {
      case UInt8(ascii: "{"): try object(depth: depth)
      case UInt8(ascii: "["): try array(depth: depth)
      case UInt8(ascii: "\""): _ = try string()
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
      case UInt8(ascii: "t"): try literal("true")
      case UInt8(ascii: "f"): try literal("false")
      case UInt8(ascii: "n"): try literal("null")
      case UInt8(ascii: "/"): throw violation("comments are not JSON")
      case UInt8(ascii: "'"): throw violation("strings must use double quotes")
      case UInt8(ascii: "]"), UInt8(ascii: "}"): throw violation("trailing comma or missing value")
      default: throw violation("expected a value (NaN, Infinity and bare words are not JSON)")
      }
    }

    mutating func object(depth: Int) throws(Violation) {
      index += 1
      var keys = Set<String>()
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        index += 1
        return
      }
      while true {
        skipWhitespace()
        guard current == UInt8(ascii: "\"") else {
          throw violation(current == UInt8(ascii: "}") ? "trailing comma before }" : "expected a \"quoted\" key")
        }
        let keyStart = index
        let key = try string()
        guard keys.insert(key).inserted else {
          index = keyStart
          throw violation("key \"\(key)\" appears twice in one object")
        }
        try expect(UInt8(ascii: ":"), "':' after key \"\(key)\"")
        try value(depth: depth + 1)
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          index += 1
          continue
        }
        try expect(UInt8(ascii: "}"), "',' or '}'")
        return
      }
    }

    mutating func array(depth: Int) throws(Violation) {
      index += 1
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        index += 1
        return
      }
      while true {
        skipWhitespace()
        if current == UInt8(ascii: "]") { throw violation("trailing comma before ]") }
        try value(depth: depth + 1)
        skipWhitespace()
        if current == UInt8(ascii: ",") {
          index += 1
          continue
        }
        try expect(UInt8(ascii: "]"), "',' or ']'")
        return
      }
    }

    /// A string's content (escapes kept as written: only key equality needs it, and JSON keys
    /// written with different escapes for one character are exotic enough to be called distinct).
    mutating func string() throws(Violation) -> String {
      index += 1
      let start = index
      while let b = current {
        switch b {
        case UInt8(ascii: "\""):
          let text = String(decoding: bytes[start..<index], as: UTF8.self)
          index += 1
          return text
        case UInt8(ascii: "\\"):
          index += 1
          guard let e = current else { break }
          if e == UInt8(ascii: "u") {
            for k in 1...4 {
              guard index + k < bytes.count, Self.isHex(bytes[index + k]) else {
                throw violation("\\u needs four hex digits")
              }
            }
            index += 5
          } else if Array("\"\\/bfnrt".utf8).contains(e) {
            index += 1
          } else {
            throw violation("invalid escape \\\(Character(Unicode.Scalar(e)))")
          }
        case 0..<0x20:
          throw violation("control character in a string (write it escaped)")
        default:
          index += 1
        }
      }
      throw violation("unterminated string")
    }

    static func isHex(_ b: UInt8) -> Bool {
      (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
    }

    mutating func digits() -> Int {
      let start = index
      while let b = current, (0x30...0x39).contains(b) { index += 1 }
      return index - start
    }

    mutating func number() throws(Violation) {
      if current == UInt8(ascii: "-") { index += 1 }
      guard let first = current, (0x30...0x39).contains(first) else { throw violation("a number needs digits") }
      if first == UInt8(ascii: "0") {
        index += 1
        if let b = current, (0x30...0x39).contains(b) { throw violation("numbers must not have leading zeros") }
      } else {
        _ = digits()
      }
      if current == UInt8(ascii: ".") {
        index += 1
        guard digits() > 0 else { throw violation("a decimal point needs digits after it") }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { throw violation("an exponent needs digits") }
      }
    }

    mutating func literal(_ word: String) throws(Violation) {
      let w = Array(word.utf8)
      guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
        throw violation("expected a value (NaN, Infinity and bare words are not JSON)")
      }
      index += w.count
    }
  }
}
