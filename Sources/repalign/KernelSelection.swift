import Foundation
import RepAlignNumerics

/// The start-up half of `BLASKernel`'s rule: OpenBLAS reads `OPENBLAS_CORETYPE` only when it is
/// loaded, so when the rule selects a kernel, `repalign` re-executes itself with the variable set
/// and records the choice in `REPALIGN_BLAS_KERNEL` (so the new process neither loops nor forgets
/// why). The re-executed process runs `BLASKernel.selfCheck()` before anything else; a kernel that
/// fails it is dropped (one warning line on standard error) and the tool runs once more with the
/// library's own choice. Never trades correctness for speed.
///
/// Off when the user set `OPENBLAS_CORETYPE`, or with `REPALIGN_BLAS_AUTOSELECT=0`. Costs one
/// exec and a 3·10⁶-flop self-check, only on machines where the library fell back.
enum KernelSelection {
  static func apply() {
    let environment = ProcessInfo.processInfo.environment
    switch BLASKernel.origin {
    case .selected(let selected, _):
      let check = BLASKernel.selfCheck()
      guard !check.passed else { return }
      let ratio = String(format: "%.3g", check.worstRatio)
      FileHandle.standardError.write(
        Data(
          ("repalign: OpenBLAS kernel \(selected) failed the self-check (error \(ratio) × its bound); "
            + "running with the library's own choice\n").utf8))
      unsetenv("OPENBLAS_CORETYPE")
      setenv(BLASKernel.selectionVariable, "rejected:\(selected):\(ratio)", 1)
      reexecute()
    case .rejected, .environment:
      return
    case .library:
      guard environment["REPALIGN_BLAS_AUTOSELECT"] != "0",
        let selected = BLASKernel.recommendedCoreForThisMachine
      else { return }
      setenv("OPENBLAS_CORETYPE", selected, 1)
      setenv(BLASKernel.selectionVariable, "selected:\(selected):\(BLASKernel.coreName)", 1)
      reexecute()
      // exec failed: carry on with the library's kernel, as if nothing had been selected.
      unsetenv("OPENBLAS_CORETYPE")
      unsetenv(BLASKernel.selectionVariable)
    }
  }

  /// Replaces this process with a fresh copy of itself, same arguments; returns only on failure.
  private static func reexecute() {
    FileHandle.standardOutput.synchronizeFile()
    _ = execv("/proc/self/exe", CommandLine.unsafeArgv)
  }
}
