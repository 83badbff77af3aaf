import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An advisory lock that keeps two writers off one output file: `flock(LOCK_EX | LOCK_NB)` on a
/// sidecar `<file>.lock` (the output itself is replaced by rename when finalized, so a lock on it
/// would not outlive the first rewrite). A second `sweep` or `merge` into the same file is refused
/// at once with a one-line error instead of interleaving records. The sidecar is left in place
/// (removing it would let a third writer lock a fresh file while the second holds the old one);
/// the kernel drops the lock when the process exits, `kill -9` included.
package struct OutputLock {
  package struct Busy: Error, CustomStringConvertible {
    package let file: String
    package var description: String {
      "\(file) is being written by another repalign process (lock \(file).lock held); wait for it or use another --out"
    }
  }

  private let descriptor: Int32

  package init(for output: URL) throws {
    let path = output.path + ".lock"
    try FileManager.default.createDirectory(
      at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw Busy(file: output.lastPathComponent)
    }
    descriptor = fd
  }

  package func release() {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
