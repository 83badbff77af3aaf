import RepAlignNumerics

/// Whether larger values of a measure mean more aligned representations.
public enum AlignmentDirection: String, Sendable, Codable {
  /// Similarities: CKA, CCA, Procrustes/Bures similarity, RSA, mutual k-NN.
  case higherIsMoreAligned
  /// Distances and imbalances: Procrustes angle, Information Imbalance.
  case lowerIsMoreAligned

  /// +1 or −1: multiply a measure's value by this to get an "alignment score" that always grows
  /// with alignment, so claims are stated once for all measures.
  public var sign: Double { self == .higherIsMoreAligned ? 1 : -1 }
}

/// A measure of similarity between two representations A (m × p) and B (m × q) of the same m
/// inputs (rows are samples). Implementations validate their input and throw `MeasureError`
/// rather than return NaN.
public protocol AlignmentMeasure: Sendable {
  /// A stable identifier used on the command line, in specs and in JSON (`linear_cka`).
  var name: String { get }
  /// Whether larger means more aligned.
  var direction: AlignmentDirection { get }
  /// The measure between A and B.
  func callAsFunction(_ a: Matrix, _ b: Matrix) throws -> Double
  /// Invariances, symmetry, bounds and self-value (checked by the conformance suite). The
  /// default is `MeasureDeclaration.undeclared`.
  var declaration: MeasureDeclaration { get }
  /// The M × M table of the measure among M members' representations of the same m samples,
  /// entry (a, b) = f(representations[a], representations[b]) (diagonal included): the kernel of
  /// `EnsembleAlignment.compute` (THEORY.md §2, ensemble alignment).
  ///
  /// Contract: `EnsembleAlignment.compute` calls it with at least 2 members that all have the
  /// same number of rows. With `symmetric` an implementation may evaluate only a ≤ b and mirror;
  /// without it, both orders. Entries must equal the pairwise call up to the round-off of a
  /// different summation order (rank-based measures: exactly), must not depend on scheduling, and
  /// member-level errors name `representations[i]`. A measure with a faster route for a whole
  /// ensemble implements it (`LinearCKA`, `DebiasedLinearCKA`, `InformationImbalance`); the
  /// default prepares each member once (`PreparedAlignmentMeasure`) or calls the measure on each
  /// pair, spreading the work over the cores.
  func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix
}

extension AlignmentMeasure {
  public var declaration: MeasureDeclaration { .undeclared }

  /// Default: the measure called on each pair (`EnsembleAlignment.pairwiseCalls`).
  public func pairwiseTable(_ representations: [Matrix], symmetric: Bool) throws -> Matrix {
    try EnsembleAlignment.pairwiseCalls(representations, measure: self, symmetric: symmetric)
  }

  /// Whether f(A, B) = f(B, A) (from `declaration`).
  public var isSymmetric: Bool { declaration.symmetric }

  /// `direction.sign × value`: larger is always more aligned.
  public func alignmentScore(_ a: Matrix, _ b: Matrix) throws -> Double {
    direction.sign * (try self(a, b))
  }
}
