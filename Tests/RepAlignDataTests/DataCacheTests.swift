import Foundation
import RepAlignData
import Testing
import _TestSupport

/// `DataCache`: the folder rule and the accepted spellings of a file.
@Suite struct DataCacheTests {
  @Test func folderRule() {
    #expect(DataCache.fromEnvironment(["REPALIGN_DATA": "/d", "XDG_CACHE_HOME": "/x", "HOME": "/h"]).root == "/d")
    #expect(
      DataCache.fromEnvironment(["REPALIGN_DATA": "", "XDG_CACHE_HOME": "/x", "HOME": "/h"]).root == "/x/repalign")
    #expect(DataCache.fromEnvironment(["HOME": "/h"]).root == "/h/.cache/repalign")
    #expect(DataCache.fromEnvironment(["HOME": "/h"]).explicit == false)
  }

  @Test func spellings() {
    #expect(
      DataCache.spellings(of: "train-images-idx3-ubyte") == [
        "train-images-idx3-ubyte", "train-images.idx3-ubyte", "train-images-idx3-ubyte.gz",
        "train-images.idx3-ubyte.gz",
      ])
    #expect(DataCache.spellings(of: "covtype.csv") == ["covtype.csv", "covtype.csv.gz"])
  }

  /// An explicit folder is searched itself and in its `<name>/` sub-folder; the cache rule only
  /// in the sub-folder. The plain name wins over a `.gz` copy.
  @Test func locate() throws {
    let dir = try TemporaryDirectory.make("cache")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data([1]).write(to: dir.appendingPathComponent("t10k-labels.idx1-ubyte.gz"))
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("mnist"), withIntermediateDirectories: true)
    try Data([1]).write(to: dir.appendingPathComponent("mnist/train-labels-idx1-ubyte"))
    try Data([1]).write(to: dir.appendingPathComponent("mnist/train-labels-idx1-ubyte.gz"))
    let explicit = DataCache(root: dir.path, explicit: true)
    let rule = DataCache(root: dir.path, explicit: false)
    #expect(explicit.locate("t10k-labels-idx1-ubyte", of: "mnist") == dir.path + "/t10k-labels.idx1-ubyte.gz")
    #expect(rule.locate("t10k-labels-idx1-ubyte", of: "mnist") == nil)
    #expect(rule.locate("train-labels-idx1-ubyte", of: "mnist") == dir.path + "/mnist/train-labels-idx1-ubyte")
    #expect(explicit.locate("train-images-idx3-ubyte", of: "mnist") == nil)
  }
}
