import RepAlignData

/// How `NoiseEnsemble.train` schedules its members' products (issue 19 item 2).
///
/// - `automatic`: the batched path (`BatchedEnsembleTrainer`) wherever it applies and was measured
///   to be faster, member by member otherwise. Measured (`repalign-bench`, "routes", 2-core Xeon,
///   `Validation/benchmarks/README.md`): the linear network (φ = identity, trained through its
///   end-to-end map) is faster batched at M = 32, d = h = n = 50 and at M = 16, d = h = n = 256;
///   ReLU networks are slower batched at both (the n × M·h hidden layers leave the caches and the
///   per-member 50³ and 256³ products are already efficient), so they stay per member.
/// - `perMember`: every member through `MemberTrainer` on its own, members spread over the workers.
/// - `batched`: the batched path wherever it applies (full-batch GD without stopping rules on
///   shared inputs), member by member otherwise; for benchmarks and tests.
///
/// Either path gives results that are bitwise identical for any worker count and across runs;
/// the two paths differ from each other by round-off only.
public enum MemberBatching: String, Sendable, CaseIterable {
  case automatic
  case perMember = "per_member"
  case batched
}

extension MemberBatching {
  /// Whether `NoiseEnsemble.train` takes the batched path for this ensemble.
  func batches(dataset: EnsembleDataset, model: NetworkSpec, training: TrainingSpec) -> Bool {
    guard BatchedEnsembleTrainer.applies(dataset: dataset, training: training) else { return false }
    switch self {
    case .perMember: return false
    case .batched: return true
    case .automatic: return model.activation == .identity
    }
  }
}
