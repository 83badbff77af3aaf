import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

/// `ImagePooling.meanPooled` against block means written out by hand.
@Suite struct ImagePoolingTests {
  /// Two 4 × 4 images with pixel (i, j) = 10·i + j (+ 100 for the second), pooled over 2 × 2
  /// blocks: the block mean of rows 2a, 2a+1 and columns 2b, 2b+1 is 20a + 2b + 5.5 (+ 100).
  @Test func blockMeansOfAKnownImage() throws {
    var x = Matrix(rows: 2, columns: 16)
    for s in 0..<2 {
      for i in 0..<4 { for j in 0..<4 { x[s, 4 * i + j] = Double(10 * i + j + 100 * s) } }
    }
    let data = try RealDataset(name: "t", inputs: x, targets: .classes(labels: [0, 1], count: 2))
    let pooled = try ImagePooling.meanPooled(data, rows: 4, columns: 4, block: 2)
    #expect(pooled.inputDimension == 4 && pooled.targets == data.targets)
    for s in 0..<2 {
      for a in 0..<2 {
        for b in 0..<2 { #expect(pooled.inputs[s, 2 * a + b] == Double(20 * a + 2 * b) + 5.5 + Double(100 * s)) }
      }
    }
    #expect(try ImagePooling.meanPooled(data, rows: 4, columns: 4, block: 1) == data)
  }

  @Test func badBlocksAreOneLineErrors() throws {
    let data = try RealDataset(
      name: "t", inputs: Matrix(rows: 1, columns: 16), targets: .values(Matrix(rows: 1, columns: 1)))
    for (rows, columns, block) in [(4, 4, 3), (4, 4, 0), (2, 4, 2)] {
      expectParameterError("pooling") {
        _ = try ImagePooling.meanPooled(data, rows: rows, columns: columns, block: block)
      }
    }
  }
}
