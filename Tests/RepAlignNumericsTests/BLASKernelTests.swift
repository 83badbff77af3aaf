import Foundation
import Testing

@testable import RepAlignNumerics

/// The OpenBLAS kernel rule and the self-check that guards a selected kernel (`BLASKernel`).
@Suite struct BLASKernelTests {
  /// The rule's table: generic cores are replaced only when the CPU has the kernels' instructions;
  /// recognized cores are never replaced.
  @Test func ruleSelectsOnlyForGenericCores() {
    let cases: [(detected: String, avx512: Bool, avx2: Bool, expected: String?)] = [
      ("Prescott", true, true, "SkylakeX"), ("PRESCOTT", false, true, "Haswell"),
      ("Core2", false, false, nil), ("Nehalem", true, true, "SkylakeX"), ("", false, true, "Haswell"),
      ("Haswell", true, true, nil), ("SkylakeX", true, true, nil), ("Cooperlake", true, true, nil),
      ("Zen", false, true, nil), ("Sandybridge", false, true, nil), ("ARMV8", false, false, nil),
    ]
    for c in cases {
      #expect(
        BLASKernel.recommendedCore(detected: c.detected, avx512: c.avx512, avx2FMA: c.avx2) == c.expected,
        "\(c)")
    }
  }

  /// The running kernel (the library's, the environment's, or the one `make test` selected) is
  /// correct on the self-check's shapes, and never a generic core on a CPU with AVX2 unless the
  /// user pinned it or switched selection off.
  @Test func runningKernelPassesTheSelfCheck() {
    let check = BLASKernel.selfCheck()
    #expect(check.passed, "worst error \(check.worstRatio) × the round-off bound on kernel \(BLASKernel.coreName)")
  }

  /// The self-check fails a wrong product: one entry off by 1e-9 relative, a transposed result,
  /// and a product that returns NaN.
  @Test func selfCheckCatchesWrongProducts() {
    let nudged = BLASKernel.selfCheck { a, b in
      var c = Matrix.product(a, b)
      c[0, 0] += 1e-9 * max(1, abs(c[0, 0]))
      return c
    }
    #expect(!nudged.passed, "\(nudged)")
    let shapeWrong = BLASKernel.selfCheck { a, b in Matrix.product(a, b).transposed }
    #expect(!shapeWrong.passed)
    let notANumber = BLASKernel.selfCheck { a, b in Matrix.product(a, b).map { _ in .nan } }
    #expect(!notANumber.passed && notANumber.worstRatio == .infinity)
  }

  /// The description names the running core.
  @Test func descriptionNamesTheRunningCore() {
    #expect(BLASKernel.selectionDescription.hasPrefix(BLASKernel.coreName + " ("))
    #expect(!BLASKernel.coreName.isEmpty)
  }
}
