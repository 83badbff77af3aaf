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
}

extension AlignmentMeasure {
  public var declaration: MeasureDeclaration { .undeclared }

  /// Whether f(A, B) = f(B, A) (from `declaration`).
  public var isSymmetric: Bool { declaration.symmetric }

  /// `direction.sign × value`: larger is always more aligned.
  public func alignmentScore(_ a: Matrix, _ b: Matrix) throws -> Double {
    direction.sign * (try self(a, b))
  }
}
