import RepAlignNumerics

/// The registry of measures by the names used on the command line, in specs and in JSON.
public enum AlignmentMeasures {
  /// Every measure with its default parameters, in a stable order.
  public static let all: [any AlignmentMeasure] = [
    LinearCKA(), DebiasedLinearCKA(), RBFCKA(), MeanSquaredCCA(), SVCCA(), ProcrustesSimilarity(),
    ProcrustesAngle(), RepresentationalSimilarity(), MutualKNN(), InformationImbalance(), ShapeMetric(),
    BuresDistance(), CKNNA(),
  ]

  /// The names of `all`, in order.
  public static var names: [String] { all.map(\.name) }

  /// The measure called `name`; an unknown name throws a one-line error listing the allowed ones.
  public static func named(_ name: String) throws -> any AlignmentMeasure {
    guard let measure = all.first(where: { $0.name == name }) else {
      throw MeasureError.invalidParameter(
        ParameterError("metric", "must be one of \(names.joined(separator: ", "))", got: name))
    }
    return measure
  }
}
