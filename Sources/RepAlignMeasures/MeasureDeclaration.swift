/// A transformation of one representation that a measure may be invariant to. Each is applied to
/// one side only (A ↦ T(A), B fixed); "invariant" means f(T(A), B) = f(A, B) for every A, B and
/// every transformation of the kind.
public enum Invariance: String, Sendable, CaseIterable, Codable, Comparable {
  /// A ↦ A + 1cᵀ (the same shift added to every sample).
  case translation
  /// A ↦ s·A, s > 0, over the whole range of Double: the conformance suite checks s from 1e-200
  /// to 1e200 (every measure rescales its inputs exactly by a power of two first,
  /// `RepresentationGeometry.unitScaled`).
  case isotropicScaling
  /// A ↦ A·Q with Q orthogonal (p × p).
  case orthogonalTransform
  /// A ↦ A·P with P a permutation of the units (columns).
  case unitPermutation
  /// A ↦ A·W with W any invertible p × p matrix, however ill-conditioned: the conformance suite
  /// checks W = Q·diag(2⁻⁴⁰…1) (condition number 2⁴⁰ ≈ 1.1e12, Q orthogonal).
  case invertibleLinearMap

  public static func < (lhs: Invariance, rhs: Invariance) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// The value a measure takes on identical inputs f(A, A).
public enum SelfValue: Sendable, Equatable {
  /// A constant (1 for similarities, 0 for distances).
  case constant(Double)
  /// (k + 1)/m for m samples: Information Imbalance with k neighbours (the mean of the ranks
  /// 1…k is (k + 1)/2; THEORY.md §8 has k = 1, 2/m).
  case neighbourImbalance(k: Int)

  /// The value for m samples.
  public func value(samples m: Int) -> Double {
    switch self {
    case .constant(let v): v
    case .neighbourImbalance(let k): Double(k + 1) / Double(m)
    }
  }
}

/// How a measure treats exactly equal distances (integer, binary or quantized inputs).
public enum TieRule: String, Sendable, Equatable {
  /// The value is a continuous function of the inputs: equal distances are not special.
  case continuous
  /// Neighbours are ordered by (exact squared distance, sample index): among equidistant samples
  /// the smaller index is nearer (`InformationImbalance`, `MutualKNN`, `CKNNA`).
  case neighbourIndexOrder
  /// Tied distances share their average rank (Spearman's ρ with mid-ranks: `RepresentationalSimilarity`).
  case averageRanks
}

/// What a measure promises, as data: the conformance suite
/// (`Tests/RepAlignMeasuresTests/MeasureConformanceTests.swift`) checks that every declared
/// property holds and that every undeclared invariance (and undeclared symmetry) fails on some
/// input, in the spirit of scikit-learn's `check_estimator`.
public struct MeasureDeclaration: Sendable, Equatable {
  /// Transformations of either argument that leave the value unchanged.
  public let invariances: Set<Invariance>
  /// f(A, B) = f(B, A).
  public let symmetric: Bool
  /// Every value lies in this range.
  public let bounds: ClosedRange<Double>
  /// f(A, A); it is the most-aligned value f can take (the maximum of `direction.sign × f`).
  public let selfValue: SelfValue
  /// The least number of samples (rows) the estimator accepts.
  public let minimumSamples: Int
  /// How exactly equal distances are treated; the conformance suite checks integer and binary
  /// inputs against an exact reference that applies this rule.
  public let tieRule: TieRule

  public init(
    invariances: Set<Invariance>, symmetric: Bool, bounds: ClosedRange<Double>,
    selfValue: SelfValue, minimumSamples: Int = 2, tieRule: TieRule = .continuous
  ) {
    self.invariances = invariances
    self.symmetric = symmetric
    self.bounds = bounds
    self.selfValue = selfValue
    self.minimumSamples = minimumSamples
    self.tieRule = tieRule
  }

  /// What a measure declares when it declares nothing: no invariance, not symmetric, unbounded.
  public static let undeclared = MeasureDeclaration(
    invariances: [], symmetric: false, bounds: -Double.infinity...Double.infinity,
    selfValue: .constant(.nan))

  /// Translation, isotropic scaling, orthogonal transforms and permutations of units: the
  /// invariances of every "shape" measure here (CKA, Procrustes, RSA, k-NN, Information Imbalance).
  public static let similarityGroup: Set<Invariance> = [
    .translation, .isotropicScaling, .orthogonalTransform, .unitPermutation,
  ]
}
