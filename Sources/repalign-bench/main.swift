// repalign-bench: training and measurement throughput against NumPy, JAX and the machine's DGEMM
// peak, with the issue-19 targets as met/missed (README "Benchmarks"; run with `make bench`).
// Release build only; never part of the tests.
//
//   repalign-bench [--quick] [--no-numpy] [--no-jax] [--no-scaling] [--no-routes] [--only NAME] [--out DIR]
//
// --only NAME runs one workload (no DGEMM peak: "% peak" is –) for profiling. --quick divides GD
// steps by 10 (and the Information Imbalance ensemble to 16 members) on every side; --no-numpy /
// --no-jax skip a peer; --no-scaling skips the scaling sweeps; --no-routes the per-member against
// batched comparison. Writes DIR/benchmark.json (default out/bench).
import Foundation
import RepAlignNumerics
import RepAlignTraining

// The same BLAS kernel rule as `repalign` (this file's directory links Sources/repalign/KernelSelection.swift):
// a generic fallback core on an AVX2/AVX-512 CPU is replaced before anything is measured.
KernelSelection.apply()

let arguments = CommandLine.arguments.dropFirst()
let known: Set<String> = ["--quick", "--no-numpy", "--no-jax", "--no-scaling", "--no-routes", "--out", "--only"]
var only: String?
var outDirectory = "out/bench"
var index = arguments.startIndex
while index < arguments.endIndex {
  let argument = arguments[index]
  if argument == "--out" {
    index += 1
    guard index < arguments.endIndex else {
      FileHandle.standardError.write(Data("error: --out needs a directory\n".utf8))
      exit(2)
    }
    outDirectory = arguments[index]
  } else if argument == "--only" {
    index += 1
    guard index < arguments.endIndex else {
      FileHandle.standardError.write(Data("error: --only needs a workload name\n".utf8))
      exit(2)
    }
    only = arguments[index]
  } else if !known.contains(argument) {
    FileHandle.standardError.write(
      Data(
        "error: unknown option '\(argument)' (allowed: --quick, --no-numpy, --no-jax, --no-scaling, --no-routes, --only NAME, --out DIR)\n"
          .utf8))
    exit(2)
  }
  index += 1
}
let quick = arguments.contains("--quick")
let scale = quick ? 10 : 1

func load() -> String {
  (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(
    separator: " ")
    ?? "?"
}

func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

log(
  "repalign-bench: \(BLASBackend.configuration); \(ProcessInfo.processInfo.activeProcessorCount) cores; load \(load())")
guard BLASBackend.isOpenBLAS else {
  log("error: cblas_dgemm is not bound to OpenBLAS (\(BLASBackend.dgemmProvider ?? "?")); see `repalign info`")
  exit(1)
}
let startLoad = load()
var rows: [Measurement] = []
@MainActor func run(_ label: String, key: String, _ body: () throws -> Measurement) rethrows {
  if let only, only != key { return }
  log("  \(label) …")
  let m = try body()
  log(String(format: "    %.3f s", m.seconds))
  rows.append(m)
}

do {
  run("DGEMM peak", key: "dgemm_peak") { Workloads.dgemmPeak(size: 1000, threads: BLASBackend.threads) }
  run("DGEMM peak, 1 thread", key: "dgemm_peak_1thread") { Workloads.dgemmPeak(size: 1000, threads: 1) }
  try run("small linear", key: "small_linear") {
    try Workloads.training(
      name: "small_linear", members: 32, size: 50, steps: 2000 / scale, activation: .identity, repeats: 3)
  }
  try run("small relu", key: "small_relu") {
    try Workloads.training(
      name: "small_relu", members: 32, size: 50, steps: 2000 / scale, activation: .relu, repeats: 3)
  }
  try run("large linear", key: "large_linear") {
    try Workloads.training(
      name: "large_linear", members: 16, size: 256, steps: 500 / scale, activation: .identity, repeats: 2)
  }
  try run("large relu", key: "large_relu") {
    try Workloads.training(
      name: "large_relu", members: 16, size: 256, steps: 500 / scale, activation: .relu, repeats: 2)
  }
  try run("pairwise linear CKA", key: "pairwise_linear_cka") {
    try Workloads.pairwiseCKA(members: 64, samples: 4096, width: 256, repeats: 2)
  }
  try run("pairwise Information Imbalance", key: "pairwise_information_imbalance") {
    try Workloads.pairwiseInformationImbalance(members: quick ? 16 : 64, samples: 2000, width: 256, repeats: 1)
  }
} catch {
  log("error: \(error)")
  exit(1)
}

// The member schedule (issue 19 item 2): per-member GEMMs on 2 workers against the batched
// path (two fixed member groups, shared products), same data, steps and seed.
var routes: [Measurement] = []
if !arguments.contains("--no-routes") && only == nil {
  log("routes …")
  do {
    for (label, members, size, steps, repeats) in [
      ("small", 32, 50, 2000 / scale, 3), ("large", 16, 256, 100 / scale, 2),
    ] {
      for activation in [Activation.relu, .identity] {
        for batching in [MemberBatching.perMember, .batched] {
          let kind = activation == .relu ? "relu" : "linear"
          routes.append(
            try Workloads.training(
              name: "route_\(label)_\(kind)_\(batching.rawValue)", members: members, size: size, steps: steps,
              activation: activation, batching: batching, repeats: repeats))
        }
      }
    }
  } catch {
    log("error: \(error)")
    exit(1)
  }
}

var scaling: [Measurement] = []
if !arguments.contains("--no-scaling") && only == nil {
  log("scaling …")
  do {
    for size in [100, 200, 400, 800] {
      scaling.append(
        try Workloads.training(
          name: "scaling_d\(size)_relu", members: 4, size: size, steps: 50 / (quick ? 5 : 1), activation: .relu,
          repeats: 1))
      scaling.append(
        try Workloads.training(
          name: "scaling_d\(size)_linear", members: 4, size: size, steps: 50 / (quick ? 5 : 1), activation: .identity,
          repeats: 1))
    }
    for members in [8, 16, 32, 64] {
      scaling.append(
        try Workloads.training(
          name: "scaling_M\(members)_relu", members: members, size: 50, steps: 2000 / scale, activation: .relu,
          repeats: 1))
    }
    for workers in [1, 2] {
      scaling.append(
        try Workloads.training(
          name: "scaling_workers\(workers)_large_relu", members: 16, size: 256, steps: 100 / scale, activation: .relu,
          workers: workers, repeats: 1))
      scaling.append(
        try Workloads.training(
          name: "scaling_workers\(workers)_small_relu", members: 32, size: 50, steps: 2000 / scale, activation: .relu,
          workers: workers, repeats: 1))
    }
    for threads in [1, 2] {
      let saved = BLASBackend.threads
      BLASBackend.threads = threads
      var m = try Workloads.pairwiseCKA(members: 16, samples: 4096, width: 256, repeats: 1)
      BLASBackend.threads = saved
      m.name = "scaling_threads\(threads)_cka"
      m.detail += ", BLAS \(threads) thread(s)"
      scaling.append(m)
    }
  } catch {
    log("error: \(error)")
    exit(1)
  }
}

// Rows comparing the Swift route with the peers' algorithm-equal route: the linear network's
// end-to-end map, the Gram route of linear CKA (the Swift seconds are the same measurement).
for (base, route, label) in [
  ("small_linear", "small_linear_e2e", "end-to-end map on every side"),
  ("large_linear", "large_linear_e2e", "end-to-end map on every side"),
  ("pairwise_linear_cka", "pairwise_linear_cka_gram", "Gram route on every side"),
] {
  guard var row = rows.first(where: { $0.name == base }) else { continue }
  row.name = route
  row.peerKey = route
  row.detail += "; \(label)"
  rows.insert(row, at: rows.firstIndex { $0.name == base }! + 1)
}

// The peers after the Swift side (never concurrently), same workloads, same run. NumPy's bundled
// OpenBLAS segfaults on this AVX-512 CPU with its own kernel choice and with SkylakeX (issue 19),
// so it runs with OPENBLAS_CORETYPE=Haswell unless REPALIGN_NUMPY_CORETYPE says otherwise.
var peers: [PeerReference] = []
var peerNotes: [String: String] = [:]
let numpyCore = ProcessInfo.processInfo.environment["REPALIGN_NUMPY_CORETYPE"] ?? "Haswell"
for (peer, flag, versionKey, file, environment) in [
  ("NumPy", "--no-numpy", "numpy", "numpy_reference.py", numpyCore.isEmpty ? [:] : ["OPENBLAS_CORETYPE": numpyCore]),
  ("JAX", "--no-jax", "jax", "jax_reference.py", [:]),
] {
  guard !arguments.contains(flag) && only == nil else {
    peerNotes[peer] = "skipped (\(flag))"
    continue
  }
  log("\(peer) reference …")
  let script = URL(fileURLWithPath: "Validation/benchmarks/" + file)
  switch PeerReference.run(peer: peer, versionKey: versionKey, script: script, quick: quick, environment: environment) {
  case .success(let reference):
    peers.append(reference)
    peerNotes[peer] = "\(peer) \(reference.version): \(reference.blas)"
    for i in rows.indices {
      let key = rows[i].peerKey ?? rows[i].name
      if peer == "NumPy" {
        rows[i].numpySeconds = reference.seconds[key]
      } else {
        rows[i].jaxSeconds = reference.seconds[key]
      }
    }
  case .failure(let unavailable):
    peerNotes[peer] = unavailable.reason
    log("  \(unavailable.reason)")
  }
}

let peak = rows.first { $0.name == "dgemm_peak" }?.nominalGFLOPS ?? .nan
let report = Report(
  rows: rows, routes: routes, scaling: scaling, peakGFLOPS: peak, peerNotes: peerNotes,
  peerPeakGFLOPS: Dictionary(uniqueKeysWithValues: peers.compactMap { p in p.dgemmGFLOPS.map { (p.peer, $0) } }),
  quick: quick, blas: BLASBackend.configuration, kernel: BLASKernel.selectionDescription,
  cores: ProcessInfo.processInfo.activeProcessorCount, loadBefore: startLoad, loadAfter: load())
print(report.table)
do {
  try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  let path = outDirectory + "/benchmark.json"
  try encoder.encode(report).write(to: URL(fileURLWithPath: path))
  log("wrote \(path)")
} catch {
  log("error: cannot write \(outDirectory)/benchmark.json: \(error)")
  exit(1)
}
