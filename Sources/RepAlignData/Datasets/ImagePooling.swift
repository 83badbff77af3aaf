import RepAlignNumerics

/// Block-mean downsampling of images stored one per row (row-major pixels), the way the UCI
/// digits were made from 32 × 32 bitmaps (4 × 4 blocks): pixel (i, j) of the pooled image is the
/// mean of the `block` × `block` pixels (i·block + a, j·block + b), a, b in 0..<block. Reduces
/// MNIST's d = 784 to 49 at block 4, so that a one-hidden-layer network's interpolation threshold
/// falls at a few hundred samples instead of thousands.
public enum ImagePooling {
  /// The dataset with each image pooled; `rows` × `columns` must be the input dimension and both
  /// must be multiples of `block` ≥ 1. Targets are kept; the name is unchanged.
  public static func meanPooled(_ dataset: RealDataset, rows: Int, columns: Int, block: Int) throws(ParameterError)
    -> RealDataset
  {
    try require(block >= 1, "pooling", "must be ≥ 1", got: block)
    try require(
      rows * columns == dataset.inputDimension, "pooling",
      "needs \(rows) × \(columns) images (d = \(rows * columns))", got: "d = \(dataset.inputDimension)")
    try require(
      rows % block == 0 && columns % block == 0, "pooling", "must divide the image size \(rows) × \(columns)",
      got: block)
    let (r, c) = (rows / block, columns / block)
    let x = dataset.inputs
    var out = Matrix(rows: x.rows, columns: r * c)
    let scale = 1 / Double(block * block)
    for s in 0..<x.rows {
      for i in 0..<r {
        for j in 0..<c {
          var sum = 0.0
          for a in 0..<block {
            for b in 0..<block { sum += x[s, (i * block + a) * columns + j * block + b] }
          }
          out[s, i * c + j] = sum * scale
        }
      }
    }
    return try RealDataset(name: dataset.name, inputs: out, targets: dataset.targets)
  }
}
