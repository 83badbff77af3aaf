// swift-tools-version: 6.1
//
// RepAlign: executable verification of the claims of Umar & Laio (arXiv:2605.26973) on
// representational alignment of noise ensembles. Read this manifest as a table of contents. The
// module graph, every edge an `import` in the sources and declared below (nothing more), runs
// strictly downwards; "→" reads "imports":
//
//   RepAlignNumerics   → _CGSL, _RepAlignShims     (the only module that touches GSL and CBLAS)
//   RepAlignData       → Numerics
//   RepAlignMeasures   → Numerics
//   RepAlignTheory     → Numerics, Data            (reads the noise law σ² = r²/SNR from NoiseLevel)
//   RepAlignTraining   → Numerics, Data            (trains ensembles; does not measure them)
//   RepAlignClaims     → Numerics, Data, Measures, Training, Theory   (measures trained ensembles,
//                                                    draws the theory overlay)
//   repalign           → Numerics, Data, Measures, Training, Theory, Claims, ArgumentParser
//   repalign-bench     → Numerics, Data, Measures, Training           (REPALIGN_BENCH=1 only)
//
// GSL is declared as a system library *without* pkg-config: Debian's gsl.pc always adds
// -lgslcblas (≈5 GFLOP/s). `_CGSL`'s module map links OpenBLAS first, so every CBLAS call, ours and
// GSL's, binds to OpenBLAS; `BLASBackend` checks that at run time.
import PackageDescription

// No target carries `unsafeFlags`: SwiftPM refuses them in dependencies, and another package must
// be able to depend on RepAlign by version. The numerical inner loops (activations, updates, rank
// counting, quadrature integrands) are 10–100× slower unoptimized, so the test command
// (`make test`, Scripts/run-tests.sh) builds with `-c release`; testable imports stay enabled
// (`swift test`'s default), so the suites see the same symbols as in a debug build.

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
    /// correlation, reproducible random streams, `parallelMap` and BLAS pinning.
    .target(
      name: "RepAlignNumerics", dependencies: ["_CGSL", "_RepAlignShims"]),

    /// Representational-similarity measures (CKA, CCA, Procrustes, RSA, k-NN, Information
    /// Imbalance) and ensemble (pairwise) alignment with jackknife errors.
    .target(name: "RepAlignMeasures", dependencies: ["RepAlignNumerics"]),

    /// Synthetic tasks with an exact SNR, noise processes, bundled and user datasets.
    .target(
      name: "RepAlignData", dependencies: ["RepAlignNumerics"],
      resources: [.copy("Resources")]),

    /// One-hidden-layer networks, losses, optimizers, noise ensembles trained across cores.
    .target(
      name: "RepAlignTraining", dependencies: ["RepAlignNumerics", "RepAlignData"]),

    /// The analytic model of the linear network: asymptotic, finite, filtered, exact tiers.
    .target(name: "RepAlignTheory", dependencies: ["RepAlignNumerics", "RepAlignData"]),

    /// Experiment specs, runner (trains, then measures), claim checkers with their statistics,
    /// the report with its theory overlay.
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
        "RepAlignMeasures", "RepAlignNumerics", "_TestSupport",
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
        "RepAlignTraining", "RepAlignData", "RepAlignMeasures", "RepAlignNumerics", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "RepAlignTheoryTests",
      dependencies: [
        "RepAlignTheory", "RepAlignTraining", "RepAlignData", "RepAlignMeasures", "RepAlignNumerics",
        "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    /// End-to-end tests of the built `repalign` binary (argument-parser's `ExampleTests` habit).
    .testTarget(name: "repalignCLITests", dependencies: ["_TestSupport"]),
    .testTarget(
      name: "RepAlignClaimsTests",
      dependencies: [
        "RepAlignClaims", "RepAlignNumerics", "_TestSupport",
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
