import Foundation
import _CGSL
import _RepAlignShims

/// Which CBLAS this process is bound to, and its thread count.
///
/// RepAlign links OpenBLAS ahead of GSL (see `Package.swift`), so `cblas_dgemm` must resolve to
/// `libopenblas*` both for RepAlign's own calls and in the loader's global scope that GSL's calls
/// use. If either resolves to `libgslcblas`, products run about 20× slower; `repalign info` and
/// a test report it.
public enum BLASBackend {
  /// The shared object providing `cblas_dgemm` to RepAlign's own calls.
  public static var dgemmProvider: String? {
    repalign_cblas_dgemm_provider().map { String(cString: $0) }
  }

  /// The shared object providing `cblas_dgemm` in the global scope (what GSL calls).
  package static var globalDgemmProvider: String? {
    repalign_cblas_dgemm_global_provider().map { String(cString: $0) }
  }

  /// True when both bindings are OpenBLAS.
  public static var isOpenBLAS: Bool {
    [dgemmProvider, globalDgemmProvider].allSatisfy { $0?.contains("openblas") == true }
  }

  /// OpenBLAS's build configuration string (e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH … Haswell").
  public static var configuration: String { String(cString: openblas_get_config()) }

  /// OpenBLAS's worker-thread count.
  public static var threads: Int {
    get { Int(openblas_get_num_threads()) }
    set { openblas_set_num_threads(Int32(max(1, newValue))) }
  }

  /// Times `C ← A·B` for n × n matrices and returns GFLOP/s (2n³ flops per product), best of
  /// `repeats` after one warm-up. For benchmarks and `repalign info`, never for test assertions.
  public static func measureDGEMM(size n: Int, repeats: Int = 3) -> Double {
    2 * pow(Double(n), 3) / dgemmSeconds(size: n, repeats: repeats) / 1e9
  }

  /// The one DGEMM timer (`repalign info`, `repalign-bench`): the fastest of `repeats` products
  /// `C ← A·B` of n × n standard-normal matrices through `Matrix.gemm`, in wall-clock seconds
  /// (monotonic clock), after one untimed warm-up product. The fastest run is the one least
  /// disturbed by other processes.
  package static func dgemmSeconds(size n: Int, repeats: Int) -> Double {
    let stream = RandomStream(master: 0, "blas-benchmark")
    let a = stream.normalMatrix(rows: n, columns: n)
    let b = stream.normalMatrix(rows: n, columns: n)
    var c = Matrix(rows: n, columns: n)
    Matrix.gemm(a, b, into: &c)
    var best = Double.infinity
    for _ in 0..<max(1, repeats) {
      let start = DispatchTime.now().uptimeNanoseconds
      Matrix.gemm(a, b, into: &c)
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return best
  }
}
