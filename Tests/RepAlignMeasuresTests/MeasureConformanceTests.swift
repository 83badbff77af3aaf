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
  /// takes arccos near 1 (the shape metric too) and the Bures distance √(2 − 2·NBS), either of
  /// which turns an error δ into √(2δ).
  static func selfValueTolerance(_ measure: any AlignmentMeasure, m: Int, p: Int) -> Double {
    let base = Tolerance.factorization(m, p)
    let squareRooted: Set = ["procrustes_angle", "shape_metric", "bures_distance"]
    return squareRooted.contains(measure.name) ? (2 * base).squareRoot() : base
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

  // MARK: - Exact ties, extreme scales, ill-conditioned maps

  /// Integer inputs (entries 0...3) and binary ones (0/1) have integer squared distances, many of
  /// them exactly equal. A measure declaring a tie rule must match an exact reference that
  /// applies the rule (`Exact`: `Int` distances, no round-off anywhere): bitwise for the
  /// neighbour measures (both sides are one division of the same two integers), within
  /// `Tolerance.dotProduct` of the m(m−1)/2 mid-ranks for RSA. A `continuous` measure must not
  /// see ties: nudging A by δ = 2⁻³⁰ (relative) moves it by at most `tieContinuityBound`, while a
  /// rank-based measure must move by more than `clearViolation` on some draw (the nudge breaks the
  /// ties at random instead of by the rule), so a declaration can be neither too weak nor too strong.
  @Test(arguments: AlignmentMeasures.names)
  func tiedIntegerAndBinaryInputsFollowTheTieRule(_ name: String) throws {
    let measure = try AlignmentMeasures.named(name)
    let rule = measure.declaration.tieRule
    var largestJump = 0.0
    var worst = 0.0
    defer {
      if rule == .continuous {
        ConformanceLog.worst("tied integer/binary: change under a 2^-30 nudge (continuous)", name, largestJump)
      } else {
        ConformanceLog.worst("tied integer/binary vs exact reference", name, worst)
      }
    }
    for draw in 0..<8 {
      let rng = RandomStream(master: 41, "conformance-ties", name, "\(draw)")
      let levels = draw % 2 == 0 ? 2 : 4
      let m = 14 + 2 * draw
      let a = Exact.integerMatrix(rows: m, columns: 3 + draw % 3, levels: levels, rng)
      let b = Exact.integerMatrix(rows: m, columns: 2 + draw % 2, levels: levels, rng)
      let context = "\(name) tied draw \(draw): m=\(m), entries 0...\(levels - 1)"
      let value = try measure(a, b)
      switch rule {
      case .neighbourIndexOrder:
        let exact: (numerator: Int, denominator: Int)
        if let cknna = measure as? CKNNA {
          // The neighbour masks are exact (integer kernels); the measure then rounds each HSIC
          // term once and their sum twice: 8ε per unit of the reference's conditioning (twice the
          // 4ε model, for the final ratio and square root).
          let exactValue = Exact.cknna(a, b, k: cknna.k)
          worst = max(worst, abs(value - exactValue.value))
          expectClose(
            value, exactValue.value, tolerance: 8 * Double.ulpOfOne * (exactValue.conditioning + 1),
            "\(context): CKNNA (conditioning \(exactValue.conditioning))")
          break
        } else if let ii = measure as? InformationImbalance {
          exact = Exact.informationImbalance(a, b, k: ii.k)
        } else if let knn = measure as? MutualKNN {
          exact = Exact.mutualKNN(a, b, k: knn.k)
        } else {
          Issue.record("\(name): no exact reference for its tie rule")
          return
        }
        let reference = Double(exact.numerator) / Double(exact.denominator)
        worst = max(worst, abs(value - reference))
        #expect(
          value == reference, "\(context): \(format17(value)) against exact \(exact.numerator)/\(exact.denominator)")
      case .averageRanks:
        worst = max(worst, abs(value - Exact.rsa(a, b)))
        expectClose(value, Exact.rsa(a, b), tolerance: Tolerance.dotProduct(length: m * m), "\(context): RSA")
      case .continuous:
        break
      }
      let nudge = RandomStream(master: 42, "conformance-ties-nudge", name, "\(draw)")
      let nudged = Matrix(rows: m, columns: a.columns) { i, j in a[i, j] + 0x1p-30 * nudge.normal() }
      let jump = abs(try measure(nudged, b) - value)
      largestJump = max(largestJump, jump)
      if rule == .continuous {
        #expect(jump <= Self.tieContinuityBound, "\(context): a 2⁻³⁰ nudge moved it by \(format17(jump))")
      }
    }
    if rule != .continuous {
      #expect(largestJump > Self.clearViolation, "\(name) declares a tie rule but no nudge changed it")
    }
  }

  /// A continuous measure moves by O(L·δ) under a nudge of size δ = 2⁻³⁰ ≈ 9.3e-10; 1e-6 allows a
  /// Lipschitz constant of 1e3 on these small, unit-scale inputs (the measures are ratios of
  /// quadratic forms in the data, L ≲ 10²), still three orders of magnitude below the ≳ 1/m² ≈ 1e-3
  /// steps of a rank-based measure.
  static let tieContinuityBound = 1e-6

  /// Scale factors spanning the double range: a scale-invariant measure must give the same value
  /// (within `invarianceTolerance`: each s·x is one rounding, the rest is exact because every
  /// measure rescales by a power of two first) with A, B or both scaled, must not throw, and must
  /// not flip a sign (the "-0" of debiased CKA).
  static let extremeScales: [Double] = [1e-200, 1e-150, 1e-80, 1e80, 1e150, 1e200]

  @Test(arguments: AlignmentMeasures.names)
  func scaleInvarianceHoldsOverTheDoubleRange(_ name: String) throws {
    let measure = try AlignmentMeasures.named(name)
    let declared = measure.declaration.invariances.contains(.isotropicScaling)
    var largestChange = 0.0
    for relation in 0...2 {
      let (a, b) = representationPair(m: 36, p: 6, q: 5, relation: relation, seed: 51 + relation)
      let base = try measure(a, b)
      for s in Self.extremeScales {
        for (label, x, y) in [("s·A, B", s * a, b), ("A, s·B", a, s * b), ("s·A, s·B", s * a, s * b)] {
          let context = "\(name) relation=\(relation) s=\(s) (\(label))"
          let value: Double
          do { value = try measure(x, y) } catch {
            Issue.record("\(context): threw \(error)")
            continue
          }
          largestChange = max(largestChange, abs(value - base))
          if declared {
            expectClose(value, base, tolerance: Self.invarianceTolerance, context)
            #expect(value.sign == base.sign || base == 0, "\(context): sign \(format17(value)) vs \(format17(base))")
          }
        }
      }
    }
    if declared { ConformanceLog.worst("scales 1e-200…1e200 vs unscaled", name, largestChange) }
    if !declared {
      #expect(largestChange > Self.clearViolation, "\(name) is unchanged by scaling but does not declare it")
    }
  }

  /// The measures that declare invariance to every invertible linear map.
  static let linearInvariant = AlignmentMeasures.all.filter {
    $0.declaration.invariances.contains(.invertibleLinearMap)
  }
  .map(\.name)

  /// W = Q·diag(2^(−e₀), …, 2^(−e_{p−1})), e_j spread evenly over 0…E, κ(W) = 2^E for E = 20 and
  /// E = 40 (≈ 1.1e12), Q orthogonal. The computed A·Q carries only a well-conditioned rounding
  /// (relative ε, like any orthogonal map) and the column scalings are exact, so the declared
  /// invariance must hold to `invarianceTolerance` however small the scaled directions are —
  /// a basis cut at a fixed Gram-eigenvalue ratio (1e-10, the old rule) drops them and fails.
  @Test(arguments: Self.linearInvariant)
  func invertibleMapsWithConditionNumbersUpTo1e12(_ name: String) throws {
    let measure = try AlignmentMeasures.named(name)
    var worst = 0.0
    defer { ConformanceLog.worst("maps with κ up to 2^40 vs untransformed", name, worst) }
    for relation in 0...2 {
      let (a, b) = representationPair(m: 40, p: 6, q: 5, relation: relation, seed: 61 + relation)
      let base = try measure(a, b)
      for exponent in [20.0, 40.0] {
        let rng = RandomStream(master: 62, "conformance-ill-conditioned", name, "\(relation)")
        func illConditioned(_ x: Matrix) throws -> Matrix {
          let p = x.columns
          var w = try Transforms.orthogonal(p, rng)
          w.withUnsafeMutableBufferPointer { e in
            for i in 0..<p {
              for j in 0..<p { e[i * p + j] *= pow(2, -(exponent * Double(j) / Double(p - 1)).rounded()) }
            }
          }
          return Matrix.product(x, w)
        }
        let context = "\(name) relation=\(relation) κ = 2^\(Int(exponent))"
        let (onA, onB) = (try measure(try illConditioned(a), b), try measure(a, try illConditioned(b)))
        worst = max(worst, abs(onA - base), abs(onB - base))
        expectClose(onA, base, tolerance: Self.invarianceTolerance, "\(context) on A")
        expectClose(onB, base, tolerance: Self.invarianceTolerance, "\(context) on B")
      }
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
        "rsa", "mutual_knn", "information_imbalance", "shape_metric", "bures_distance", "cknna",
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
    #expect(lower == ["procrustes_angle", "information_imbalance", "shape_metric", "bures_distance"])
  }
}

/// `REPALIGN_CONFORMANCE_LOG=1`: each conformance check prints its largest disagreement per
/// measure as one line, `conformance-worst <check> | <measure> | <value>` (for the notes and
/// README tables; the assertions do not depend on it).
enum ConformanceLog {
  static let enabled = ProcessInfo.processInfo.environment["REPALIGN_CONFORMANCE_LOG"] == "1"
  static func worst(_ check: String, _ measure: String, _ value: Double) {
    if enabled { print("conformance-worst \(check) | \(measure) | \(format17(value))") }
  }
}
