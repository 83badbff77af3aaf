import Foundation
import RepAlignNumerics

/// The small real datasets shipped inside the package as SwiftPM resources
/// (`Sources/RepAlignData/Resources`, read through `Bundle.module`). Provenance, checksums,
/// licence (scikit-learn's BSD-3 for the copy) and citations are in `Resources/DATASETS.md`.
///
/// - `digits`: the UCI optical-recognition handwritten digits (Alpaydin & Kaynak 1998), the
///   1797-image part scikit-learn ships: N = 1797, d = 64 raw pixel counts in 0…16 (8 × 8 image in
///   row-major order), 10 classes.
/// - `diabetes`: Efron, Hastie, Johnstone & Tibshirani (2004): N = 442 patients, d = 10 raw
///   baseline variables (age, sex, BMI, blood pressure, s1…s6), one real target (disease
///   progression after one year, 25…346).
/// - `wine`: UCI Wine (Forina et al.; Aeberhard & de Vel 1992): N = 178 wines, d = 13 chemical
///   measurements, 3 cultivars (59, 71, 48).
/// - `breast-cancer`: UCI Breast Cancer Wisconsin (Diagnostic) (Street, Wolberg & Mangasarian
///   1993): N = 569 tumours, d = 30 nucleus features, 2 classes in scikit-learn's coding
///   (0 = malignant, 212; 1 = benign, 357).
///
/// Each dataset is parsed once per process and cached. If the resource bundle cannot be found at
/// all (the `repalign` binary was copied away from its `RepAlign_RepAlignData.resources` folder),
/// SwiftPM's generated `Bundle.module` stops the process with its one-line message naming both
/// places it looked; keep the folder next to the binary.
public enum BundledDataset: String, CaseIterable, Sendable {
  case digits
  case diabetes
  case wine
  case breastCancer = "breast-cancer"

  /// The resource files this dataset is read from (names inside `Resources/`).
  public var resourceFiles: [String] {
    switch self {
    case .digits: ["digits.csv"]
    case .diabetes: ["diabetes_data_raw.csv", "diabetes_target.csv"]
    case .wine: ["wine_data.csv"]
    case .breastCancer: ["breast_cancer.csv"]
    }
  }

  /// The dataset, parsed from the bundled files (cached after the first call). Throws only if a
  /// bundled file is missing or corrupt.
  public func load() throws(DatasetFileError) -> RealDataset {
    let result =
      switch self {
      case .digits: BundledDataset.digitsCache
      case .diabetes: BundledDataset.diabetesCache
      case .wine: BundledDataset.wineCache
      case .breastCancer: BundledDataset.breastCancerCache
      }
    return try result.get()
  }

  /// The raw bytes of one bundled resource file (for checksums and provenance tests).
  public static func resourceBytes(_ file: String) throws(DatasetFileError) -> [UInt8] {
    guard let url = resourceURL(file) else {
      throw DatasetFileError(
        .missing, parameter: "resource", path: file,
        "not found in the RepAlignData resource bundle \(Bundle.module.bundlePath)")
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw DatasetFileError(
        .unreadable, parameter: "resource", path: url.path, "could not be read")
    }
    return [UInt8](data)
  }

  // MARK: - Implementation

  private static let digitsCache = Result<RealDataset, DatasetFileError> {
    () throws(DatasetFileError) in
    try readDigits()
  }
  private static let diabetesCache = Result<RealDataset, DatasetFileError> {
    () throws(DatasetFileError) in try readDiabetes()
  }
  private static let wineCache = Result<RealDataset, DatasetFileError> {
    () throws(DatasetFileError) in
    try readLabelled("wine_data.csv", name: "wine", samples: 178, features: 13, classes: 3)
  }
  private static let breastCancerCache = Result<RealDataset, DatasetFileError> {
    () throws(DatasetFileError) in
    try readLabelled("breast_cancer.csv", name: "breast-cancer", samples: 569, features: 30, classes: 2)
  }

  private static func resourceURL(_ file: String) -> URL? {
    let name = (file as NSString).deletingPathExtension
    let ext = (file as NSString).pathExtension
    if let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources") {
      return url
    }
    let direct = Bundle.module.bundleURL.appendingPathComponent("Resources").appendingPathComponent(
      file)
    return FileManager.default.fileExists(atPath: direct.path) ? direct : nil
  }

  private static func table(_ file: String) throws(DatasetFileError) -> Matrix {
    try NumericTable(parsing: resourceBytes(file), parameter: "resource", path: file).matrix
  }

  /// Every value must be an integer in `range`; the bundled files are checked, not trusted.
  private static func requireIntegers(
    _ values: [Double], in range: ClosedRange<Double>, file: String
  )
    throws(DatasetFileError)
  {
    if let k = values.firstIndex(where: { $0.rounded() != $0 || !range.contains($0) }) {
      throw DatasetFileError(
        .malformed, parameter: "resource", path: file,
        "value \(values[k]) at position \(k) is not an integer in \(range)")
    }
  }

  private static func readDigits() throws(DatasetFileError) -> RealDataset {
    let file = "digits.csv"
    let t = try table(file)
    guard t.columns == 65 else {
      throw DatasetFileError(
        .malformed, parameter: "resource", path: file,
        "has \(t.columns) columns, expected 64 pixels and a label")
    }
    let pixels = t.selectingColumns(Array(0..<64))
    let labelColumn = t.column(64)
    try requireIntegers(pixels.elements, in: 0...16, file: file)
    try requireIntegers(labelColumn, in: 0...9, file: file)
    do {
      return try RealDataset(
        name: "digits", inputs: pixels,
        targets: .classes(labels: labelColumn.map { Int($0) }, count: 10))
    } catch {
      throw DatasetFileError(.malformed, parameter: "resource", path: file, error.description)
    }
  }

  /// scikit-learn's labelled-table format: a first line `N,d,class names…`, then N rows of d
  /// features and the class index.
  private static func readLabelled(_ file: String, name: String, samples: Int, features: Int, classes: Int)
    throws(DatasetFileError) -> RealDataset
  {
    let t = try NumericTable(parsing: resourceBytes(file), parameter: "resource", path: file, header: .present).matrix
    guard t.rows == samples, t.columns == features + 1 else {
      throw DatasetFileError(
        .malformed, parameter: "resource", path: file,
        "has \(t.rows)×\(t.columns) values, expected \(samples)×\(features + 1) (features and the class)")
    }
    let labelColumn = t.column(features)
    try requireIntegers(labelColumn, in: 0...Double(classes - 1), file: file)
    do {
      return try RealDataset(
        name: name, inputs: t.selectingColumns(Array(0..<features)),
        targets: .classes(labels: labelColumn.map { Int($0) }, count: classes))
    } catch {
      throw DatasetFileError(.malformed, parameter: "resource", path: file, error.description)
    }
  }

  private static func readDiabetes() throws(DatasetFileError) -> RealDataset {
    let x = try table("diabetes_data_raw.csv")
    let y = try table("diabetes_target.csv")
    guard x.columns == 10, y.columns == 1 else {
      throw DatasetFileError(
        .malformed, parameter: "resource", path: "diabetes_data_raw.csv",
        "shapes \(x.rows)×\(x.columns) and \(y.rows)×\(y.columns), expected N×10 and N×1")
    }
    guard x.rows == y.rows else {
      throw DatasetFileError(
        .countMismatch, parameter: "resource", path: "diabetes_target.csv",
        "has \(y.rows) targets for \(x.rows) samples")
    }
    do {
      return try RealDataset(name: "diabetes", inputs: x, targets: .values(y))
    } catch {
      throw DatasetFileError(
        .malformed, parameter: "resource", path: "diabetes_data_raw.csv",
        error.description)
    }
  }
}
