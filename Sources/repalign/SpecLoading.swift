import ArgumentParser
import Foundation
import RepAlignClaims
import RepAlignNumerics

/// Spec loading shared by `reproduce` and `sweep`: every way a spec can be wrong (unreadable,
/// not JSON, a missing or mistyped field, a value out of range, a name the runner does not know)
/// becomes one `Error: spec <file>: …` line and exit code 2.
enum SpecLoading {
  static func load(file path: String, allowLarge: Bool = false) throws -> ExperimentSpec {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw ValidationError("spec \(path): no such file")
    }
    guard !isDirectory.boolValue else { throw ValidationError("spec \(path): is a folder, expected a .json file") }
    do {
      let spec = try ExperimentSpec.load(url)
      try preflight(spec, file: url.lastPathComponent, allowLarge: allowLarge)
      return spec
    } catch let error as SpecError {
      throw ValidationError(error.description)
    }
  }

  static func loadAll(folder path: String, allowLarge: Bool = false) throws -> [ExperimentSpec] {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw ValidationError("specs folder \(path) not found; run from the repository root or pass --specs DIR")
    }
    let specs: [ExperimentSpec]
    do {
      specs = try ExperimentSpec.loadAll(in: url)
    } catch let error as SpecError {
      throw ValidationError(error.description)
    } catch {
      throw ValidationError("specs folder \(path): cannot list: \(error.localizedDescription)")
    }
    var seen = Set<String>()
    for spec in specs {
      try preflight(spec, file: spec.id, allowLarge: allowLarge)
      guard seen.insert(spec.id).inserted else {
        throw ValidationError("specs folder \(path): two specs have id \(spec.id)")
      }
    }
    return specs
  }

  /// `allowLarge` lifts the arithmetic budget (`ResourceBudget`), never the memory limit.
  static func preflight(_ spec: ExperimentSpec, file: String, allowLarge: Bool = false) throws {
    do {
      try ExperimentRunner.preflight(spec, budget: .standard(allowLarge: allowLarge))
    } catch {
      throw ValidationError("spec \(file): \(error.description)")
    }
  }
}
