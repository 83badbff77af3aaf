import Foundation
import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

/// Shared helpers of the real-data suites (bundled datasets, IDX reader, split, noise).
enum RealDataTestSupport {
  /// Two-sided z bound for the statistical checks of the real-data suites: |z| ≤ 4.5 has a
  /// false-failure rate of 6.8e-6 per check; these suites make fewer than 40 such checks on
  /// fixed seeds, so the family-wise rate under fresh seeds (REPALIGN_FRESH_SEEDS=1) is < 3e-4.
  static let z = 4.5

  /// Expects `body` to throw a `DatasetFileError` of `kind` naming `parameter` and `path`, on one
  /// line.
  static func expectFileError(
    _ kind: DatasetFileError.Kind, parameter: String, path: String,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
  ) {
    do {
      try body()
      Issue.record(
        "expected a \(kind) DatasetFileError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as DatasetFileError {
      #expect(e.kind == kind, "\(e)", sourceLocation: sourceLocation)
      #expect(e.parameter == parameter, "\(e)", sourceLocation: sourceLocation)
      #expect(
        e.description.hasPrefix("invalid \(parameter) = \(path): "), "\(e)",
        sourceLocation: sourceLocation)
      #expect(!e.description.contains("\n"), "\(e)", sourceLocation: sourceLocation)
    } catch {
      Issue.record(
        "expected a \(kind) DatasetFileError, got \(error)", sourceLocation: sourceLocation)
    }
  }

  /// The bundled digits, loaded once (the loader caches too).
  static func digits() throws -> RealDataset { try BundledDataset.digits.load() }
  static func diabetes() throws -> RealDataset { try BundledDataset.diabetes.load() }

  /// Population variance (divisor N) of each column, by a naive two-pass loop.
  static func naiveColumnVariances(_ m: Matrix) -> [Double] {
    (0..<m.columns).map { j in
      let col = m.column(j)
      let mean = col.reduce(0, +) / Double(col.count)
      return col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(col.count)
    }
  }

  /// Arg-max of each row (the label of a one-hot row).
  static func rowArgMax(_ m: Matrix) -> [Int] {
    (0..<m.rows).map { i in
      let r = m.row(i)
      return r.indices.max { r[$0] < r[$1] }!
    }
  }

  /// A fresh temporary directory for files a test writes (`TemporaryDirectory` of _TestSupport).
  static func temporaryDirectory(_ name: String) throws -> URL { try TemporaryDirectory.make(name) }
}
