import Foundation
import RepAlignNumerics

/// The Procrustes angular distance θ(A, B) = arccos NBS(A, B) ∈ [0, π/2] (Williams et al. 2021),
/// a metric on shapes. NBS is clamped to [0, 1] before the arccos, so round-off never yields NaN.
/// Lower is more aligned; θ(A, A) = 0 up to the arccos amplification of round-off near 1
/// (an NBS error δ gives θ ≈ √(2δ), about 1e-7 for δ of a few ulps). Same invariances as
/// `ProcrustesSimilarity`; symmetric.
public struct ProcrustesAngle: PreparedAlignmentMeasure {
  public init() {}
  public var name: String { "procrustes_angle" }
  public var direction: AlignmentDirection { .lowerIsMoreAligned }
  public var declaration: MeasureDeclaration {
    MeasureDeclaration(
      invariances: MeasureDeclaration.similarityGroup, symmetric: true, bounds: 0...(Double.pi / 2),
      selfValue: .constant(0))
  }

  public func prepare(_ x: Matrix, argument: String) throws -> ProcrustesSimilarity.Prepared {
    try ProcrustesSimilarity().prepare(x, argument: argument)
  }

  public func compare(_ a: ProcrustesSimilarity.Prepared, _ b: ProcrustesSimilarity.Prepared) throws
    -> Double
  {
    acos(Swift.min(1, Swift.max(0, try ProcrustesSimilarity().compare(a, b))))
  }
}
