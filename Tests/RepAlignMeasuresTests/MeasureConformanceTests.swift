import Foundation
import PropertyBased
import RepAlignMeasures
import RepAlignNumerics
import Testing
import _TestSupport

/// One generic suite over every registered measure (scikit-learn's `check_estimator` is the
/// model): each measure's `declaration` says which invariances, symmetry, bounds and self-value it
/// promises; the suite checks on random draws that every declared property holds and that every
/// *undeclared* invariance (and undeclared symmetry) is violated on at least one draw, so a
/// declaration can be neither too weak nor too strong.
@Suite struct MeasureConformanceTests {
  /// Sizes m ∈ 30...48 and widths 12...16 keep every measure informative: widths below m − 1
  /// (CCA not saturated), above SVCCA's default 10 directions (so SVCCA is *not* invariant to
  /// invertible maps), and m above mutual k-NN's default k = 10. Relation 0/1/2 = independent,
  /// linear + noise, tanh + noise.
  static let draws = zip(
    Gen.int(in: 30...48), Gen.int(in: 12...16), Gen.int(in: 12...16), Gen.int(in: 0...2),
    Gen.int(in: 0...1_000_000))

  /// Absolute tolerance for a declared invariance or symmetry: 2¹⁸·ε ≈ 5.8e-11. The largest
  /// round-off chain in these sizes is the translation (shift ≈ 10× the spread, so centring loses
  /// ≲ 10·m·ε ≈ 500ε relative) followed by the Gram-squared conditioning of the CCA whitening
  /// (κ(Ã)² ≲ 20 for Gaussian m ≥ 30, p ≤ 16) and κ(T)² = 16 for the drawn invertible maps:
  /// ≲ 1.6e5·ε < 2¹⁸·ε. Rank-based measures (RSA, k-NN, Information Imbalance) are exact unless
  /// round-off reorders two distances, which for continuous data has negligible probability.
  static let invarianceTolerance = 262_144 * Tolerance.epsilon

  /// A violation counts as a clear failure of an undeclared invariance when it exceeds 1e-6,
  /// four orders of magnitude above `invarianceTolerance`.
  static let clearViolation = 1e-6

  /// |f(A, A) − declared self-value|: the measures reach it through one Gram/SVD/eigen step, so
  /// the backward-stable factorisation bound 16·max(m, p)·ε applies; the Procrustes angle
  /// takes arccos near 1, which turns an error δ into √(2δ).
  static func selfValueTolerance(_ measure: any AlignmentMeasure, m: Int, p: Int) -> Double {
    let base = Tolerance.factorization(m, p)
    return measure.name == "procrustes_angle" ? (2 * base).squareRoot() : base
  }

  @Test(arguments: AlignmentMeasures.names)
  func declaredPropertiesHoldAndUndeclaredOnesFail(_ name: String) throws {
    let measure = try AlignmentMeasures.named(name)
    let declaration = measure.declaration
    #expect(declaration != .undeclared, "\(name) declares nothing")
    var largestViolation = [Invariance: Double]()
    var largestAsymmetry = 0.0
    try forEachDraw(Self.draws, count: 12, fixedSeed: 31) { draw in
      let (m, p, q, relation, seed) = draw.value
      let (a, b) = representationPair(m: m, p: p, q: q, relation: relation, seed: seed)
      let context = "\(name) m=\(m) p=\(p) q=\(q) relation=\(relation); \(draw.replay)"
      let value = try measure.callAsFunction(a, b)
      #expect(declaration.bounds.contains(value), "\(context): \(format17(value)) outside \(declaration.bounds)")

      // Self-value, and self-similarity is the most aligned value.
      let selfValue = try measure.callAsFunction(a, a)
      expectClose(
        selfValue, declaration.selfValue.value(samples: m),
        tolerance: Self.selfValueTolerance(measure, m: m, p: p), "\(context): f(A, A)")
      #expect(
        measure.direction.sign * selfValue >= measure.direction.sign * value - Self.invarianceTolerance,
        "\(context): f(A, A) = \(format17(selfValue)) is less aligned than f(A, B) = \(format17(value))")

      // Invariances, each applied to one side at a time.
      for kind in Invariance.allCases {
        let rng = RandomStream(master: UInt64(seed), "conformance", kind.rawValue)
        let ta = try Transforms.apply(kind, to: a, rng)
        let tb = try Transforms.apply(kind, to: b, rng)
        let change = max(
          abs(try measure.callAsFunction(ta, b) - value), abs(try measure.callAsFunction(a, tb) - value))
        largestViolation[kind] = max(largestViolation[kind] ?? 0, change)
        if declaration.invariances.contains(kind) {
          #expect(
            change <= Self.invarianceTolerance,
            "\(context): declared invariant to \(kind) but changed by \(format17(change))")
        }
      }

      let reverse = try measure.callAsFunction(b, a)
      largestAsymmetry = max(largestAsymmetry, abs(reverse - value))
      if declaration.symmetric {
        expectClose(reverse, value, tolerance: Self.invarianceTolerance, "\(context): symmetry")
      }
    }
    for kind in Invariance.allCases where !declaration.invariances.contains(kind) {
      #expect(
        (largestViolation[kind] ?? 0) > Self.clearViolation,
        "\(name) does not declare \(kind) but no draw violated it (largest change \(format17(largestViolation[kind] ?? 0)))"
      )
    }
    if !declaration.symmetric {
      #expect(largestAsymmetry > Self.clearViolation, "\(name) is declared asymmetric but every draw was symmetric")
    }
  }

  /// The typed errors every measure must give instead of a NaN.
  @Test(arguments: AlignmentMeasures.names)
  func degenerateInputsAreTypedErrors(_ name: String) throws {
    let measure = try AlignmentMeasures.named(name)
    let rng = RandomStream(master: 5, "conformance-errors", name)
    let a = rng.normalMatrix(rows: 30, columns: 3)
    let b = rng.normalMatrix(rows: 30, columns: 2)

    do {
      _ = try measure.callAsFunction(a, Matrix(rows: 30, columns: 2, repeating: 0.1))
      Issue.record("\(name): constant B accepted")
    } catch let error as MeasureError {
      guard case .constantRepresentation(argument: "B", measure: _) = error else {
        Issue.record("\(name): constant B gave \(error)")
        return
      }
    }

    var bad = b
    bad[2, 1] = .infinity
    #expect(throws: MeasureError.nonFinite(argument: "B", row: 2, column: 1, value: .infinity), "\(name)") {
      try measure.callAsFunction(a, bad)
    }
    var nan = a
    nan[4, 0] = .nan
    do {
      _ = try measure.callAsFunction(nan, b)
      Issue.record("\(name): NaN accepted")
    } catch let error as MeasureError {
      guard case .nonFinite(argument: "A", row: 4, column: 0, value: _) = error else {
        Issue.record("\(name): NaN gave \(error)")
        return
      }
    }

    #expect(throws: MeasureError.sampleCountMismatch(a: 30, b: 29), "\(name)") {
      try measure.callAsFunction(a, b.selectingRows(0..<29))
    }

    let tooFew = measure.declaration.minimumSamples - 1
    do {
      _ = try measure.callAsFunction(a.selectingRows(0..<tooFew), b.selectingRows(0..<tooFew))
      Issue.record("\(name): \(tooFew) samples accepted")
    } catch let error as MeasureError {
      guard case .tooFewSamples(measure: _, required: measure.declaration.minimumSamples, got: tooFew) = error else {
        Issue.record("\(name): \(tooFew) samples gave \(error)")
        return
      }
      #expect("\(error)".contains("at least \(measure.declaration.minimumSamples) samples"))
    }
  }

  @Test func registryNamesAreUniqueAndUnknownNamesListTheAllowedOnes() throws {
    let names = AlignmentMeasures.names
    #expect(Set(names).count == names.count)
    #expect(
      names == [
        "linear_cka", "debiased_cka", "rbf_cka", "cca", "svcca", "procrustes", "procrustes_angle",
        "rsa", "mutual_knn", "information_imbalance",
      ])
    for name in names { #expect(try AlignmentMeasures.named(name).name == name) }
    do {
      _ = try AlignmentMeasures.named("cka")
      Issue.record("unknown name accepted")
    } catch {
      let message = "\(error)"
      #expect(!message.contains("\n"))
      for name in names { #expect(message.contains(name), "\(message)") }
    }
  }

  @Test func directionsAreDeclared() {
    let lower = AlignmentMeasures.all.filter { $0.direction == .lowerIsMoreAligned }.map(\.name)
    #expect(lower == ["procrustes_angle", "information_imbalance"])
  }
}
