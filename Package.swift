// swift-tools-version: 6.1
//
// RepAlign: executable verification of the claims of Umar & Laio (arXiv:2605.26973) on
// representational alignment of noise ensembles. Read this manifest as a table of contents; the
// module graph runs strictly downwards:
//
//   RepAlignNumerics  ←  RepAlignMeasures, RepAlignData  ←  RepAlignTraining  ←  RepAlignTheory
//                     ←  RepAlignClaims  ←  repalign (command-line tool)
//
// GSL is declared as a system library *without* pkg-config: Debian's gsl.pc always adds
// -lgslcblas (≈5 GFLOP/s). `_CGSL`'s module map links OpenBLAS first, so every CBLAS call, ours and
// GSL's, binds to OpenBLAS; `BLASBackend` checks that at run time.
import PackageDescription

// The numerical modules are compiled with optimization even in debug builds: their inner loops
// (activations, updates, rank counting, quadrature integrands) are 10–100× slower unoptimized,
// which would push the claim suites of plain `swift test` past a few minutes on 2 cores.
let optimizedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
  name: "RepAlign",
  products: [
    // MARK: - Public API
    .library(name: "RepAlignNumerics", targets: ["RepAlignNumerics"]),
    .library(name: "RepAlignMeasures", targets: ["RepAlignMeasures"]),
    .library(name: "RepAlignData", targets: ["RepAlignData"]),
    .library(name: "RepAlignTraining", targets: ["RepAlignTraining"]),
    .library(name: "RepAlignTheory", targets: ["RepAlignTheory"]),
    .library(name: "RepAlignClaims", targets: ["RepAlignClaims"]),
    .executable(name: "repalign", targets: ["repalign"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
  ],
  targets: [
    // MARK: - Public API

    /// Float64 matrices, CBLAS products, GSL decompositions, quadrature, root finding,
    /// correlation and reproducible random streams.
    .target(
      name: "RepAlignNumerics", dependencies: ["_CGSL", "_RepAlignShims"], swiftSettings: optimizedEvenInDebug),

    /// Representational-similarity measures (CKA, CCA, Procrustes, RSA, k-NN, Information
    /// Imbalance) and ensemble (pairwise) alignment with jackknife errors.
    .target(name: "RepAlignMeasures", dependencies: ["RepAlignNumerics"], swiftSettings: optimizedEvenInDebug),

    /// Synthetic tasks with an exact SNR, noise processes, bundled and user datasets.
    .target(
      name: "RepAlignData", dependencies: ["RepAlignNumerics"],
      resources: [.copy("Resources")], swiftSettings: optimizedEvenInDebug),

    /// One-hidden-layer networks, losses, optimizers, noise ensembles trained across cores.
    .target(
      name: "RepAlignTraining",
      dependencies: ["RepAlignNumerics", "RepAlignData", "RepAlignMeasures"],
      swiftSettings: optimizedEvenInDebug),

    /// The analytic model of the linear network: asymptotic, finite, filtered, exact tiers.
    .target(name: "RepAlignTheory", dependencies: ["RepAlignNumerics"], swiftSettings: optimizedEvenInDebug),

    /// Experiment specs, runner, claim checkers with their statistics, golden files.
    .target(
      name: "RepAlignClaims",
      dependencies: [
        "RepAlignNumerics", "RepAlignMeasures", "RepAlignData", "RepAlignTraining", "RepAlignTheory",
      ]),

    /// The `repalign` command-line tool.
    .executableTarget(
      name: "repalign",
      dependencies: [
        "RepAlignNumerics", "RepAlignMeasures", "RepAlignData", "RepAlignTraining",
        "RepAlignTheory", "RepAlignClaims",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Implementation details

    /// GSL and OpenBLAS as a system library, with `static inline` accessors for C globals.
    .systemLibrary(name: "_CGSL", path: "Sources/_CGSL"),

    /// C helpers that need `_GNU_SOURCE` (which BLAS library `cblas_dgemm` is bound to).
    .target(name: "_RepAlignShims", dependencies: ["_CGSL"], linkerSettings: [.linkedLibrary("dl")]),

    // MARK: - Tests

    /// Named tolerances, deterministic property drivers and failure-message helpers.
    .target(
      name: "_TestSupport",
      dependencies: [
        "RepAlignNumerics",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      path: "Tests/_TestSupport"
    ),
    .testTarget(
      name: "RepAlignNumericsTests",
      dependencies: [
        "RepAlignNumerics", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "RepAlignMeasuresTests",
      dependencies: [
        "RepAlignMeasures", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "RepAlignDataTests",
      dependencies: [
        "RepAlignData", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "RepAlignTrainingTests",
      dependencies: [
        "RepAlignTraining", "RepAlignData", "RepAlignMeasures", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "RepAlignTheoryTests",
      dependencies: [
        "RepAlignTheory", "RepAlignTraining", "RepAlignData", "RepAlignMeasures", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    /// End-to-end tests of the built `repalign` binary (argument-parser's `ExampleTests` habit).
    .testTarget(name: "repalignCLITests", dependencies: ["_TestSupport"]),
    .testTarget(
      name: "RepAlignClaimsTests",
      dependencies: [
        "RepAlignClaims", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
  ]
)

// MARK: - Benchmarks

/// `repalign-bench`: training and measurement throughput against NumPy and the DGEMM peak. Declared
/// only when REPALIGN_BENCH=1 (`make bench` sets it), so `swift build`, `swift test` and CI never
/// build it.
if Context.environment["REPALIGN_BENCH"] == "1" {
  package.targets.append(
    .executableTarget(
      name: "repalign-bench",
      dependencies: ["RepAlignNumerics", "RepAlignMeasures", "RepAlignData", "RepAlignTraining"]))
  package.products.append(.executable(name: "repalign-bench", targets: ["repalign-bench"]))
}
