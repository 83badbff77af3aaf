import Foundation
import _CGSL
import _RepAlignShims

/// Which OpenBLAS kernel this process runs, and the rule that chooses a better one when the
/// library falls back to a generic core.
///
/// A DYNAMIC_ARCH OpenBLAS (Debian's) picks its kernels from CPUID when it is loaded. On a CPU it
/// does not recognize it silently takes a generic core (Prescott, Core2, …, SSE3 kernels): DGEMM
/// at ≈ 15 GFLOP/s where the machine's AVX-512 kernels reach ≈ 100 (measured on a 2-core Xeon VM).
/// The library reads `OPENBLAS_CORETYPE` only at load time, so `repalign` applies the rule at
/// start-up by re-executing itself with the variable set (`KernelSelection` in the tool), and
/// `make test` sets it for the test process from the same rule (Scripts/blas-kernel.c).
///
/// ## The rule (`recommendedCore(detected:avx512:avx2FMA:)`, one home in C: RepAlignKernelRule.h)
/// - The user's `OPENBLAS_CORETYPE`, when set, always stands.
/// - Otherwise, when the detected core is a generic fallback and the CPU has AVX-512 (F, CD, BW, DQ,
///   VL) → `SkylakeX`; with AVX2 and FMA → `Haswell`; otherwise the library's choice stands.
/// - A selected kernel must pass `selfCheck()` (older OpenBLAS builds can compute wrong results on
///   newer CPUs); if it does not, the tool falls back to the library's choice and says so.
public enum BLASKernel {
  /// OpenBLAS's name of the running kernel (`openblas_get_corename()`, e.g. "Haswell").
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// Whether `core` is a generic fallback core (no AVX kernels).
  public static func isFallback(_ core: String) -> Bool { repalign_is_fallback_core(core) != 0 }

  /// CPUID: AVX-512 F, CD, BW, DQ and VL.
  public static var cpuHasAVX512: Bool { repalign_cpu_has_avx512() != 0 }
  /// CPUID: AVX2 and FMA.
  public static var cpuHasAVX2FMA: Bool { repalign_cpu_has_avx2_fma() != 0 }

  /// The kernel rule: the `OPENBLAS_CORETYPE` to select for a library that detected `detected` on
  /// a CPU with the given features, or nil to keep the library's choice.
  public static func recommendedCore(detected: String, avx512: Bool, avx2FMA: Bool) -> String? {
    repalign_recommended_coretype(detected, avx512 ? 1 : 0, avx2FMA ? 1 : 0).map { String(cString: $0) }
  }

  /// The rule applied to this process's library and CPU.
  public static var recommendedCoreForThisMachine: String? {
    recommendedCore(detected: coreName, avx512: cpuHasAVX512, avx2FMA: cpuHasAVX2FMA)
  }

  /// The worst relative error of the self-check's products, in units of its bound.
  public struct SelfCheck: Sendable, Equatable {
    /// max over entries of |C − C_naive| / (k·ε·Σ|a||b| + tiny), over all shapes checked; ≤ 1 passes.
    public let worstRatio: Double
    public var passed: Bool { worstRatio <= 1 }
  }

  /// Checks `product` (default: the BLAS-backed `Matrix.product`) against a naive triple loop on
  /// shapes that exercise the kernels' main and edge paths (odd sizes, one size above the 64-wide
  /// blocking). Each entry must satisfy |ĉ − c| ≤ k·ε·Σₗ|aᵢₗ||bₗⱼ| (the standard dot-product
  /// round-off bound γ_k ≤ k·ε/(1 − kε), with the naive loop's own error of the same size; the
  /// factor 2 covers both). Costs ≈ 3·10⁶ flops: cheap enough to run at every start-up.
  public static func selfCheck(product: (Matrix, Matrix) -> Matrix = { Matrix.product($0, $1) }) -> SelfCheck {
    let stream = RandomStream(master: 0, "blas-kernel-self-check")
    var worst = 0.0
    for (m, k, n) in [(37, 29, 41), (130, 67, 97), (8, 300, 8)] {
      let a = stream.normalMatrix(rows: m, columns: k)
      let b = stream.normalMatrix(rows: k, columns: n)
      let c = product(a, b)
      guard c.rows == m, c.columns == n else { return SelfCheck(worstRatio: .infinity) }
      for i in 0..<m {
        for j in 0..<n {
          var exact = 0.0
          var magnitude = 0.0
          for l in 0..<k {
            exact += a[i, l] * b[l, j]
            magnitude += abs(a[i, l] * b[l, j])
          }
          let bound = 2 * Double(k) * Double.ulpOfOne * magnitude + Double.leastNormalMagnitude
          let ratio = abs(c[i, j] - exact) / bound
          worst = max(worst, ratio.isNaN ? .infinity : ratio)
        }
      }
    }
    return SelfCheck(worstRatio: worst)
  }

  /// How the running kernel was chosen, as recorded in the environment by the tool's start-up
  /// selection (`REPALIGN_BLAS_KERNEL`) or set by the user (`OPENBLAS_CORETYPE`).
  public enum Origin: Sendable, Equatable {
    /// The library's own CPUID choice.
    case library
    /// The user's (or the machine's) `OPENBLAS_CORETYPE`.
    case environment(String)
    /// Selected by the rule: `selected` replaced the generic `detected`, and passed the self-check.
    case selected(String, detected: String)
    /// The rule's `selected` failed the self-check (worst error `ratio` × its bound), so the
    /// library's choice stands.
    case rejected(String, ratio: String)
  }

  /// The environment variable through which the tool's selection reaches its re-executed self.
  public static let selectionVariable = "REPALIGN_BLAS_KERNEL"

  /// This process's `Origin`, from its environment.
  public static var origin: Origin {
    let environment = ProcessInfo.processInfo.environment
    if let state = environment[selectionVariable] {
      let parts = state.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      if parts.count == 3, parts[0] == "selected" { return .selected(parts[1], detected: parts[2]) }
      if parts.count == 3, parts[0] == "rejected" { return .rejected(parts[1], ratio: parts[2]) }
    }
    if let value = environment["OPENBLAS_CORETYPE"], !value.isEmpty { return .environment(value) }
    return .library
  }

  /// One line for `repalign info` and the report's provenance: the running kernel and why.
  public static var selectionDescription: String {
    let core = coreName
    switch origin {
    case .library:
      if isFallback(core), recommendedCoreForThisMachine != nil {
        return "\(core) (the library's choice, a generic fallback core; REPALIGN_BLAS_AUTOSELECT=0 kept it)"
      }
      return "\(core) (the library's choice)"
    case .environment(let value):
      return "\(core) (OPENBLAS_CORETYPE=\(value) from the environment)"
    case .selected(let selected, let detected):
      return "\(core) (selected by repalign: OpenBLAS detected the generic \(detected) on a CPU with "
        + "\(cpuHasAVX512 ? "AVX-512" : "AVX2/FMA"); \(selected) passed the self-check)"
    case .rejected(let selected, let ratio):
      return "\(core) (the library's choice: \(selected) failed the self-check, error \(ratio) × its bound)"
    }
  }
}
