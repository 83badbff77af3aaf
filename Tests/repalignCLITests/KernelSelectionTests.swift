import Foundation
import Testing
import _TestSupport

/// `repalign`'s start-up kernel selection, seen from outside (`KernelSelection`, `BLASKernel`).
///
/// The parent half (a generic core detected → exec with OPENBLAS_CORETYPE set) needs a machine
/// whose OpenBLAS falls back; these tests drive the re-executed half through the environment it
/// receives, which is the whole interface between the two.
@Suite struct KernelSelectionTests {
  /// A process started as the selection's child (the variable says a kernel was selected) runs the
  /// self-check, keeps the kernel and reports why it runs it.
  @Test func selectedKernelIsCheckedAndReported() throws {
    let outcome = try CLI.run(
      ["info", "--gemm-size", "0"],
      environment: ["OPENBLAS_CORETYPE": "Haswell", "REPALIGN_BLAS_KERNEL": "selected:Haswell:Prescott"])
    #expect(outcome.status == 0, "\(outcome)")
    #expect(
      outcome.stdout.contains("blas_kernel: Haswell (selected by repalign: OpenBLAS detected the generic Prescott"),
      "\(outcome)")
    #expect(outcome.stderr.isEmpty, "\(outcome)")
  }

  /// The user's OPENBLAS_CORETYPE always stands, and `info` says it came from the environment.
  @Test func userCoreTypeStands() throws {
    let outcome = try CLI.run(
      ["info", "--gemm-size", "0"], environment: ["OPENBLAS_CORETYPE": "Haswell", "REPALIGN_BLAS_KERNEL": ""])
    #expect(outcome.status == 0, "\(outcome)")
    #expect(
      outcome.stdout.contains("blas_kernel: Haswell (OPENBLAS_CORETYPE=Haswell from the environment)"), "\(outcome)")
  }
}
