import RepAlignNumerics

/// A member-noise process on real data (THEORY.md §2 with the real inputs in place of x ~ N(0, Σ)
/// and the dataset's clean targets in place of the teacher's βᵀx).
///
/// Each member a draws its own realization from its own stream `seed.child(a).child(.noise)`
/// (see `RealDataTask.ensemble`), so members are independent and a seed reproduces them exactly.
/// The SNR of every process is a variance ratio, signal over noise, with both variances taken as
/// the per-component average (equivalently the trace) over the training pool — the population the
/// training subsets are drawn from — so a given SNR means the same σ or p at every n of an n-sweep.
///
/// The real targets themselves are not noise-free (labels can be wrong, outcomes are noisy); the
/// SNR counts only the noise the ensemble adds, which is the noise the members disagree on.
public enum RealNoise: Sendable, Equatable, CustomStringConvertible {
  /// Classification: each member flips each training label with probability p to a uniformly
  /// random other class (`MulticlassLabelFlip`); targets are one-hot, kind `.multiclass`.
  /// SNR = g(1 − κp)²/(p(2 − κp)), κ = K/(K − 1), g = 1 − Σπ_c² on the pool.
  case labelFlip(probability: Double)
  /// `labelFlip` with p chosen so that the SNR is the given value (in [0, +∞]).
  case labelFlipAtSNR(Double)
  /// Gaussian noise N(0, σ²) added to every training target entry, independently per member.
  /// Real targets are standardized on the pool first; class labels are one-hot encoded and the
  /// members regress them (kind `.regression`, test targets the clean one-hot vectors).
  /// SNR = v_y/σ², v_y the mean over target columns of the pool variance of the clean targets
  /// (1 for standardized targets, g/K for one-hot). SNR in (0, +∞]; +∞ means no noise.
  case targetGaussian(snr: Double)
  /// Gaussian noise N(0, σ²) added to every entry of each member's standardized training inputs
  /// (`EnsembleDataset.memberInputs`); targets stay clean and shared. SNR = v_x/σ², v_x the mean
  /// over the d features of the pool variance of the standardized inputs (1, or less when
  /// some features are constant on the pool). SNR in (0, +∞].
  case inputGaussian(snr: Double)

  public var description: String {
    switch self {
    case .labelFlip(let p): "label flips p = \(p)"
    case .labelFlipAtSNR(let s): "label flips at SNR \(s)"
    case .targetGaussian(let s): "Gaussian target noise at SNR \(s)"
    case .inputGaussian(let s): "Gaussian input noise at SNR \(s)"
    }
  }
}
