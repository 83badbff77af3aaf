import Foundation

/// What one computation is estimated to need before it starts: peak memory and arithmetic.
///
/// Both are `Double`, and so are the sizes the estimates are computed from, so products of sizes
/// near `Int.max` become large finite values or `+infinity` instead of overflowing: an estimate can
/// always be compared with a limit. The estimates are upper-bound models of the dominant terms
/// (each owner documents its own), not measurements; they exist so that impossible or absurd
/// requests are refused before any allocation.
public struct CostEstimate: Sendable, Equatable, CustomStringConvertible {
  /// Peak resident bytes of the computation's arrays.
  public var bytes: Double
  /// Floating-point operations (a multiply-add counts 2), including a per-iteration overhead
  /// where an owner's loop is dominated by it at small sizes.
  public var flops: Double

  public init(bytes: Double = 0, flops: Double = 0) {
    self.bytes = bytes
    self.flops = flops
  }

  /// Runs one after the other, both results kept: memory adds up, and so does arithmetic.
  public func then(_ other: CostEstimate) -> CostEstimate {
    CostEstimate(bytes: bytes + other.bytes, flops: flops + other.flops)
  }

  /// `count` repetitions run one after another (memory reused): arithmetic multiplies.
  public func repeated(_ count: Double) -> CostEstimate { CostEstimate(bytes: bytes, flops: flops * count) }

  public var description: String {
    "\(Self.format(bytes, unit: "B")) and \(Self.format(flops, unit: "flop"))"
  }

  static func format(_ x: Double, unit: String) -> String {
    guard x.isFinite else { return "more than 1e308 \(unit)" }
    return String(format: "%.2g %@", x, unit)
  }
}

/// The limits a command checks its `CostEstimate` against, before allocating anything.
///
/// - Memory: half the machine's physical memory (`ProcessInfo.physicalMemory`), never lifted —
///   a request beyond it would fail to allocate (a trap in Swift) or swap for hours.
/// - Arithmetic: `defaultFlops` = 2·10¹³ flop, about ten minutes at the 30–50 GFLOP/s that the
///   experiment loops reach on the 2-core development machine (`make bench`); every committed
///   spec stays below it (`ExperimentRunner.cost`, checked by the spec audit). The CLI's
///   `--allow-large` lifts it.
public struct ResourceBudget: Sendable, Equatable {
  public static let defaultFlops = 2e13

  /// Bytes of memory a computation may plan to use.
  public var memoryBytes: Double
  /// Arithmetic limit; nil lifts it.
  public var flops: Double?

  public init(memoryBytes: Double = Self.machineMemoryBytes, flops: Double? = Self.defaultFlops) {
    self.memoryBytes = memoryBytes
    self.flops = flops
  }

  /// Half of physical memory.
  public static var machineMemoryBytes: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

  /// This budget with the arithmetic limit lifted; the memory limit stays.
  public var liftingFlops: ResourceBudget { ResourceBudget(memoryBytes: memoryBytes, flops: nil) }

  /// The default budget, or with the arithmetic limit lifted.
  public static func standard(allowLarge: Bool) -> ResourceBudget {
    ResourceBudget(flops: allowLarge ? nil : defaultFlops)
  }

  /// Checks `cost(sizes)` against both limits. When one is exceeded the error names the size
  /// most responsible: the one whose reduction to 1 (others as given) lowers the exceeded
  /// quantity the most. One line; `what` names the computation (`"the ensemble"`).
  public func check(
    _ what: String, sizes: [(name: String, value: Int)], cost: ([Double]) -> CostEstimate
  ) throws(ParameterError) {
    let values = sizes.map { Double($0.value) }
    let total = cost(values)
    func culprit(_ quantity: (CostEstimate) -> Double) -> (name: String, value: Int) {
      var best = (index: 0, reduced: Double.infinity)
      for i in sizes.indices {
        var smaller = values
        smaller[i] = 1
        let q = quantity(cost(smaller))
        if q < best.reduced || (q.isNaN && best.reduced.isInfinite) { best = (i, q) }
      }
      return sizes.isEmpty ? ("size", 0) : sizes[best.index]
    }
    if !(total.bytes <= memoryBytes) {
      let c = culprit(\.bytes)
      throw ParameterError(
        c.name,
        "\(what) would need \(CostEstimate.format(total.bytes, unit: "B")) of memory, more than the "
          + "\(CostEstimate.format(memoryBytes, unit: "B")) limit (half of physical memory)",
        got: c.value)
    }
    if let limit = flops, !(total.flops <= limit) {
      let c = culprit(\.flops)
      throw ParameterError(
        c.name,
        "\(what) would need \(CostEstimate.format(total.flops, unit: "flop")), more than the "
          + "\(CostEstimate.format(limit, unit: "flop")) budget; pass --allow-large to run it anyway",
        got: c.value)
    }
  }
}
