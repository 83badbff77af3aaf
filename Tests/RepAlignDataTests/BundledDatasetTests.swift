import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

/// The bundled copies of scikit-learn's digits and diabetes files (Resources/DATASETS.md).
///
/// Reference values, and where they come from:
/// - shape 1797 × 64, pixels integers 0…16, 10 classes: scikit-learn's documentation of
///   `sklearn.datasets.load_digits` ("Samples total 1797, Dimensionality 64, Features integers
///   0-16, Classes 10").
/// - class counts 178, 182, 177, 183, 181, 182, 181, 179, 174, 180: the UCI description file
///   `optdigits.names` ("No of examples in testing set"; scikit-learn's copy is that test set).
/// - 442 × 10 and targets 25…346: scikit-learn's `load_diabetes` documentation.
/// - byte counts, FNV-1a-64 hashes, pixel sums, the position-weighted sum and the exact column
///   sums: computed with Python 3 (integer and `fractions.Fraction` arithmetic) from the files
///   decompressed out of the scikit-learn 1.9.1 wheel.
@Suite struct BundledDatasetTests {
  @Test(arguments: [
    ("digits.csv", 264_712, UInt64(0x0b6d_b7d4_442b_bc5d)),
    ("diabetes_data_raw.csv", 19_596, UInt64(0x2b66_4387_c343_5c49)),
    ("diabetes_target.csv", 11_050, UInt64(0x728c_a1c9_72b5_e119)),
  ])
  func resourceFilesAreTheRecordedCopies(file: String, bytes: Int, hash: UInt64) throws {
    let data = try BundledDataset.resourceBytes(file)
    #expect(data.count == bytes, "\(file): \(data.count) bytes")
    #expect(
      FNV1a.hash64(data) == hash, "\(file): FNV-1a-64 0x\(String(FNV1a.hash64(data), radix: 16))")
    // Well under 1 MB each, as the issue asks.
    #expect(data.count < 1_000_000)
  }

  @Test func digitsShapeRangeAndClassCounts() throws {
    let digits = try BundledDataset.digits.load()
    #expect(digits.name == "digits")
    #expect(digits.sampleCount == 1797 && digits.inputDimension == 64)
    #expect(digits.targets.classCount == 10)
    #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    #expect(digits.inputs.elements.allSatisfy { $0 >= 0 && $0 <= 16 && $0.rounded() == $0 })
    // Integer sums of integers below 2⁵³ are exact in Double.
    #expect(digits.inputs.elements.reduce(0, +) == 561_718)
    #expect(digits.inputs.elements.reduce(0) { $0 + $1 * $1 } == 6_907_012)
    #expect(digits.targets.labels!.reduce(0, +) == 8070)
    // Position-weighted sum over the file's 1797 × 65 table (pixels then label, row by row):
    // catches a transposed, shifted or reordered read that plain sums miss.
    var weighted = 0.0
    for i in 0..<1797 {
      for j in 0..<65 {
        let v = j < 64 ? digits.inputs[i, j] : Double(digits.targets.labels![i])
        weighted += Double(i * 65 + j + 1) * v
      }
    }
    #expect(weighted == 33_208_223_891)
    // The first image of the file, row by row (its first line, read by eye).
    #expect(
      digits.inputs.row(0).prefix(16) == [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0])
    #expect(digits.targets.labels!.prefix(3) == [0, 1, 2])
    // Pixels 0, 32 and 39 are 0 in every image (Python: all(r[j] == 0)).
    let constant = (0..<64).filter { j in digits.inputs.column(j).allSatisfy { $0 == 0 } }
    #expect(constant == [0, 32, 39])
  }

  @Test func diabetesShapeAndSums() throws {
    let diabetes = try BundledDataset.diabetes.load()
    #expect(diabetes.sampleCount == 442 && diabetes.inputDimension == 10)
    guard case .values(let y) = diabetes.targets else {
      Issue.record("diabetes targets should be real values")
      return
    }
    #expect(y.rows == 442 && y.columns == 1)
    #expect(y.elements.min() == 25 && y.elements.max() == 346)
    #expect(y.elements.reduce(0, +) == 67_243)
    #expect(diabetes.inputs.row(0) == [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87])
    // Exact column sums (Python fractions); all entries are positive, so the summation error of
    // 442 correctly rounded values is at most γ₄₄₂·Σ|x| (Higham §4.2) plus one rounding per value.
    let exact = [21445, 649, 11658.1, 41833.98, 83600, 51024.1, 22006.5, 1799.05, 2051.5036, 40337]
    let tolerance = Tolerance.dotProduct(length: 442) + Tolerance.epsilon
    for j in 0..<10 {
      expectClose(
        diabetes.inputs.column(j).reduce(0, +), exact[j], tolerance: tolerance,
        "diabetes column \(j) sum")
    }
  }

  @Test func loadIsCachedAndStable() throws {
    #expect(try BundledDataset.digits.load() == BundledDataset.digits.load())
    #expect(BundledDataset.allCases.flatMap(\.resourceFiles).count == 5)
  }

  /// Wine and breast cancer: shapes and class counts from scikit-learn's `load_wine` ("class_0
  /// (59), class_1 (71), class_2 (48)") and `load_breast_cancer` ("212 - Malignant, 357 -
  /// Benign") documentation; the first row of each file as printed in it (alcohol 14.23,
  /// mean radius 17.99).
  @Test func wineAndBreastCancer() throws {
    let wine = try BundledDataset.wine.load()
    #expect(wine.sampleCount == 178 && wine.inputDimension == 13 && wine.classCounts == [59, 71, 48])
    #expect(wine.inputs[0, 0] == 14.23 && wine.inputs[0, 12] == 1065)
    let cancer = try BundledDataset.breastCancer.load()
    #expect(cancer.sampleCount == 569 && cancer.inputDimension == 30 && cancer.classCounts == [212, 357])
    #expect(cancer.inputs[0, 0] == 17.99 && cancer.name == "breast-cancer")
    for (file, bytes) in [("wine_data.csv", 11_157), ("breast_cancer.csv", 119_913)] {
      #expect(try BundledDataset.resourceBytes(file).count == bytes, "\(file)")
    }
  }

  /// The licence and citations travel with the data (they are in the same resource folder).
  @Test func licenceAndCitationsShipWithTheData() throws {
    let text = String(decoding: try BundledDataset.resourceBytes("DATASETS.md"), as: UTF8.self)
    for needle in [
      "BSD 3-Clause License", "The scikit-learn developers", "Alpaydin", "Kaynak",
      "Efron", "Least Angle Regression",
    ] {
      #expect(text.contains(needle), "DATASETS.md lacks \(needle)")
    }
  }

  @Test func missingResourceIsAOneLineError() {
    RealDataTestSupport.expectFileError(.missing, parameter: "resource", path: "no-such.csv") {
      _ = try BundledDataset.resourceBytes("no-such.csv")
    }
  }
}
