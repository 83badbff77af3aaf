import RepAlignMeasures
import RepAlignNumerics
import RepAlignTraining

extension ExperimentRunner {
  /// Checks the cost of running every grid point of `spec` against `budget` (`ResourceBudget`):
  /// per point, `designs` trained ensembles (`NoiseEnsemble.cost`), each measured
  /// (`EnsembleAlignment.cost`); memory is one point's peak (points and designs run one after
  /// another), arithmetic the sum over the grid. An excess names the spec field most responsible
  /// (`members`, `test_size`, `designs`, `task.input_dimension`, `model.width`,
  /// `training.steps`, `grid.n`).
  public static func checkCost(_ spec: ExperimentSpec, budget: ResourceBudget) throws(ParameterError) {
    let d = spec.inputDimension ?? 1
    let outputs = Double(max(1, spec.task.classes ?? 1))
    let levels = Double(spec.grid.noiseLevels.count)
    let largest = max(1, spec.grid.n.max() ?? 1)
    let sizes = [
      ("members", spec.members), ("test_size", spec.testSize), ("designs", spec.designs ?? 1),
      ("task.input_dimension", d), ("model.width", spec.model.width), ("training.steps", spec.training.steps),
      ("grid.n", largest),
    ]
    try budget.check("the experiment", sizes: sizes) { s in
      let (members, m, designs, d, h, steps, scale) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6] / Double(largest))
      var flops = 0.0
      var bytes = 0.0
      for n in spec.grid.n {
        let point = NoiseEnsemble.cost(
          members: members, sampleCount: Double(n) * scale, inputDimension: d, outputs: outputs, testCount: m,
          width: h, steps: steps, workers: 2, perMemberInputs: spec.control == .trainInputs,
          optimizer: spec.training.optimizer, depth: Double(spec.model.hiddenLayers)
        ).then(
          EnsembleAlignment.cost(
            members: members, rows: m, width: h, measures: Double(spec.measures.count * spec.model.hiddenLayers)))
        flops += point.flops * designs * levels
        bytes = max(bytes, point.bytes)
      }
      return CostEstimate(bytes: bytes, flops: flops)
    }
  }
}
