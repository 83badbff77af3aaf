import Foundation

/// Runs `Validation/benchmarks/numpy_reference.py` with `python3` and reads its JSON: seconds per
/// workload key and NumPy's own DGEMM rate. Nil (with the reason) when python3 or NumPy is
/// missing or the script fails, so the Swift side still reports.
struct NumPyReference {
  var version: String
  var seconds: [String: Double]
  var dgemmGFLOPS: Double?

  static func run(script: URL, quick: Bool) -> Result<NumPyReference, ReferenceUnavailable> {
    guard FileManager.default.fileExists(atPath: script.path) else {
      return .failure(ReferenceUnavailable(reason: "\(script.path) not found"))
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path] + (quick ? ["--quick"] : [])
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do { try process.run() } catch {
      return .failure(ReferenceUnavailable(reason: "cannot start python3: \(error)"))
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      let last = String(decoding: message, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
      return .failure(ReferenceUnavailable(reason: "python3 with NumPy unavailable or failed: \(last)"))
    }
    var seconds: [String: Double] = [:]
    var peak: Double?
    for (key, value) in object {
      guard let entry = value as? [String: Any], let s = entry["seconds"] as? Double else { continue }
      if key == "dgemm_peak" { peak = entry["gflops"] as? Double } else { seconds[key] = s }
    }
    return .success(NumPyReference(version: object["numpy"] as? String ?? "?", seconds: seconds, dgemmGFLOPS: peak))
  }
}

struct ReferenceUnavailable: Error {
  var reason: String
}
