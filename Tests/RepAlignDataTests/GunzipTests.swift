import Foundation
import RepAlignData
import Testing

/// `Gunzip` and the gzip path of `IDXReader`, on small IDX files the tests write and compress
/// with the system's gzip (the tool `Gunzip` runs; its absence is reported as a skip, never a pass).
@Suite(.enabled(if: Gunzip.tool != nil, "no gzip tool on PATH")) struct GunzipTests {
  /// Writes `bytes` to `dir/name` and gzips it to `dir/name.gz` (the plain file is kept).
  static func gzipped(_ bytes: [UInt8], name: String, in dir: URL) throws -> String {
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Gunzip.tool!)
    p.arguments = ["-k", "-n", "-f", url.path]
    try p.run()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    return url.path + ".gz"
  }

  @Test func gzippedIDXFilesReadLikeThePlainOnes() throws {
    let f = try IDXReaderTests.Files()
    let images = IDXReaderTests.imageFile(IDXReaderTests.pixels, count: 3, rows: 2, columns: 3)
    let labels = IDXReaderTests.labelFile(IDXReaderTests.labels)
    let gzImages = try Self.gzipped(images, name: "img", in: f.dir)
    let gzLabels = try Self.gzipped(labels, name: "lab", in: f.dir)
    #expect(Gunzip.isGzip([UInt8](try Data(contentsOf: URL(fileURLWithPath: gzImages)))))
    let plain = try IDXReader.dataset(
      imagesPath: String(gzImages.dropLast(3)), labelsPath: String(gzLabels.dropLast(3)))
    let compressed = try IDXReader.dataset(imagesPath: gzImages, labelsPath: gzLabels)
    #expect(plain == compressed)
    #expect(try IDXReader.labels(at: gzLabels, limit: 2) == [7, 0])
    #expect(try Gunzip.decompress(path: gzImages, parameter: "x") == images)
  }

  /// A gzip stream cut short is a one-line `.compressed` error carrying gzip's own message.
  @Test func truncatedStreamIsAOneLineError() throws {
    let f = try IDXReaderTests.Files()
    let whole = [UInt8](
      try Data(
        contentsOf: URL(fileURLWithPath: try Self.gzipped([UInt8](repeating: 7, count: 5000), name: "z", in: f.dir))))
    let path = try f.write("cut.gz", Array(whole[..<(whole.count / 2)]))
    RealDataTestSupport.expectFileError(.compressed, parameter: "labelsPath", path: path) {
      _ = try IDXReader.labels(at: path)
    }
  }
}
