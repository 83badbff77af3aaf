import RepAlignData

/// The task families a spec can name in `task.kind`, with what each one requires of the rest of
/// the spec. `ExperimentSpec.validate`, `ExperimentRunner.preflight`, `ExperimentRunner.makeData`
/// and `TheoryOverlay.applies` all read `requirements`, so a kind's rules are stated once.
///
/// - `linear_regression`: y = βᵀx + ξ, Gaussian noise at the grid's SNR (THEORY.md §2).
/// - `tanh_regression`: a random one-hidden-layer tanh teacher, Gaussian noise at the grid's SNR.
/// - `sign_classification`: y = sign(βᵀx + ξ) at the grid's SNR, or clean labels flipped with the
///   grid's flip probability (SNR = (1 − 2p)²/(4p(1 − p))).
/// - `multiclass`: K-class arg-max teacher, labels flipped with the grid's flip probability.
/// - `digits`: the bundled UCI digits (1797 images of 8 × 8 = 64 pixels, 10 classes; see
///   `Resources/DATASETS.md`), labels flipped with the grid's probability, or with the
///   probability whose K-class SNR is the grid's SNR (`MulticlassLabelFlip`).
/// - `mnist`, `fashion_mnist`: the first 10 000 images of the MNIST or Fashion-MNIST training file
///   from the data cache (`DownloadableDataset`, `make data`), 4 × 4 mean-pooled to 7 × 7 = 49
///   inputs (`ImagePooling`), 10 classes, labels flipped as for `digits`.
/// - `covertype`: the first 20 000 rows of UCI Covertype from the data cache, the elevation as a
///   real target (standardized) from 13 cartographic columns (`DownloadableDataset.load`), Gaussian target noise at the grid's
///   SNR (`RealNoise.targetGaussian`, exact: σ² = 1/SNR on the standardized target).
public enum TaskKind: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
  case linearRegression = "linear_regression"
  case tanhRegression = "tanh_regression"
  case signClassification = "sign_classification"
  case multiclass
  case digits
  case mnist
  case fashionMNIST = "fashion_mnist"
  case covertype

  /// How many classes the task's labels have.
  public enum Classes: Sendable, Equatable {
    /// Real-valued targets (regression).
    case none
    /// A number fixed by the task (binary labels, a real dataset).
    case fixed(Int)
    /// `task.classes` of the spec, this value when it is absent.
    case fromSpec(default: Int)
  }

  /// What a task kind needs from a spec.
  public struct Requirements: Sendable, Equatable {
    /// Whether `task.input_dimension` must be given (synthetic inputs); otherwise the data fix d.
    public let needsInputDimension: Bool
    /// The input dimension the data fix, for real data.
    public let fixedInputDimension: Int?
    /// Whether `grid.snr` may be the grid's noise variable.
    public let acceptsSNR: Bool
    /// Whether `grid.flip_probability` may be the grid's noise variable.
    public let acceptsFlipProbability: Bool
    public let classes: Classes
    /// Number of samples of the real dataset (training pool plus test set), nil for synthetic data.
    public let datasetSize: Int?
    /// Whether the analytic model of the linear network (THEORY.md §3–5) describes the task when
    /// the activation is the identity: the theory overlay is drawn only then.
    public let hasLinearTheory: Bool

    /// The grid fields this kind accepts, in spec spelling.
    public var acceptedNoiseFields: [String] {
      (acceptsSNR ? ["snr"] : []) + (acceptsFlipProbability ? ["flip_probability"] : [])
    }
  }

  public var requirements: Requirements {
    switch self {
    case .linearRegression:
      Requirements(
        needsInputDimension: true, fixedInputDimension: nil, acceptsSNR: true, acceptsFlipProbability: false,
        classes: .none, datasetSize: nil, hasLinearTheory: true)
    case .tanhRegression:
      Requirements(
        needsInputDimension: true, fixedInputDimension: nil, acceptsSNR: true, acceptsFlipProbability: false,
        classes: .none, datasetSize: nil, hasLinearTheory: false)
    case .signClassification:
      Requirements(
        needsInputDimension: true, fixedInputDimension: nil, acceptsSNR: true, acceptsFlipProbability: true,
        classes: .fixed(2), datasetSize: nil, hasLinearTheory: false)
    case .multiclass:
      Requirements(
        needsInputDimension: true, fixedInputDimension: nil, acceptsSNR: false, acceptsFlipProbability: true,
        classes: .fromSpec(default: 3), datasetSize: nil, hasLinearTheory: false)
    case .digits:
      Requirements(
        needsInputDimension: false, fixedInputDimension: 64, acceptsSNR: true, acceptsFlipProbability: true,
        classes: .fixed(10), datasetSize: 1797, hasLinearTheory: false)
    case .mnist, .fashionMNIST:
      Requirements(
        needsInputDimension: false, fixedInputDimension: 49, acceptsSNR: true, acceptsFlipProbability: true,
        classes: .fixed(10), datasetSize: 10_000, hasLinearTheory: false)
    case .covertype:
      Requirements(
        needsInputDimension: false, fixedInputDimension: 13, acceptsSNR: true, acceptsFlipProbability: false,
        classes: .none, datasetSize: 20_000, hasLinearTheory: false)
    }
  }

  /// The downloadable dataset this kind reads from the data cache, with the sample limit and
  /// pooling of its description (nil for synthetic kinds and the bundled digits).
  public var download: (dataset: DownloadableDataset, limit: Int, pooling: Int)? {
    switch self {
    case .mnist: (.mnist, 10_000, 4)
    case .fashionMNIST: (.fashionMNIST, 10_000, 4)
    case .covertype: (.covertype, 20_000, 1)
    default: nil
    }
  }

  /// Whether this kind's data are present in the environment's data cache (always true for the
  /// kinds that need no download).
  public var isAvailable: Bool {
    download.map { $0.dataset.isPresent(in: .fromEnvironment()) } ?? true
  }

  /// The class count K for a spec's `task.classes`, nil for regression.
  public func classCount(given: Int?) -> Int? {
    switch requirements.classes {
    case .none: nil
    case .fixed(let k): k
    case .fromSpec(let k): given ?? k
    }
  }

  public var description: String { rawValue }
}
