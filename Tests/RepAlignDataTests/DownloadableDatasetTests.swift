import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

/// `DownloadableDataset`: the catalog agrees with the fetch script, a missing dataset names the
/// fetch command, and — only when `make data` has filled the cache — the real files have the
/// published checksums, shapes and class counts.
@Suite struct DownloadableDatasetTests {
  static let cache = DataCache.fromEnvironment()

  /// `Scripts/fetch-data.sh` verifies against its own table; it must be this catalog, row for row.
  @Test func fetchScriptTableEqualsTheCatalog() throws {
    let script = try String(
      contentsOf: ValidationSpecs.repositoryRoot.appendingPathComponent("Scripts/fetch-data.sh"), encoding: .utf8)
    let rows = script.split(separator: "\n").filter { $0.split(separator: "|").count == 5 && !$0.contains("#") }
    let catalog = DownloadableDataset.allCases.flatMap { d in
      d.files.map { "\(d.rawValue)|\($0.name)|\($0.bytes)|\($0.md5)|\($0.sha256)" }
    }
    #expect(rows.map(String.init) == catalog)
  }

  @Test func missingDataNamesTheFetchCommand() throws {
    let empty = DataCache(root: "/nonexistent-repalign-cache", explicit: false)
    for d in DownloadableDataset.allCases {
      #expect(!d.isPresent(in: empty))
      do {
        _ = try d.load(in: empty, limit: 10)
        Issue.record("\(d) loaded from an empty cache")
      } catch let e as DatasetFileError {
        #expect(e.kind == .missing && e.description.contains("make data") && !e.description.contains("\n"), "\(e)")
        #expect(e.description.contains("repalign data fetch \(d.rawValue)"), "\(e)")
      }
      #expect(d.verify(in: empty).allSatisfy { $0.problem == "missing" })
    }
  }

  @Test func licencesAndCitationsAreRecorded() {
    #expect(DownloadableDataset.mnist.licence == "CC BY-SA 3.0")
    for d in DownloadableDataset.allCases { #expect(!d.citation.isEmpty && !d.source.isEmpty && !d.files.isEmpty) }
  }

  /// MNIST's training labels: 60 000, class counts as published by LeCun et al. (digit 1:
  /// 6742, digit 5: 5421, the most and fewest); the first 10 000 images pooled to 7 × 7.
  @Test(.enabled(if: DownloadableDataset.mnist.isPresent(in: cache), "MNIST not in the data cache: run `make data`"))
  func realMNIST() throws {
    let labels = try IDXReader.labels(
      at: try DownloadableDataset.mnist.path(of: "train-labels-idx1-ubyte", in: Self.cache))
    var counts = [Int](repeating: 0, count: 10)
    for l in labels { counts[Int(l)] += 1 }
    #expect(labels.count == 60_000 && counts[1] == 6742 && counts[5] == 5421 && counts.reduce(0, +) == 60_000)
    let data = try DownloadableDataset.mnist.load(in: Self.cache, limit: 1000, pooling: 4)
    #expect(data.sampleCount == 1000 && data.inputDimension == 49 && data.targets.classCount == 10)
    #expect(data.inputs.elements.allSatisfy { $0 >= 0 && $0 <= 255 })
    #expect(DownloadableDataset.mnist.verify(in: Self.cache).allSatisfy { $0.problem == nil })
  }

  /// Fashion-MNIST's training labels are balanced: 6000 of each of the 10 classes.
  @Test(
    .enabled(
      if: DownloadableDataset.fashionMNIST.isPresent(in: cache), "Fashion-MNIST not in the data cache: run `make data`")
  )
  func realFashionMNIST() throws {
    let labels = try IDXReader.labels(
      at: try DownloadableDataset.fashionMNIST.path(of: "train-labels-idx1-ubyte", in: Self.cache))
    var counts = [Int](repeating: 0, count: 10)
    for l in labels { counts[Int(l)] += 1 }
    #expect(counts == [Int](repeating: 6000, count: 10))
    let data = try DownloadableDataset.fashionMNIST.load(in: Self.cache, limit: 500, pooling: 1)
    #expect(data.sampleCount == 500 && data.inputDimension == 784)
  }

  /// Covertype: the first rows, 13 inputs, elevation (metres, 1859…3858 over the whole set).
  @Test(
    .enabled(if: DownloadableDataset.covertype.isPresent(in: cache), "Covertype not in the data cache: run `make data`")
  )
  func realCovertype() throws {
    let data = try DownloadableDataset.covertype.load(in: Self.cache, limit: 2000)
    #expect(data.sampleCount == 2000 && data.inputDimension == 13)
    guard case .values(let y) = data.targets else {
      Issue.record("covertype targets are not real values")
      return
    }
    #expect(y.columns == 1 && y.elements.allSatisfy { (1859...3858).contains($0) })
    // The first row of UCI covtype.data: elevation 2596, aspect 51, slope 3.
    #expect(y[0, 0] == 2596 && data.inputs[0, 0] == 51 && data.inputs[0, 1] == 3)
  }
}
