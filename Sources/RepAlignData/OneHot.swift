import RepAlignNumerics

extension Matrix {
  /// The one-hot encoding of `labels` over `classes` classes (labels.count × classes): row i has a
  /// 1 in column labels[i] and 0 elsewhere. The one encoder of class labels, for the synthetic
  /// K-class task and for real datasets. Labels must already be valid (in 0..<classes).
  package static func oneHot(_ labels: [Int], classes: Int) -> Matrix {
    var m = Matrix(rows: labels.count, columns: classes)
    m.withUnsafeMutableBufferPointer { p in
      for (i, c) in labels.enumerated() { p[i * classes + c] = 1 }
    }
    return m
  }
}
