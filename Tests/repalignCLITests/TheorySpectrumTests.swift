import Foundation
import Testing
import _TestSupport

/// `repalign theory --spectrum / --covariance` end to end (built binary; issue 18 item 1).
@Suite struct TheorySpectrumTests {
  static func json(_ outcome: CLI.Outcome) throws -> [String: Any] {
    try #require(outcome.status == 0, "\(outcome)")
    return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
  }

  /// Values agree to the rational round-off of `AnisotropicTierTests` (64·d·ε, d ≤ 30) plus the
  /// 17-digit JSON round trip; 1e-12 absolute covers both.
  static let agreement = 1e-12

  /// `--spectrum power:0` is Σ = I: the same numbers as `--tier asymptotic` (THEORY.md §5).
  @Test(arguments: [12, 45])
  func flatPowerLawIsTheAsymptoticTier(n: Int) throws {
    let flat = try Self.json(
      try CLI.run(["theory", "--d", "30", "--n", "\(n)", "--snr", "3", "--spectrum", "power:0"]))
    let iso = try Self.json(try CLI.run(["theory", "--d", "30", "--n", "\(n)", "--snr", "3", "--tier", "asymptotic"]))
    #expect(flat["tier"] as? String == "anisotropic" && flat["spectrum"] as? String == "power:0")
    for key in ["alignment_cosine", "alignment_cka", "excess_risk"] {
      let a = try #require(flat[key] as? Double)
      let b = try #require(iso[key] as? Double)
      #expect(abs(a - b) <= Self.agreement, "\(key): \(a) vs \(b)")
    }
  }

  /// A diagonal covariance file and the file of its diagonal describe the same problem: the
  /// covariance route eigendecomposes Σ (eigenvalues ascending, eigenvectors ± unit vectors), so
  /// the teacher's coordinates are the same numbers permuted and the prediction is the same. A
  /// power-law file read back equals `power:1` (written to 17 digits).
  @Test func covarianceFileMatchesSpectrumFile() throws {
    let dir = try CLI.temporaryDirectory("theory-spectrum")
    let d = 6
    let lambda = (1...d).map { 1 / Double($0) }
    let mean = lambda.reduce(0, +) / Double(d)
    let normalized = lambda.map { $0 / mean }
    try normalized.map { String(format: "%.17g", $0) }.joined(separator: "\n")
      .write(to: dir.appendingPathComponent("spectrum.csv"), atomically: true, encoding: .utf8)
    let rows = (0..<d).map { i in
      (0..<d).map { j in i == j ? String(format: "%.17g", normalized[i]) : "0" }.joined(separator: ",")
    }
    try rows.joined(separator: "\n").write(to: dir.appendingPathComponent("cov.csv"), atomically: true, encoding: .utf8)
    for n in [3, 11] {
      let common = ["theory", "--d", "\(d)", "--n", "\(n)", "--snr", "2", "--seed", "5"]
      let s = try Self.json(try CLI.run(common + ["--spectrum", "spectrum.csv"], in: dir))
      let c = try Self.json(try CLI.run(common + ["--covariance", "cov.csv"], in: dir))
      let p = try Self.json(try CLI.run(common + ["--spectrum", "power:1"], in: dir))
      for key in ["alignment_cosine", "alignment_cka", "excess_risk"] {
        let a = try #require(s[key] as? Double)
        #expect(abs(a - (try #require(c[key] as? Double))) <= Self.agreement, "n=\(n) \(key): \(s) vs \(c)")
        #expect(abs(a - (try #require(p[key] as? Double))) <= Self.agreement, "n=\(n) \(key): \(s) vs \(p)")
      }
    }
    // The exact tier on designs from N(0, Σ) runs and reports its standard errors.
    let e = try Self.json(
      try CLI.run(
        [
          "theory", "--d", "\(d)", "--n", "\(d)", "--snr", "2", "--spectrum", "spectrum.csv", "--tier", "exact",
          "--designs", "8",
        ], in: dir))
    #expect(e["tier"] as? String == "exact" && e["alignment_cka_se"] is Double, "\(e)")
  }

  /// Bad spectra and combinations are one-line errors with exit status 2.
  @Test(arguments: [
    ["--spectrum", "power:-1"], ["--spectrum", "power:x"], ["--spectrum", "missing.npy"],
    ["--spectrum", "power:1", "--tier", "finite"], ["--spectrum", "power:1", "--covariance", "c.csv"],
    ["--tier", "anisotropic"], ["--spectrum", "power:1", "--gd-steps", "5", "--lr", "0.1"],
  ])
  func badSpectrumOptionsAreOneLineErrors(_ extra: [String]) throws {
    let outcome = try CLI.run(["theory", "--d", "5", "--n", "3", "--snr", "2"] + extra)
    #expect(outcome.status == 2 && !outcome.signaled, "\(outcome)")
    #expect(outcome.isOneLineError, "\(outcome)")
  }

  /// n = d with min-norm fits has no deterministic equivalent (infinite variance): an error.
  @Test func thresholdIsAnErrorForTheAnisotropicTier() throws {
    let outcome = try CLI.run(["theory", "--d", "5", "--n", "5", "--snr", "2", "--spectrum", "power:1"])
    #expect(outcome.status == 2 && outcome.isOneLineError && outcome.stderr.contains("n"), "\(outcome)")
  }
}
