import RepAlignData
import RepAlignNumerics

/// The teacher–student problem of THEORY.md §2–4 for the linear network, Σ = I.
///
/// Inputs x ~ N(0, I_d); the teacher has signal variance βᵀβ = r² (`signal`); targets carry
/// independent noise of variance σ² = r² / SNR. n training inputs are shared by the ensemble.
/// Every tier of prediction takes this description (the exact tier also takes the design X).
public struct LinearModel: Sendable, Equatable, Hashable {
  /// Input dimension d ≥ 1.
  public let d: Int
  /// Training-set size n ≥ 1.
  public let n: Int
  /// Signal-to-noise ratio r²/σ², finite and > 0.
  public let snr: Double
  /// Signal variance r² = ‖β‖², finite and > 0 (default 1, as in THEORY.md §9).
  public let signal: Double

  /// Validates every field: d, n ≥ 1; snr and signal finite and > 0.
  public init(d: Int, n: Int, snr: Double, signal: Double = 1) throws(ParameterError) {
    try require(d >= 1, "d", "must be ≥ 1", got: d)
    try require(n >= 1, "n", "must be ≥ 1", got: n)
    try NoiseLevel.snr(snr).validate(parameter: "snr")
    try require(signal.isFinite && signal > 0, "signal", "must be finite and > 0", got: signal)
    // σ² = r²/SNR must be a normal Float64: a subnormal or zero noise variance has lost its
    // relative precision, and every tier divides by it (the exact tier's quadrature range is
    // log 1/(2σ²…)).
    let sigma2 = NoiseLevel.snr(snr).noiseVariance(signal: signal)
    try require(
      sigma2.isNormal && sigma2.isFinite, "snr",
      "must leave the noise variance σ² = r²/SNR a normal Float64 (≥ 2.2e-308; here r² = \(signal))", got: snr)
    self.d = d
    self.n = n
    self.snr = snr
    self.signal = signal
  }

  /// Noise variance σ² = r² / SNR (`NoiseLevel.noiseVariance(signal:)`).
  public var noiseVariance: Double { NoiseLevel.snr(snr).noiseVariance(signal: signal) }
  /// Aspect ratio γ = d / n (THEORY.md §5, §6).
  public var gamma: Double { Double(d) / Double(n) }
}
