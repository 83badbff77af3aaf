import ArgumentParser
import Foundation
import RepAlignNumerics

/// `repalign info`: what this build runs on — versions, the bound CBLAS, threads, DGEMM speed.
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the numerics backend (GSL, BLAS binding, threads) and measure DGEMM.")

  @Option(help: "Matrix size n for the n×n DGEMM measurement (0 skips it).")
  var gemmSize: Int = 1000

  @Option(help: "Output format.")
  var format: OutputFormat = .text

  func validate() throws {
    guard gemmSize >= 0 && gemmSize <= 8000 else {
      throw ValidationError("invalid --gemm-size = \(gemmSize): must be in 0...8000")
    }
  }

  func run() throws {
    let gflops = gemmSize > 0 ? BLASBackend.measureDGEMM(size: gemmSize) : nil
    let fields: [(String, String)] =
      [
        ("version", RepAlignVersion.string),
        ("gsl_version", GSLRuntime.version),
        ("cblas_dgemm", BLASBackend.dgemmProvider ?? "unresolved"),
        ("cblas_dgemm_global", BLASBackend.globalDgemmProvider ?? "unresolved"),
        ("openblas_config", BLASBackend.configuration),
        ("blas_kernel", BLASKernel.selectionDescription),
        ("blas_threads", String(BLASBackend.threads)),
      ] + (gflops.map { [("dgemm_gflops_n\(gemmSize)", String(format: "%.2f", $0))] } ?? [])
    switch format {
    case .text:
      for (k, v) in fields { print("\(k): \(v)") }
    case .json:
      var object: [String: Any] = Dictionary(uniqueKeysWithValues: fields)
      object["openblas_bound"] = BLASBackend.isOpenBLAS
      if let g = gflops { object["dgemm_gflops"] = g }
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
      print(String(decoding: data, as: UTF8.self))
    }
  }
}

/// Output formats shared by subcommands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
