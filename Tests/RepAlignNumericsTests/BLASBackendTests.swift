import RepAlignNumerics
import Testing

/// The run-time check that CBLAS is OpenBLAS, for RepAlign's calls and for GSL's.
@Suite struct BLASBackendTests {
  @Test func dgemmBindsToOpenBLAS() {
    let own = BLASBackend.dgemmProvider ?? "unresolved"
    let global = BLASBackend.globalDgemmProvider ?? "unresolved"
    #expect(own.contains("openblas"), "RepAlign's cblas_dgemm comes from \(own)")
    #expect(global.contains("openblas"), "GSL's cblas_dgemm comes from \(global)")
    #expect(!own.contains("gslcblas") && !global.contains("gslcblas"))
    #expect(BLASBackend.isOpenBLAS)
  }

  @Test func openBLASReportsItsConfiguration() {
    #expect(BLASBackend.configuration.hasPrefix("OpenBLAS"))
    #expect(BLASBackend.threads >= 1)
  }

  @Test func gslVersionIsReported() {
    #expect(GSLRuntime.version.split(separator: ".").count >= 2)
  }
}
