import RepAlignData
import RepAlignNumerics
import Testing
import _TestSupport

@Suite struct PoolStandardizationTests {
  /// Against a naive two-pass loop: the fitted means and population standard deviations, and the
  /// transform of rows that were not in the fitting set (fit on the pool, applied to the test).
  @Test func matchesNaiveLoopAndAppliesPoolStatisticsToNewRows() throws {
    let stream = RandomStream(master: 3, "standardization")
    let pool = Matrix(rows: 40, columns: 5) { _, j in
      10 * Double(j) + Double(j + 1) * stream.normal()
    }
    let test = Matrix(rows: 7, columns: 5) { _, j in 3 + 2 * Double(j) * stream.normal() }
    let fit = try PoolStandardization(fitting: pool)
    let variances = RealDataTestSupport.naiveColumnVariances(pool)
    // Means and variances of 40 values: a sum of 40 roundings, γ₄₀ relative to the column scale.
    let tol = Tolerance.dotProduct(length: 40) * 8
    for j in 0..<5 {
      let col = pool.column(j)
      let mean = col.reduce(0, +) / 40
      expectClose(
        fit.means[j], mean, relativeTo: 10 * Double(j) + Double(j + 1), tolerance: tol, "mean \(j)")
      expectClose(fit.standardDeviations[j], variances[j].squareRoot(), tolerance: tol, "sd \(j)")
      let z = try fit.apply(test)
      for i in 0..<7 {
        let expected = (test[i, j] - mean) / variances[j].squareRoot()
        expectClose(
          z[i, j], expected, relativeTo: 10 * Double(j) + 10, tolerance: tol * 4, "z[\(i),\(j)]")
      }
    }
    // On the fitting set itself: mean 0 and population variance 1 per column.
    let zPool = try fit.apply(pool)
    for (j, v) in RealDataTestSupport.naiveColumnVariances(zPool).enumerated() {
      expectClose(v, 1, tolerance: tol * 4, "variance of standardized column \(j)")
      expectClose(
        zPool.column(j).reduce(0, +) / 40, 0, tolerance: tol * 4, "mean of standardized column \(j)"
      )
    }
  }

  @Test func constantFeaturesMapToZeroEverywhere() throws {
    let pool = try Matrix([[1, 5, 0.1], [2, 5, 0.1], [4, 5, 0.1]])
    let fit = try PoolStandardization(fitting: pool)
    #expect(fit.constantFeatureCount == 2)
    #expect(fit.standardDeviations[1] == 0 && fit.standardDeviations[2] == 0)
    let z = try fit.apply(Matrix([[3, 9, -4]]))
    #expect(z[0, 1] == 0 && z[0, 2] == 0)
    #expect(z.isFinite)
  }

  @Test func badInputIsAOneLineError() throws {
    expectParameterError("x") {
      _ = try PoolStandardization(fitting: Matrix([[1, 2]]))
    }
    expectParameterError("x") {
      _ = try PoolStandardization(fitting: Matrix([[1, .nan], [2, 3]]))
    }
    let fit = try PoolStandardization(fitting: Matrix([[1, 2], [3, 5]]))
    expectParameterError("x") { _ = try fit.apply(Matrix([[1, 2, 3]])) }
  }
}
