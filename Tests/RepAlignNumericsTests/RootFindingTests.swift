import Foundation
import RepAlignNumerics
import Testing
import _TestSupport

/// `RootFinding.brent` against roots known to many digits, and its failure modes.
@Suite struct RootFindingTests {
  @Test func dottieNumber() throws {
    // The fixed point of cos: 0.73908513321516064165531208767387340401341175890075746496568…
    // (OEIS A003957).
    let x = try RootFinding.brent({ cos($0) - $0 }, bracket: 0, 1)
    expectClose(x, 0.739_085_133_215_160_641_655_312_087_673_873_404_013, tolerance: Tolerance.root, "Dottie")
  }

  @Test func squareRootOfTwo() throws {
    let x = try RootFinding.brent({ $0 * $0 - 2 }, bracket: 0, 2)
    expectClose(x, 1.414_213_562_373_095_048_801_688_724_209_698_078_57, tolerance: Tolerance.root, "√2")
  }

  @Test func omegaConstant() throws {
    // Ω = W(1), the root of x·eˣ = 1: 0.56714329040978387299996866221035554975381578718651250813513…
    // (OEIS A030178).
    let x = try RootFinding.brent({ $0 * exp($0) - 1 }, bracket: 0, 1)
    expectClose(x, 0.567_143_290_409_783_872_999_968_662_210_355_549_753, tolerance: Tolerance.root, "Ω")
  }

  @Test func rootAtABracketEndIsReturnedExactly() throws {
    // f(1) = 0 exactly: the end is the root, returned without iterating.
    #expect(try RootFinding.brent({ $0 - 1 }, bracket: 1, 2) == 1)
    #expect(try RootFinding.brent({ $0 - 2 }, bracket: 1, 2) == 2)
  }

  @Test func missingSignChangeIsAnError() {
    expectParameterError("bracket") { try RootFinding.brent({ $0 * $0 + 1 }, bracket: -1, 1) }
  }

  @Test func invalidBracketsAreParameterErrors() {
    for (a, b) in [(1.0, 0.0), (0.0, 0.0), (-.infinity, 1.0), (0.0, .nan)] {
      expectParameterError("bracket", "[\(a), \(b)]") { try RootFinding.brent({ $0 }, bracket: a, b) }
    }
    // f not finite at an end of the bracket.
    expectParameterError("f") { try RootFinding.brent({ 1 / $0 }, bracket: 0, 1) }
  }

  @Test func nonFiniteValueInsideTheBracketIsAGSLError() throws {
    // f is NaN on (0.3, 0.7); Brent's first trial point from f(0) = −0.5, f(1) = 0.5 is 0.5 (the
    // secant and the midpoint agree), so the solver meets the NaN and must report it.
    let f: (Double) -> Double = { x in x > 0.3 && x < 0.7 ? .nan : x - 0.5 }
    do {
      _ = try RootFinding.brent(f, bracket: 0, 1)
      Issue.record("a NaN inside the bracket was not reported")
    } catch let error as GSLError {
      #expect("\(error)".contains("nan") && !"\(error)".contains("\n"), "\(error)")
    }
  }

  @Test func exhaustedIterationsAreAGSLError() {
    // One iteration cannot shrink [0, 2] to a few ulps around √2.
    // GSL_EMAXITER = 11 (gsl_errno.h): the iteration budget ran out.
    #expect {
      try RootFinding.brent({ $0 * $0 - 2 }, bracket: 0, 2, maxIterations: 1)
    } throws: { ($0 as? GSLError)?.status == 11 }
  }
}
