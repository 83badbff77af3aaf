import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

/// The IDX reader on tiny files the tests write themselves (header integers big-endian, written
/// here byte by byte, independently of the reader's decoding).
@Suite struct IDXReaderTests {
  static func bigEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
  }

  /// An idx1-ubyte label file.
  static func labelFile(_ labels: [UInt8], count: UInt32? = nil, magic: UInt32 = 0x0000_0801)
    -> [UInt8]
  {
    bigEndian(magic) + bigEndian(count ?? UInt32(labels.count)) + labels
  }

  /// An idx3-ubyte image file.
  static func imageFile(
    _ pixels: [UInt8], count: UInt32, rows: UInt32, columns: UInt32, magic: UInt32 = 0x0000_0803
  ) -> [UInt8] {
    bigEndian(magic) + bigEndian(count) + bigEndian(rows) + bigEndian(columns) + pixels
  }

  /// Three 2 × 3 images with pixels 0, 1, …, 17 (plus 200 to test values above 127) and labels.
  static let pixels: [UInt8] = (0..<18).map { UInt8($0 == 5 ? 200 : $0) }
  static let labels: [UInt8] = [7, 0, 9]

  final class Files {
    let dir: URL
    init() throws { dir = try RealDataTestSupport.temporaryDirectory("idx") }
    deinit { try? FileManager.default.removeItem(at: dir) }
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
      let url = dir.appendingPathComponent(name)
      try Data(bytes).write(to: url)
      return url.path
    }
  }

  @Test func readsImagesAndLabels() throws {
    let f = try Files()
    let images = try f.write("img", Self.imageFile(Self.pixels, count: 3, rows: 2, columns: 3))
    let labels = try f.write("lab", Self.labelFile(Self.labels))
    #expect(try IDXReader.labels(at: labels) == [7, 0, 9])
    let read = try IDXReader.images(at: images)
    #expect(read.count == 3 && read.rows == 2 && read.columns == 3)
    #expect(read.pixels == Self.pixels)

    let data = try IDXReader.dataset(imagesPath: images, labelsPath: labels)
    #expect(data.sampleCount == 3 && data.inputDimension == 6)
    #expect(data.inputs.row(0) == [0, 1, 2, 3, 4, 200])
    #expect(data.inputs.row(2) == [12, 13, 14, 15, 16, 17])
    #expect(data.targets == .classes(labels: [7, 0, 9], count: 10))
    #expect(data.name == "mnist")
  }

  @Test func limitKeepsTheFirstSamples() throws {
    let f = try Files()
    let images = try f.write("img", Self.imageFile(Self.pixels, count: 3, rows: 2, columns: 3))
    let labels = try f.write("lab", Self.labelFile(Self.labels))
    let data = try IDXReader.dataset(imagesPath: images, labelsPath: labels, limit: 2)
    #expect(data.sampleCount == 2)
    #expect(data.inputs.row(1) == [6, 7, 8, 9, 10, 11])
    #expect(data.targets.labels == [7, 0])
    // A limit above the count keeps everything.
    #expect(try IDXReader.labels(at: labels, limit: 10) == Self.labels)
    expectParameterError("limit") {
      _ = try IDXReader.dataset(imagesPath: images, labelsPath: labels, limit: 0)
    }
    expectParameterError("limit") {
      _ = try IDXReader.labels(at: labels, limit: -1)
    }
  }

  @Test func missingFileAndDirectory() throws {
    let f = try Files()
    let absent = f.dir.appendingPathComponent("absent").path
    RealDataTestSupport.expectFileError(.missing, parameter: "labelsPath", path: absent) {
      _ = try IDXReader.labels(at: absent)
    }
    RealDataTestSupport.expectFileError(.missing, parameter: "imagesPath", path: f.dir.path) {
      _ = try IDXReader.images(at: f.dir.path)
    }
    let labels = try f.write("lab", Self.labelFile(Self.labels))
    RealDataTestSupport.expectFileError(.missing, parameter: "imagesPath", path: absent) {
      _ = try IDXReader.dataset(imagesPath: absent, labelsPath: labels)
    }
  }

  @Test func truncatedFiles() throws {
    let f = try Files()
    let fullImages = Self.imageFile(Self.pixels, count: 3, rows: 2, columns: 3)
    let cases: [(String, [UInt8], Bool)] = [
      ("img-payload", Array(fullImages.dropLast()), true), // one pixel short
      ("img-header", Array(fullImages.prefix(10)), true), // inside the 16-byte header
      ("img-magic", Array(fullImages.prefix(3)), true), // shorter than the magic number
      ("lab-payload", Array(Self.labelFile(Self.labels).dropLast(2)), false),
      ("lab-header", Array(Self.labelFile(Self.labels).prefix(6)), false),
    ]
    for (name, bytes, isImage) in cases {
      let path = try f.write(name, bytes)
      RealDataTestSupport.expectFileError(
        .truncated, parameter: isImage ? "imagesPath" : "labelsPath",
        path: path
      ) {
        if isImage {
          _ = try IDXReader.images(at: path)
        } else {
          _ = try IDXReader.labels(at: path)
        }
      }
    }
    // The message says how many bytes were promised and found.
    let short = try f.write("short", Array(fullImages.dropLast()))
    do {
      _ = try IDXReader.images(at: short)
    } catch let e as DatasetFileError {
      #expect(e.description.contains("(34 bytes), file has 33 bytes"), "\(e)")
    }
  }

  /// Absurd header sizes are errors, not allocations or traps.
  @Test func hugeHeaderSizes() throws {
    let f = try Files()
    let promised = try f.write("big", Self.imageFile([], count: 1_000_000, rows: 28, columns: 28))
    RealDataTestSupport.expectFileError(.truncated, parameter: "imagesPath", path: promised) {
      _ = try IDXReader.images(at: promised)
    }
    let overflowing = try f.write(
      "overflow", Self.imageFile([], count: .max, rows: .max, columns: .max))
    RealDataTestSupport.expectFileError(.malformed, parameter: "imagesPath", path: overflowing) {
      _ = try IDXReader.images(at: overflowing)
    }
  }

  @Test func wrongMagicNumbers() throws {
    let f = try Files()
    let images = try f.write("img", Self.imageFile(Self.pixels, count: 3, rows: 2, columns: 3))
    let labels = try f.write("lab", Self.labelFile(Self.labels))
    // Labels given as images and images given as labels.
    RealDataTestSupport.expectFileError(.wrongMagic, parameter: "imagesPath", path: labels) {
      _ = try IDXReader.images(at: labels)
    }
    RealDataTestSupport.expectFileError(.wrongMagic, parameter: "labelsPath", path: images) {
      _ = try IDXReader.labels(at: images)
    }
    // A little-endian header (a common writer bug) and a non-ubyte type code (0x0D = float).
    let littleEndian = try f.write(
      "le", [0x01, 0x08, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00] + Self.labels)
    RealDataTestSupport.expectFileError(.wrongMagic, parameter: "labelsPath", path: littleEndian) {
      _ = try IDXReader.labels(at: littleEndian)
    }
    let float = try f.write("float", Self.labelFile(Self.labels, magic: 0x0000_0D01))
    do {
      _ = try IDXReader.labels(at: float)
      Issue.record("a float IDX file was accepted")
    } catch let e as DatasetFileError {
      #expect(e.kind == .wrongMagic)
      #expect(e.description.contains("magic number is 0x00000d01, expected 0x00000801"), "\(e)")
    }
  }

  @Test func trailingBytesAreAnError() throws {
    let f = try Files()
    let path = try f.write("lab", Self.labelFile(Self.labels) + [1])
    RealDataTestSupport.expectFileError(.trailingBytes, parameter: "labelsPath", path: path) {
      _ = try IDXReader.labels(at: path)
    }
  }

  @Test func mismatchedCounts() throws {
    let f = try Files()
    let images = try f.write("img", Self.imageFile(Self.pixels, count: 3, rows: 2, columns: 3))
    let labels = try f.write("lab", Self.labelFile([1, 2, 3, 4]))
    RealDataTestSupport.expectFileError(.countMismatch, parameter: "labelsPath", path: labels) {
      _ = try IDXReader.dataset(imagesPath: images, labelsPath: labels)
    }
    // Checked on the full headers even when a limit would make the kept parts agree.
    RealDataTestSupport.expectFileError(.countMismatch, parameter: "labelsPath", path: labels) {
      _ = try IDXReader.dataset(imagesPath: images, labelsPath: labels, limit: 2)
    }
  }

  @Test func gzipFilesAreRecognised() throws {
    let f = try Files()
    let path = try f.write("lab.gz", [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0])
    RealDataTestSupport.expectFileError(.compressed, parameter: "labelsPath", path: path) {
      _ = try IDXReader.labels(at: path)
    }
  }

  @Test func labelsOutsideTheClassesAreAnError() throws {
    let f = try Files()
    let images = try f.write("img", Self.imageFile(Self.pixels, count: 3, rows: 2, columns: 3))
    let labels = try f.write("lab", Self.labelFile([1, 12, 3]))
    RealDataTestSupport.expectFileError(.malformed, parameter: "labelsPath", path: labels) {
      _ = try IDXReader.dataset(imagesPath: images, labelsPath: labels)
    }
    expectParameterError("classes") {
      _ = try IDXReader.dataset(imagesPath: images, labelsPath: labels, classes: 1)
    }
  }
}
