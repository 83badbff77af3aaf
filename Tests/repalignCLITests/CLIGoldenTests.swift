import Foundation
import Testing
import _TestSupport

/// Success paths of the built binary against golden outputs (`golden/cli/*.txt`), as
/// swift-argument-parser's `ExampleTests` check their examples: `--help` of the tool and of every
/// subcommand, and the output of `info`, `measure`, `simulate` and `theory` on fixed inputs and
/// seeds. `GOLDEN_RECORD=1` re-records (the run then fails once, saying so).
///
/// Determinism: help is laid out at `COLUMNS=80`; BLAS runs on one thread
/// (`OPENBLAS_NUM_THREADS=1`). Machine-dependent values — library versions and paths, the
/// OpenBLAS build and core name, thread counts and DGEMM GFLOP/s — are masked before comparing
/// (`GoldenOutputs`), so only their keys and layout are checked.
@Suite struct CLIGoldenTests {
  /// One golden case: the arguments, the masks and the tolerance for the numbers in the output.
  struct Case: CustomStringConvertible, Sendable {
    let name: String
    let arguments: [String]
    var masks: [GoldenOutputs.Mask] = []
    let tolerance: GoldenTolerance
    var description: String { name }
  }

  static let environment = ["COLUMNS": "80", "OPENBLAS_NUM_THREADS": "1"]

  /// Help and version are fixed text: numbers in them (defaults) must match exactly.
  static let helpCases: [Case] =
    [Case(name: "help", arguments: ["--help"], tolerance: .ulps(0))]
    + ["info", "measure", "simulate", "theory", "reproduce", "sweep", "merge", "data"].map {
      Case(name: "help-\($0)", arguments: [$0, "--help"], tolerance: .ulps(0))
    }
    + [Case(name: "version", arguments: ["--version"], tolerance: .ulps(0))]

  /// `info` prints what this machine runs: every value but the version is masked.
  static let infoMasks = [
    GoldenOutputs.Mask(
      #"^(gsl_version|cblas_dgemm|cblas_dgemm_global|openblas_config|blas_kernel|blas_threads|dgemm_gflops_n\d+): .*$"#,
      "$1: <masked>"),
    GoldenOutputs.Mask(
      #"^(\s*"(?:gsl_version|cblas_dgemm|cblas_dgemm_global|openblas_config|blas_kernel|blas_threads|dgemm_gflops|dgemm_gflops_n\d+|openblas_bound)" : )[^,\n]*"#,
      "$1<masked>"),
  ]

  /// Tolerances of the numeric outputs, relative (k ulp of max(1, |golden|)):
  /// - theory closed forms (asymptotic, finite tiers): 1e4 ε ≈ 2e-12 — tens of floating-point
  ///   operations and libm calls, whose last bits differ between C libraries;
  /// - measures on the fixed matrices and the seeded exact tier: 1e6 ε ≈ 2e-10 — eigen- and
  ///   singular-value decompositions and BLAS products whose summation order depends on the CPU
  ///   kernel OpenBLAS picks, on well-conditioned 12 × 3 inputs;
  /// - seeded `simulate` runs: 1e8 ε ≈ 2e-8 — 300 gradient steps amplify the same round-off
  ///   differences; on one machine the outputs are bit-identical run to run.
  static let closedForm = GoldenTolerance.ulps(1e4)
  static let decompositions = GoldenTolerance.ulps(1e6)
  static let training = GoldenTolerance.ulps(1e8)

  static let simulateBase = [
    "simulate", "--d", "8", "--n", "16", "--width", "8", "--members", "3", "--steps", "300", "--test-size", "64",
    "--seed", "7", "--workers", "1",
  ]

  static let outputCases: [Case] = [
    Case(name: "info-text", arguments: ["info", "--gemm-size", "0"], masks: infoMasks, tolerance: .ulps(0)),
    Case(
      name: "info-json", arguments: ["info", "--gemm-size", "64", "--format", "json"], masks: infoMasks,
      tolerance: .ulps(0)),
    Case(
      name: "measure-linear-cka", arguments: ["measure", "--metric", "linear_cka", "a.csv", "b.npy"],
      tolerance: decompositions),
    Case(name: "measure-all", arguments: ["measure", "--metric", "all", "a.csv", "b.npy"], tolerance: decompositions),
    Case(name: "simulate-text", arguments: simulateBase, tolerance: training),
    Case(
      name: "simulate-multiclass-json",
      arguments: simulateBase + [
        "--task", "multiclass", "--classes", "3", "--activation", "relu", "--loss", "cross_entropy",
        "--measures", "linear_cka,procrustes,information_imbalance", "--format", "json",
      ], tolerance: training),
    Case(
      name: "theory-finite-json", arguments: ["theory", "--d", "50", "--n", "100", "--snr", "4"], tolerance: closedForm),
    Case(
      name: "theory-asymptotic-sweep-csv",
      arguments: [
        "theory", "--d", "20", "--snr", "2", "--sweep-n", "10:50:20", "--tier", "asymptotic", "--format", "csv",
      ],
      tolerance: closedForm),
    Case(
      name: "theory-exact-json",
      arguments: [
        "theory", "--d", "10", "--n", "10", "--snr", "4", "--tier", "exact", "--designs", "16", "--seed", "3",
      ],
      tolerance: decompositions),
  ]

  /// The two matrices `measure` reads: A (12 × 3, CSV with a header) from a fixed SplitMix64
  /// stream, and B = A·R + small noise (12 × 2, `.npy`), so every measure has a non-trivial value.
  static let workingDirectory: URL = {
    let dir = try! CLI.temporaryDirectory("golden")
    var rng = SplitMix64(seed: 20_260_527)
    func uniform() -> Double { Double(rng.next() >> 11) / 9_007_199_254_740_992 - 0.5 }
    let a = (0..<12).map { _ in (0..<3).map { _ in uniform() } }
    let r = [[0.9, -0.2], [0.3, 0.8], [-0.5, 0.4]]
    let b = a.map { row in (0..<2).map { j in (0..<3).reduce(0.0) { $0 + row[$1] * r[$1][j] } + 0.1 * uniform() } }
    let csv = "u0,u1,u2\n" + a.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    try! Data(csv.utf8).write(to: dir.appendingPathComponent("a.csv"))
    try! npy(b).write(to: dir.appendingPathComponent("b.npy"))
    return dir
  }()

  /// A version-1.0 `.npy` file (`<f8`, C order), written here from NumPy's documented format
  /// rather than by the code under test.
  static func npy(_ rows: [[Double]]) -> Data {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows.count), \(rows[0].count)), }"
    header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
    var bytes: [UInt8] = [
      0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8),
    ]
    bytes += Array(header.utf8)
    for v in rows.joined() { bytes += withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    return Data(bytes)
  }

  @Test(arguments: helpCases + outputCases)
  func outputMatchesGolden(_ golden: Case) throws {
    let outcome = try CLI.run(golden.arguments, in: Self.workingDirectory, environment: Self.environment)
    #expect(outcome.status == 0 && !outcome.signaled, "\(outcome)")
    GoldenOutputs.check(golden.name, outcome.stdout, masks: golden.masks, tolerance: golden.tolerance)
  }

  /// `simulate --measures` takes every registered measure (the names `measure --help` lists).
  @Test func simulateAcceptsEveryMeasure() throws {
    let names = [
      "linear_cka", "debiased_cka", "rbf_cka", "cca", "svcca", "procrustes", "procrustes_angle", "rsa", "mutual_knn",
      "information_imbalance",
    ]
    let help = try CLI.run(["measure", "--help"], environment: Self.environment)
    for name in names { #expect(help.stdout.contains(name), "measure --help lists \(name)") }
    let outcome = try CLI.run(
      [
        "simulate", "--d", "4", "--n", "8", "--width", "4", "--members", "3", "--steps", "20", "--test-size", "32",
        "--workers", "1", "--format", "json", "--measures", names.joined(separator: ","),
      ],
      environment: Self.environment)
    #expect(outcome.status == 0, "\(outcome)")
    let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
    let alignment = object?["alignment"] as? [String: Any] ?? [:]
    #expect(Set(alignment.keys) == Set(names), "\(alignment.keys.sorted())")
  }

  @Test func goldenFolderHoldsExactlyTheCases() throws {
    let expected = Set((Self.helpCases + Self.outputCases).map(\.name))
    let present = try GoldenOutputs.present()
    #expect(present.subtracting(expected).isEmpty, "orphaned golden outputs: \(present.subtracting(expected).sorted())")
    #expect(expected.subtracting(present).isEmpty, "missing golden outputs: \(expected.subtracting(present).sorted())")
  }

  /// The comparison itself can fail: a changed number beyond the tolerance, a changed label, a
  /// missing number, and a masked value that differs (it must not).
  @Test func comparisonDetectsDifferences() {
    let golden = "alignment linear_cka: 0.5 ± 0.01\nsteps: 300\n"
    func differs(_ actual: String, tolerance: GoldenTolerance = .ulps(1e8)) -> Bool {
      !GoldenOutputs.compare(actual, golden: golden, tolerance: tolerance).isEmpty
    }
    #expect(!differs(golden, tolerance: .ulps(0)))
    #expect(!differs("alignment linear_cka: 0.5000000000001 ± 0.01\nsteps: 300\n"))
    #expect(differs("alignment linear_cka: 0.51 ± 0.01\nsteps: 300\n"))
    #expect(differs("alignment rbf_cka: 0.5 ± 0.01\nsteps: 300\n"))
    #expect(differs("alignment linear_cka: 0.5 ± 0.01\nsteps:\n"))
    #expect(!GoldenOutputs.compare("x: nan\n", golden: "x: 1.0\n", tolerance: .ulps(1e8)).isEmpty)
    let masks = Self.infoMasks
    #expect(
      GoldenOutputs.masked("blas_threads: 2\nversion: 0.1.0\n", masks) == "blas_threads: <masked>\nversion: 0.1.0\n")
    #expect(
      GoldenOutputs.masked("  \"dgemm_gflops\" : 54.6,\n  \"version\" : \"0.1.0\"\n", masks)
        == "  \"dgemm_gflops\" : <masked>,\n  \"version\" : \"0.1.0\"\n")
  }
}
