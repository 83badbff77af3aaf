/// One benchmark row: a workload's best time and, where it has a flop model, its rate.
struct Measurement: Codable, Sendable {
  /// Workload key (the same key as in the peers' JSON where there is one).
  var name: String
  /// Human-readable description (shapes, steps, route).
  var detail: String
  /// Best-of-k wall-clock seconds.
  var seconds: Double
  /// Flops by the shared (NumPy) model: the count both sides are credited with; nil when the
  /// workload has no flop model (Information Imbalance).
  var nominalFlops: Double?
  /// Flops the Swift route actually executes, when it differs from the nominal model (the linear
  /// network's end-to-end map, the Gram-space CKA route).
  var executedFlops: Double?
  /// The peers' workload key this row is compared with (default: `name`). A row that compares the
  /// Swift route with the peers' algorithm-equal route names that route here (`small_linear_e2e`).
  var peerKey: String?
  /// NumPy's and JAX's seconds for `peerKey` in the same run, when available.
  var numpySeconds: Double?
  var jaxSeconds: Double?

  var nominalGFLOPS: Double? { nominalFlops.map { $0 / seconds / 1e9 } }
  var executedGFLOPS: Double? { (executedFlops ?? nominalFlops).map { $0 / seconds / 1e9 } }
  /// NumPy time over Swift time (> 1: Swift is faster).
  var speedup: Double? { numpySeconds.map { $0 / seconds } }
  /// JAX time over Swift time (> 1: Swift is faster).
  var jaxSpeedup: Double? { jaxSeconds.map { $0 / seconds } }
}
