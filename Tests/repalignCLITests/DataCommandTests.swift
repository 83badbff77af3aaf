import Foundation
import Testing

/// `repalign data list|verify|fetch` against an empty data folder (never the network: `fetch`
/// is exercised only on bad input), and `simulate --data/--targets` and `--dataset` on the
/// user's arrays and the bundled data (built binary).
@Suite struct DataCommandTests {
  /// A float64 C-order `.npy` (format 1.0) of `rows` × `columns`, written byte by byte from the
  /// NumPy format description, independently of `MatrixIO`.
  static func npy(_ values: [Double], rows: Int, columns: Int) -> Data {
    var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    data.append(contentsOf: [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
    data.append(contentsOf: Array(header.utf8))
    for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
    return data
  }

  @Test func listShowsMissingDataWithTheFetchCommand() throws {
    let dir = try CLI.temporaryDirectory("data-list")
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(["data", "list"], environment: ["REPALIGN_DATA": dir.path])
    #expect(outcome.status == 0, "\(outcome)")
    for name in ["mnist", "fashion-mnist", "covertype"] {
      #expect(outcome.stdout.contains("\(name): missing (make data (or: repalign data fetch \(name)))"), "\(outcome)")
    }
    #expect(outcome.stdout.contains("licence CC BY-SA 3.0") && outcome.stdout.contains("digits: bundled"))
  }

  @Test func verifyFailsInOneLineWhenDataAreMissing() throws {
    let dir = try CLI.temporaryDirectory("data-verify")
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(["data", "verify", "mnist", "--data-dir", dir.path])
    #expect(outcome.status == 1, "\(outcome)")
    #expect(outcome.stdout.contains("mnist/train-images-idx3-ubyte: missing"), "\(outcome)")
    #expect(
      outcome.stderr.hasPrefix("Error: 4 file(s) missing or wrong") && outcome.stderr.split(separator: "\n").count == 1)
  }

  /// A corrupt copy is named with its MD5 and the expected one.
  @Test func verifyNamesAChecksumMismatch() throws {
    let dir = try CLI.temporaryDirectory("data-md5")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(repeating: 0, count: 60_008).write(to: dir.appendingPathComponent("train-labels-idx1-ubyte"))
    let outcome = try CLI.run(["data", "verify", "mnist", "--data-dir", dir.path])
    #expect(outcome.status == 1)
    #expect(
      outcome.stdout.contains("mnist/train-labels-idx1-ubyte: md5 ")
        && outcome.stdout.contains("expected a25bea736e30d166cdddb491f175f624"),
      "\(outcome)")
  }

  @Test(arguments: [
    ["data", "fetch", "cifar"], ["data", "verify", "imagenet"], ["simulate", "--dataset", "cifar10"],
  ])
  func unknownDatasetsAreBadInput(arguments: [String]) throws {
    let outcome = try CLI.run(arguments)
    #expect(outcome.status == 2, "\(outcome)")
    #expect(outcome.stderr.hasPrefix("Error: invalid ") && outcome.stderr.contains("mnist"), "\(outcome)")
  }

  /// The user's own regression arrays: y = x₁ − x₂ on 120 samples of d = 3; the CSV has the
  /// header and one row; a missing --targets is bad input.
  @Test func simulateOnUserArrays() throws {
    let dir = try CLI.temporaryDirectory("data-user")
    defer { try? FileManager.default.removeItem(at: dir) }
    var x: [Double] = []
    var y: [Double] = []
    for i in 0..<120 {
      let row = (0..<3).map { j in sin(Double(7 * i + 3 * j + 1)) }
      x += row
      y.append(row[0] - row[1])
    }
    try Self.npy(x, rows: 120, columns: 3).write(to: dir.appendingPathComponent("X.npy"))
    try Self.npy(y, rows: 120, columns: 1).write(to: dir.appendingPathComponent("y.npy"))
    let outcome = try CLI.run(
      [
        "simulate", "--data", "X.npy", "--targets", "y.npy", "--n", "40", "--test-size", "60", "--width", "4",
        "--members", "3", "--steps", "50", "--snr", "2", "--csv", "out.csv",
      ], in: dir)
    #expect(outcome.status == 0, "\(outcome)")
    #expect(outcome.stdout.hasPrefix("task user  d 3  n 40  width 4"), "\(outcome)")
    let csv = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 2 && csv[0].hasPrefix("task,d,n,width,activation,snr,members,seed,linear_cka,linear_cka_se"))
    #expect(csv[1].hasPrefix("user,3,40,4,identity,2.0,3,0,"), "\(csv)")
    let missing = try CLI.run(["simulate", "--data", "X.npy"], in: dir)
    #expect(missing.status == 2 && missing.stderr.contains("--data/--targets"), "\(missing)")
    let tooMany = try CLI.run(
      ["simulate", "--data", "X.npy", "--targets", "y.npy", "--n", "100", "--test-size", "60"], in: dir)
    #expect(tooMany.status == 2 && tooMany.stderr.contains("invalid --n = 100"), "\(tooMany)")
  }

  /// Class labels with --labels: label flips; the bundled digits by name.
  @Test func simulateOnLabelsAndNamedDatasets() throws {
    let dir = try CLI.temporaryDirectory("data-labels")
    defer { try? FileManager.default.removeItem(at: dir) }
    let x = (0..<240).map { sin(Double($0) * 1.3) }
    let y = (0..<80).map { Double($0 % 3) }
    try Self.npy(x, rows: 80, columns: 3).write(to: dir.appendingPathComponent("X.npy"))
    try Self.npy(y, rows: 80, columns: 1).write(to: dir.appendingPathComponent("y.npy"))
    let labels = try CLI.run(
      [
        "simulate", "--data", "X.npy", "--targets", "y.npy", "--labels", "--n", "30", "--test-size", "40", "--width",
        "4", "--members", "3", "--steps", "30", "--flip-probability", "0.2",
      ], in: dir)
    #expect(labels.status == 0 && labels.stdout.hasPrefix("task user  d 3  n 30"), "\(labels)")
    let digits = try CLI.run(
      [
        "simulate", "--dataset", "digits", "--n", "40", "--test-size", "100", "--width", "4", "--members", "3",
        "--steps", "30",
      ])
    #expect(digits.status == 0 && digits.stdout.hasPrefix("task digits  d 64  n 40"), "\(digits)")
    let diabetes = try CLI.run(
      [
        "simulate", "--dataset", "diabetes", "--n", "40", "--test-size", "100", "--width", "4", "--members", "3",
        "--steps", "30",
      ])
    #expect(diabetes.status == 0 && diabetes.stdout.hasPrefix("task diabetes  d 10  n 40"), "\(diabetes)")
  }

  /// A downloaded dataset that is not in the folder is bad input naming the fetch command.
  @Test func simulateOnMissingDownloadNamesTheFetchCommand() throws {
    let dir = try CLI.temporaryDirectory("data-missing")
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(["simulate", "--dataset", "mnist", "--data-dir", dir.path])
    #expect(outcome.status == 2, "\(outcome)")
    #expect(outcome.stderr.contains("repalign data fetch mnist") && outcome.stderr.split(separator: "\n").count == 1)
  }
}

/// `reproduce` on specs that need downloaded data: the fast tier skips them with the fetch
/// command when the cache lacks the data; the full tier fails, naming the command.
@Suite struct ReproduceWithoutDataTests {
  static func folder() throws -> URL {
    let dir = try CLI.temporaryDirectory("reproduce-nodata")
    let specs = dir.appendingPathComponent("specs")
    try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
    var mnist = CLI.tinySpec(id: "needs-mnist", sizes: [20], levels: [0.1, 0.3])
    mnist["task"] = ["kind": "mnist"]
    mnist["grid"] = ["n": [20], "flip_probability": [0.3, 0.1]]
    mnist["model"] = ["activation": "relu", "width": 4, "init_scale": 0.1]
    try CLI.write(json: mnist, to: specs.appendingPathComponent("needs-mnist.json"))
    try CLI.write(json: CLI.tinySpec(), to: specs.appendingPathComponent("tiny.json"))
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("cache"), withIntermediateDirectories: true)
    return dir
  }

  @Test func fastTierSkipsWithTheFetchCommand() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(
      ["reproduce", "--specs", "specs", "--out", "out", "--tier", "fast", "--quiet"], in: dir,
      environment: ["REPALIGN_DATA": dir.appendingPathComponent("cache").path])
    #expect(
      outcome.stderr.contains(
        "reproduce: skipping needs-mnist: its mnist data are not in the data cache (fetch with `make data"),
      "\(outcome)")
    let claims = try String(contentsOf: dir.appendingPathComponent("out/claims.json"), encoding: .utf8)
    #expect(!claims.contains("needs-mnist") && claims.contains("tiny"))
  }

  @Test func fullTierFailsNamingTheFetchCommand() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outcome = try CLI.run(
      ["reproduce", "--specs", "specs", "--out", "out", "--tier", "full", "--quiet"], in: dir,
      environment: ["REPALIGN_DATA": dir.appendingPathComponent("cache").path])
    #expect(outcome.status == 1, "\(outcome)")
    #expect(
      outcome.stderr.contains("needs-mnist") && outcome.stderr.contains("repalign data fetch mnist"), "\(outcome)")
  }
}
