import RepAlignNumerics

/// One noise level of an experiment's grid (THEORY.md §2): either a signal-to-noise ratio of
/// Gaussian noise or a per-member label-flip probability. Created once, at the boundary where a
/// grid value is read (`checked(_:parameter:)`), and carried as is afterwards; every σ² and every
/// SNR of a flip probability is derived from it here, with one formula per law.
///
/// ## Domain
/// - `.snr(s)`: s finite and > 0 (s = +∞ would be noise-free, s = 0 pure noise: neither is a
///   level of a noise ensemble).
/// - `.flipProbability(p)`: p in the open interval (0, ½). p = 0 means no label noise (SNR = +∞,
///   which no record can store) and p ≥ ½ leaves no signal in binary labels.
///
/// ## Laws
/// - Gaussian noise: σ² = r²/SNR, r² = βᵀΣβ the signal variance (`noiseVariance(signal:)`).
/// - Binary label flips: SNR = (1 − 2p)²/(4p(1 − p)) (`signalToNoiseRatio`), the K = 2,
///   balanced-class case of `MulticlassLabelFlip`'s K-class formula, which computes it.
public enum NoiseLevel: Sendable, Hashable, CustomStringConvertible {
  case snr(Double)
  case flipProbability(Double)

  /// The grid field this kind of level is read from: `snr` or `flip_probability`.
  public var fieldName: String {
    switch self {
    case .snr: "snr"
    case .flipProbability: "flip_probability"
    }
  }

  /// The raw grid value (the SNR or the probability).
  public var value: Double {
    switch self {
    case .snr(let s): s
    case .flipProbability(let p): p
    }
  }

  /// Throws a one-line `ParameterError` naming `parameter` (default: `fieldName`) unless the level
  /// lies in its domain (see the type's documentation).
  public func validate(parameter: String? = nil) throws(ParameterError) {
    let name = parameter ?? fieldName
    switch self {
    case .snr(let s):
      try require(s.isFinite && s > 0, name, "must be finite and > 0", got: s)
    case .flipProbability(let p):
      try require(p > 0 && p < 0.5, name, "must be in the open interval (0, 0.5)", got: p)
    }
  }

  /// `level`, validated (`validate(parameter:)`).
  public static func checked(_ level: NoiseLevel, parameter: String? = nil) throws(ParameterError) -> NoiseLevel {
    try level.validate(parameter: parameter)
    return level
  }

  /// The SNR of the level: s itself, or (1 − 2p)²/(4p(1 − p)) for binary flips (THEORY.md §2).
  /// Finite and > 0 for a validated level.
  public var signalToNoiseRatio: Double {
    switch self {
    case .snr(let s): s
    case .flipProbability(let p): labelFlipSNR(probability: p)
    }
  }

  /// The flip probability, for flip levels.
  public var flipProbability: Double? {
    if case .flipProbability(let p) = self { return p }
    return nil
  }

  /// The variance of Gaussian noise at this level for a signal of variance r²: σ² = r²/SNR
  /// (THEORY.md §2, SNR = βᵀΣβ/σ²). For a flip level it is the Gaussian noise variance of the same
  /// SNR. Finite and > 0 for a validated level and a finite r² > 0.
  public func noiseVariance(signal r2: Double) -> Double { r2 / signalToNoiseRatio }

  /// The standard deviation σ = √(r²/SNR).
  public func noiseStandardDeviation(signal r2: Double) -> Double { noiseVariance(signal: r2).squareRoot() }

  public var description: String {
    switch self {
    case .snr(let s): "SNR=\(s)"
    case .flipProbability(let p): "p=\(p)"
    }
  }
}
