/// The stream layout of one claim experiment: every random stream an experiment draws from, as a
/// path below its master seed (`StreamSeed`). Library APIs take the streams this type hands out;
/// none has a constant seed of its own, so one master seed reproduces a whole experiment and the
/// provenance can record every path (`recordedPaths`).
///
///     <master>/<id>                          root (R = 1 design)
///     <master>/<id>/design/<r>               design r of R > 1
///       …/task                               the data of a design; synthetic tasks derive
///                                            task/data, task/test, task/teacher (task/teacher/
///                                            calibration), task/members/<a>/noise below it
///       …/task/split                         real data: held-out test set (split/test) and pool
///                                            order (split/data)
///       …/task/noise                         real data: member a's noise at noise/<a>/noise
///       …/init                               training: init/members/<a>/initialization,
///                                            init/members/<a>/batches, init/shared/initialization
///       …/control                            a negative control's draws (`NegativeControl`)
///     <master>/<id>/argmin/<measure>         threshold claims: bootstrap of the arg-min
///     <master>/<id>/threshold/<level>        converged threshold: bootstrap of n* at noise level
///     <master>/<id>/overlay/<n>              theory overlay: the exact tier's sampled designs
///
/// Every grid point of an experiment uses the same streams (common random numbers, see
/// `ExperimentRunner`); the grid point does not enter any path.
public struct ExperimentStreams: Sendable, Hashable {
  public let master: UInt64
  public let experiment: String
  /// R ≥ 1 independent designs per grid point.
  public let designs: Int

  public init(master: UInt64, experiment: String, designs: Int = 1) {
    self.master = master
    self.experiment = experiment
    self.designs = designs
  }

  /// `<master>/<id>`.
  public var root: StreamSeed { StreamSeed(master: master).child(experiment) }

  /// The root of design r: the experiment's root when R = 1, `root/design/<r>` otherwise.
  public func design(_ r: Int) -> StreamSeed { designs == 1 ? root : root.child("design").child(r) }

  /// The data seed of design r (synthetic tasks derive their streams below it).
  public func task(design r: Int) -> StreamSeed { design(r).child("task") }

  /// Real data: the seed of the train/test split of design r.
  public func split(design r: Int) -> StreamSeed { task(design: r).child("split") }

  /// Real data: the seed of the members' noise of design r.
  public func realNoise(design r: Int) -> StreamSeed { task(design: r).child("noise") }

  /// The training seed of design r (initializations and minibatch orders of the members).
  public func training(design r: Int) -> StreamSeed { design(r).child("init") }

  /// The seed of a negative control's draws for design r (shared noise, redrawn inputs, random
  /// targets).
  public func control(design r: Int) -> StreamSeed { design(r).child("control") }

  /// Threshold claims: the arg-min bootstrap of `measure`.
  public func argminBootstrap(measure: String) -> StreamSeed { root.child("argmin").child(measure) }

  /// Converged threshold claims: the bootstrap of the half-crossing n* at noise level `level`
  /// (`ConvergedThreshold`).
  public func thresholdBootstrap(level: Int) -> StreamSeed { root.child("threshold").child(level) }

  /// The theory overlay at training-set size n.
  public func theoryOverlay(n: Int) -> StreamSeed { root.child("overlay").child(n) }

  /// Every stream path of the experiment by role, in `StreamSeed.description` form, with `<a>`,
  /// `<r>`, `<measure>` and `<n>` standing for member, design, measure and size.
  public var recordedPaths: [String: String] {
    let d = designs == 1 ? root.description : root.description + "/design/<r>"
    return [
      "task": d + "/task",
      "synthetic_data": d + "/task/{data,test,teacher,members/<a>/noise}",
      "real_split": d + "/task/split",
      "real_noise": d + "/task/noise/<a>/noise",
      "initialization": d + "/init/members/<a>/initialization (shared: " + d + "/init/shared/initialization)",
      "batches": d + "/init/members/<a>/batches",
      "negative_control": d + "/control",
      "argmin_bootstrap": root.description + "/argmin/<measure>",
      "threshold_bootstrap": root.description + "/threshold/<level>",
      "theory_overlay": root.description + "/overlay/<n>",
    ]
  }
}
