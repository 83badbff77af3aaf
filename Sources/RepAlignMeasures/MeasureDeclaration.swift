/// A transformation of one representation that a measure may be invariant to. Each is applied to
/// one side only (A ↦ T(A), B fixed); "invariant" means f(T(A), B) = f(A, B) for every A, B and
/// every transformation of the kind.
public enum Invariance: String, Sendable, CaseIterable, Codable, Comparable {
  /// A ↦ A + 1cᵀ (the same shift added to every sample).
  case translation
  /// A ↦ s·A, s > 0.
  case isotropicScaling
  /// A ↦ A·Q with Q orthogonal (p × p).
  case orthogonalTransform
  /// A ↦ A·P with P a permutation of the units (columns).
  case unitPermutation
  /// A ↦ A·W with W any invertible p × p matrix.
  case invertibleLinearMap

  public static func < (lhs: Invariance, rhs: Invariance) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// The value a measure takes on identical inputs f(A, A).
public enum SelfValue: Sendable, Equatable {
  /// A constant (1 for similarities, 0 for distances).
  case constant(Double)
  /// 2/m for m samples (Information Imbalance, THEORY.md §8).
  case twoOverSampleCount

  /// The value for m samples.
  public func value(samples m: Int) -> Double {
    switch self {
    case .constant(let v): v
    case .twoOverSampleCount: 2 / Double(m)
    }
  }
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

  public init(
    invariances: Set<Invariance>, symmetric: Bool, bounds: ClosedRange<Double>,
    selfValue: SelfValue, minimumSamples: Int = 2
  ) {
    self.invariances = invariances
    self.symmetric = symmetric
    self.bounds = bounds
    self.selfValue = selfValue
    self.minimumSamples = minimumSamples
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
