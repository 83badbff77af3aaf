import Foundation

/// One peer implementation of the benchmark's workloads (`Validation/benchmarks/<peer>_reference.py`:
/// NumPy, JAX), run with `python3` after the Swift side, never concurrently with it. Reads the
/// script's JSON: seconds per workload key, the peer's version, its BLAS/kernel record and its own
/// DGEMM rate. When the peer cannot run, the reason says exactly why: python3 missing, an import
/// error or exception (the last lines of its stderr), or the signal that killed it.
struct PeerReference {
  var peer: String
  var version: String
  var blas: String
  var seconds: [String: Double]
  var dgemmGFLOPS: Double?

  static func run(
    peer: String, versionKey: String, script: URL, quick: Bool, environment: [String: String]
  ) -> Result<PeerReference, ReferenceUnavailable> {
    guard FileManager.default.fileExists(atPath: script.path) else {
      return .failure(ReferenceUnavailable(reason: "\(script.path) not found"))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path] + (quick ? ["--quick"] : [])
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do { try process.run() } catch {
      return .failure(ReferenceUnavailable(reason: "cannot start python3: \(error)"))
    }
    // Read stderr concurrently: a peer that fills the pipe would otherwise block forever.
    let stderrBox = StderrBox()
    let reader = Thread { stderrBox.data = errors.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !stderrBox.done { usleep(1000) }
    let tail = String(decoding: stderrBox.data, as: UTF8.self).split(separator: "\n").suffix(3)
      .joined(separator: " | ")
    let settings = environment.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
    if process.terminationReason == .uncaughtSignal {
      let signal = process.terminationStatus
      let name =
        signal == SIGSEGV ? "SIGSEGV" : signal == SIGKILL ? "SIGKILL" : signal == SIGABRT ? "SIGABRT" : "signal"
      return .failure(
        ReferenceUnavailable(
          reason: "\(peer) crashed: killed by \(name) (\(signal))\(settings.isEmpty ? "" : " with \(settings)")"
            + (tail.isEmpty ? "" : "; stderr: \(tail)")))
    }
    guard process.terminationStatus == 0 else {
      return .failure(
        ReferenceUnavailable(
          reason: "\(peer) failed: python3 exited with status \(process.terminationStatus); stderr: "
            + (tail.isEmpty ? "(empty)" : tail)))
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      return .failure(ReferenceUnavailable(reason: "\(peer) failed: its output is not a JSON object; stderr: \(tail)"))
    }
    var seconds: [String: Double] = [:]
    var peak: Double?
    for (key, value) in object {
      guard let entry = value as? [String: Any], let s = entry["seconds"] as? Double else { continue }
      if key == "dgemm_peak" { peak = entry["gflops"] as? Double } else { seconds[key] = s }
    }
    let version = object[versionKey] as? String ?? "?"
    var blas = object["blas"] as? String ?? object["backend"] as? String ?? "?"
    if !settings.isEmpty { blas += "; run with \(settings)" }
    return .success(
      PeerReference(peer: peer, version: version, blas: blas, seconds: seconds, dgemmGFLOPS: peak))
  }
}

private final class StderrBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value = Data()
  private var finished = false
  var data: Data {
    get { lock.withLock { value } }
    set {
      lock.withLock {
        value = newValue
        finished = true
      }
    }
  }
  var done: Bool { lock.withLock { finished } }
}

struct ReferenceUnavailable: Error {
  var reason: String
}
