import Foundation
import RepAlignNumerics

/// Reads MNIST-style IDX files (LeCun, Cortes & Burges, "The MNIST database of handwritten digits",
/// file-format section) from paths the user gives; RepAlign does not ship MNIST.
///
/// ## Format
/// All header integers are 32-bit **big-endian**. The magic number is two zero bytes, a type byte
/// (0x08 = unsigned byte, the only type read here) and the number of dimensions; then one 32-bit
/// size per dimension; then the data, unsigned bytes in row-major order.
/// - labels (`*-labels-idx1-ubyte`): magic 0x00000801, count N, then N label bytes.
/// - images (`*-images-idx3-ubyte`): magic 0x00000803, count N, rows R, columns C, then N·R·C
///   pixel bytes (0…255), image by image, each row by row.
///
/// ## Checks
/// Every problem is a one-line `DatasetFileError` naming the parameter (`labelsPath`,
/// `imagesPath`) and the path: missing file or a directory (`.missing`), a gzip-compressed file
/// that cannot be decompressed (`.compressed`; a good `.gz` file, as downloaded, is read through
/// `Gunzip`), wrong magic number (`.wrongMagic`, which also
/// catches a labels file given as images and vice versa), fewer bytes than the header promises
/// (`.truncated`), more (`.trailingBytes`), image and label counts that differ (`.countMismatch`).
public enum IDXReader {
  /// Magic number of an idx1-ubyte (label) file.
  public static let labelMagic: UInt32 = 0x0000_0801
  /// Magic number of an idx3-ubyte (image) file.
  public static let imageMagic: UInt32 = 0x0000_0803

  /// The images of an idx3-ubyte file.
  public struct Images: Sendable, Equatable {
    /// Number of images N.
    public let count: Int
    /// Pixel rows R per image.
    public let rows: Int
    /// Pixel columns C per image.
    public let columns: Int
    /// N·R·C pixel values, image by image in row-major order.
    public let pixels: [UInt8]
  }

  /// Reads an idx1-ubyte label file; `limit` (≥ 1) keeps only the first `limit` labels. Throws
  /// `DatasetFileError` for a bad file, `ParameterError` for a bad `limit`.
  public static func labels(at path: String, limit: Int? = nil, parameter: String = "labelsPath")
    throws -> [UInt8]
  {
    if let limit { try require(limit >= 1, "limit", "must be ≥ 1", got: limit) }
    let bytes = try readFile(path, parameter: parameter)
    let header = try parseHeader(
      bytes, magic: labelMagic, dimensions: 1, path: path, parameter: parameter)
    let n = header[0]
    try requireLength(
      bytes, header: 8, payload: n, what: "\(n) labels", path: path, parameter: parameter)
    let kept = min(n, limit ?? n)
    return Array(bytes[8..<(8 + kept)])
  }

  /// Reads an idx3-ubyte image file; `limit` (≥ 1) keeps only the first `limit` images. Throws
  /// `DatasetFileError` for a bad file, `ParameterError` for a bad `limit`.
  public static func images(at path: String, limit: Int? = nil, parameter: String = "imagesPath")
    throws -> Images
  {
    if let limit { try require(limit >= 1, "limit", "must be ≥ 1", got: limit) }
    let bytes = try readFile(path, parameter: parameter)
    let header = try parseHeader(
      bytes, magic: imageMagic, dimensions: 3, path: path, parameter: parameter)
    let (n, r, c) = (header[0], header[1], header[2])
    let (pixelsPerImage, overflow1) = r.multipliedReportingOverflow(by: c)
    let (size, overflow2) = n.multipliedReportingOverflow(by: pixelsPerImage)
    if overflow1 || overflow2 {
      throw DatasetFileError(
        .malformed, parameter: parameter, path: path,
        "header sizes \(n)×\(r)×\(c) overflow")
    }
    try requireLength(
      bytes, header: 16, payload: size, what: "\(n) images of \(r)×\(c) pixels",
      path: path, parameter: parameter)
    let kept = min(n, limit ?? n)
    return Images(count: kept, rows: r, columns: c, pixels: Array(bytes[16..<(16 + kept * r * c)]))
  }

  /// MNIST (or any idx3/idx1 pair) as a `RealDataset`: inputs are the raw pixel values 0…255 as
  /// Double, one row per image (d = R·C), targets the labels as `count` classes (10 for MNIST).
  /// `limit` reads only the first `limit` samples (MNIST's 60 000 × 784 training images take
  /// 376 MB as Double). Preprocessing (standardization) is `RealDataTask`'s job. Throws
  /// `DatasetFileError` for a bad file (including label and image counts that differ, checked on
  /// the full headers before `limit` applies) and `ParameterError` for a bad argument.
  public static func dataset(
    imagesPath: String, labelsPath: String, classes: Int = 10, limit: Int? = nil,
    name: String = "mnist"
  ) throws -> RealDataset {
    if let limit { try require(limit >= 1, "limit", "must be ≥ 1", got: limit) }
    try require(classes >= 2, "classes", "must be ≥ 2", got: classes)
    // Check the counts on the full headers before trimming to `limit`.
    let labelCount = try headerCount(
      labelsPath, magic: labelMagic, dimensions: 1, parameter: "labelsPath")
    let imageCount = try headerCount(
      imagesPath, magic: imageMagic, dimensions: 3, parameter: "imagesPath")
    if labelCount != imageCount {
      throw DatasetFileError(
        .countMismatch, parameter: "labelsPath", path: labelsPath,
        "holds \(labelCount) labels but \(imagesPath) holds \(imageCount) images")
    }
    let images = try images(at: imagesPath, limit: limit)
    let labels = try labels(at: labelsPath, limit: limit)
    if let bad = labels.firstIndex(where: { Int($0) >= classes }) {
      throw DatasetFileError(
        .malformed, parameter: "labelsPath", path: labelsPath,
        "label \(labels[bad]) at index \(bad) is not in 0..<\(classes)")
    }
    let d = images.rows * images.columns
    var x = Matrix(rows: images.count, columns: d)
    x.withUnsafeMutableBufferPointer { p in
      images.pixels.withUnsafeBufferPointer { src in
        for k in 0..<src.count { p[k] = Double(src[k]) }
      }
    }
    return try RealDataset(
      name: name, inputs: x,
      targets: .classes(labels: labels.map { Int($0) }, count: classes))
  }

  // MARK: - Implementation

  private static func readFile(_ path: String, parameter: String) throws(DatasetFileError)
    -> [UInt8]
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else {
      throw DatasetFileError(.missing, parameter: parameter, path: path, "no such file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DatasetFileError(.unreadable, parameter: parameter, path: path, "could not be read")
    }
    let bytes = [UInt8](data)
    return Gunzip.isGzip(bytes) ? try Gunzip.decompress(path: path, parameter: parameter) : bytes
  }

  /// Reads only the first `4 + 4·dimensions` bytes and returns the first size (the item count).
  private static func headerCount(_ path: String, magic: UInt32, dimensions: Int, parameter: String)
    throws(DatasetFileError) -> Int
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else {
      throw DatasetFileError(.missing, parameter: parameter, path: path, "no such file")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw DatasetFileError(.unreadable, parameter: parameter, path: path, "could not be read")
    }
    defer { try? handle.close() }
    var head = [UInt8]((try? handle.read(upToCount: 4 + 4 * dimensions)) ?? Data())
    if Gunzip.isGzip(head) { head = try readFile(path, parameter: parameter) }
    return try parseHeader(
      head, magic: magic, dimensions: dimensions, path: path, parameter: parameter)[0]
  }

  private static func bigEndianUInt32(_ b: [UInt8], at k: Int) -> UInt32 {
    UInt32(b[k]) << 24 | UInt32(b[k + 1]) << 16 | UInt32(b[k + 2]) << 8 | UInt32(b[k + 3])
  }

  /// Checks the magic number and returns the `dimensions` sizes.
  private static func parseHeader(
    _ bytes: [UInt8], magic: UInt32, dimensions: Int, path: String, parameter: String
  ) throws(DatasetFileError) -> [Int] {
    let headerLength = 4 + 4 * dimensions
    if Gunzip.isGzip(bytes) {
      throw DatasetFileError(
        .compressed, parameter: parameter, path: path,
        "file is gzip-compressed twice or more; decompress it with gunzip")
    }
    if bytes.count < 4 {
      throw DatasetFileError(
        .truncated, parameter: parameter, path: path,
        "file is truncated: \(bytes.count) bytes, shorter than the 4-byte magic number")
    }
    let found = bigEndianUInt32(bytes, at: 0)
    if found != magic {
      throw DatasetFileError(
        .wrongMagic, parameter: parameter, path: path,
        "magic number is \(hex(found)), expected \(hex(magic)) (\(magic == labelMagic ? "idx1-ubyte labels" : "idx3-ubyte images"))"
      )
    }
    if bytes.count < headerLength {
      throw DatasetFileError(
        .truncated, parameter: parameter, path: path,
        "file is truncated: \(bytes.count) bytes, shorter than the \(headerLength)-byte header")
    }
    return (0..<dimensions).map { Int(bigEndianUInt32(bytes, at: 4 + 4 * $0)) }
  }

  private static func requireLength(
    _ bytes: [UInt8], header: Int, payload: Int, what: String, path: String, parameter: String
  ) throws(DatasetFileError) {
    let expected = header + payload
    if bytes.count < expected {
      throw DatasetFileError(
        .truncated, parameter: parameter, path: path,
        "file is truncated: header promises \(what) (\(expected) bytes), file has \(bytes.count) bytes"
      )
    }
    if bytes.count > expected {
      throw DatasetFileError(
        .trailingBytes, parameter: parameter, path: path,
        "file has \(bytes.count - expected) bytes beyond the \(expected) its header describes (\(what))"
      )
    }
  }

  private static func hex(_ v: UInt32) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}
