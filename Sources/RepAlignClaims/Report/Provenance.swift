import Foundation
import RepAlignNumerics

/// Where a reproduction ran: enough to rerun it and to judge its numbers.
public struct Provenance: Sendable, Codable, Equatable {
  public var version: String
  /// `git rev-parse HEAD` of the working directory, with `-dirty` when `git status` shows
  /// changes; nil outside a git checkout or without git.
  public var gitCommit: String?
  public var tier: String
  /// Whether master seeds were drawn fresh (otherwise each spec's own seed).
  public var freshSeeds: Bool
  /// Master seed per experiment id.
  public var seeds: [String: UInt64]
  /// Every random stream of each experiment, by role (`ExperimentStreams.recordedPaths`): the
  /// full paths below the master seeds, so each seed a number in the report came from is stated.
  /// Nil in provenance files written before it was recorded.
  public var streams: [String: [String: String]]?
  public var blasProvider: String
  public var blasThreads: Int
  public var openblasConfiguration: String
  /// The running OpenBLAS kernel and how it was chosen (`BLASKernel.selectionDescription`); nil in
  /// provenance written before it was recorded.
  public var blasKernel: String?
  public var startedAt: String
  public var wallSeconds: Double

  public init(
    version: String, gitCommit: String?, tier: String, freshSeeds: Bool, seeds: [String: UInt64],
    streams: [String: ExperimentStreams]? = nil, startedAt: Date, wallSeconds: Double
  ) {
    self.version = version
    self.gitCommit = gitCommit
    self.tier = tier
    self.freshSeeds = freshSeeds
    self.seeds = seeds
    self.streams = streams?.mapValues(\.recordedPaths)
    self.blasProvider = BLASBackend.dgemmProvider ?? "unresolved"
    self.blasThreads = BLASBackend.threads
    self.openblasConfiguration = BLASBackend.configuration
    self.blasKernel = BLASKernel.selectionDescription
    let formatter = ISO8601DateFormatter()
    self.startedAt = formatter.string(from: startedAt)
    self.wallSeconds = wallSeconds
  }

  /// The commit of the git checkout containing `directory`, or nil.
  public static func gitCommit(in directory: URL) -> String? {
    guard let head = git(["rev-parse", "HEAD"], in: directory), !head.isEmpty else { return nil }
    let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? ""
    return status.isEmpty ? head : head + "-dirty"
  }

  private static func git(_ arguments: [String], in directory: URL) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
