import Foundation

/// A working folder shared by the corpus tests (created once): a valid tiny spec, a folder of
/// specs, a valid shard file, a corrupt one, one from another experiment, a spec folder with only
/// slow-tier specs, an empty folder and a plain folder.
enum Fixture {
  static let directory: URL = {
    let dir = try! CLI.temporaryDirectory("fixture")
    let fm = FileManager.default
    try! CLI.write(json: CLI.tinySpec(), to: dir.appendingPathComponent("tiny.json"))
    try! fm.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
    try! CLI.write(json: CLI.tinySpec(), to: dir.appendingPathComponent("specs/tiny.json"))
    var slow = CLI.tinySpec(id: "slow-only")
    slow["tier"] = "slow"
    try! fm.createDirectory(at: dir.appendingPathComponent("slowonly"), withIntermediateDirectories: true)
    try! CLI.write(json: slow, to: dir.appendingPathComponent("slowonly/slow.json"))
    try! fm.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: true)
    try! fm.createDirectory(at: dir.appendingPathComponent("folder"), withIntermediateDirectories: true)
    try! CLI.write(json: CLI.tinySpec(id: "other"), to: dir.appendingPathComponent("other.json"))
    _ = try! CLI.run(["sweep", "--spec", "tiny.json", "--out", "shard.jsonl", "--shard", "0/2"], in: dir)
    _ = try! CLI.run(["sweep", "--spec", "other.json", "--out", "foreign.jsonl", "--shard", "1/2"], in: dir)
    try! Data("{\"not\": \"a record\"}\n".utf8).write(to: dir.appendingPathComponent("bad.jsonl"))
    return dir
  }()
}
