import Foundation
import RepAlignData
import RepAlignMeasures
import RepAlignNumerics
import RepAlignTraining

/// The benchmark's workloads, each through the project's own public entry points.
///
/// Flop model (shared with `Validation/benchmarks/numpy_reference.py`): a full-batch GD step of a
/// one-hidden-layer network (n samples, d inputs, h hidden units, one output) is credited with
/// 4·n·d·h flops per member — the forward product X W₁ᵀ (2ndh) and the backward product GᵀX
/// (2ndh); the O(nh) vector work is not counted. The linear network (φ = identity) is trained
/// through its end-to-end map β = W₁ᵀw₂ (`GradientWorkspace`), which needs only O(d(n + h))
/// flops per step: it is credited with the same nominal 4ndh so the two sides stay comparable,
/// and its executed count 2·(2nd + 2dh) + O(h) is reported beside it.
enum Workloads {
  /// C ← A·B for n × n matrices through `Matrix.gemm` (the project's BLAS path), GFLOP/s, with
  /// OpenBLAS at `threads` threads.
  static func dgemmPeak(size n: Int, threads: Int, repeats: Int = 5) -> Measurement {
    let saved = BLASBackend.threads
    BLASBackend.threads = threads
    defer { BLASBackend.threads = saved }
    let t = BLASBackend.dgemmSeconds(size: n, repeats: repeats)
    return Measurement(
      name: threads == 1 ? "dgemm_peak_1thread" : "dgemm_peak", detail: "C = A·B, n = \(n), \(threads) thread(s)",
      seconds: t, nominalFlops: 2 * pow(Double(n), 3))
  }

  /// The regression task of the NumPy reference: X (n × d) standard normal, y_a = Xβ + 0.5·ε_a
  /// with ‖β‖ = 1, one member per noise draw.
  static func dataset(members: Int, d: Int, n: Int) throws -> EnsembleDataset {
    let stream = RandomStream(master: 1, "bench", "task", "\(members)-\(d)-\(n)")
    let x = stream.normalMatrix(rows: n, columns: d)
    var beta = stream.normalMatrix(rows: d, columns: 1)
    beta.scale(by: 1 / beta.frobeniusNorm)
    let clean = Matrix.product(x, beta)
    let targets = (0..<members).map { _ in clean + stream.normalMatrix(rows: n, columns: 1, standardDeviation: 0.5) }
    let test = stream.normalMatrix(rows: 2, columns: d)
    return try EnsembleDataset(
      trainInputs: x, memberTargets: targets, cleanTrainTargets: clean, testInputs: test,
      testTargets: Matrix.product(test, beta), kind: .regression, snr: 4)
  }

  /// `NoiseEnsemble.train` on M members, d = h = n, full-batch GD at η = 0.05 (as NumPy), with
  /// the member schedule `batching` (`.automatic`: the library's default choice).
  static func training(
    name: String, members: Int, size: Int, steps: Int, activation: Activation, workers: Int = 2,
    batching: MemberBatching = .automatic, repeats: Int
  ) throws -> Measurement {
    let data = try dataset(members: members, d: size, n: size)
    let model = NetworkSpec(width: size, activation: activation, initScale: 1e-3 * Double(size).squareRoot())
    let spec = TrainingSpec(learningRate: 0.05, steps: steps)
    var failure: Error?
    let t = Stopwatch.best(of: repeats) {
      do {
        _ = try NoiseEnsemble.train(
          dataset: data, model: model, training: spec, seed: StreamSeed(master: 7), workers: workers,
          batching: batching)
      } catch { failure = error }
    }
    if let failure { throw failure }
    let (n, d, h) = (Double(size), Double(size), Double(size))
    let nominal = Double(members * steps) * 4 * n * d * h
    let executed = activation == .identity ? Double(members * steps) * (4 * n * d + 4 * d * h) : nil
    return Measurement(
      name: name,
      detail:
        "M = \(members), d = h = n = \(size), \(steps) GD steps, \(activation.rawValue), \(workers) worker(s), "
        + "members \(batching.rawValue)",
      seconds: t, nominalFlops: nominal, executedFlops: executed)
  }

  /// M standard-normal representations m × p (the NumPy reference's draw, not its bytes).
  static func representations(members: Int, samples m: Int, width p: Int, master: UInt64) -> [Matrix] {
    (0..<members).map { a in RandomStream(master: master, "bench", "reps", "\(a)").normalMatrix(rows: m, columns: p) }
  }

  /// `EnsembleAlignment.compute(…, measure: LinearCKA())` over M members. Nominal flops: one
  /// symmetric rank-m product of the stacked m × Mp features, m·(Mp)² (NumPy's model). Executed:
  /// `LinearHSICTable` takes the cheaper of that and the Gram-space route, m²·(Mp + M²).
  static func pairwiseCKA(members: Int, samples m: Int, width p: Int, repeats: Int) throws -> Measurement {
    let reps = representations(members: members, samples: m, width: p, master: 2)
    var failure: Error?
    let t = Stopwatch.best(of: repeats) {
      do { _ = try EnsembleAlignment.compute(reps, measure: LinearCKA()) } catch { failure = error }
    }
    if let failure { throw failure }
    let (mm, total, count) = (Double(m), Double(members * p), Double(members))
    let nominal = mm * total * total
    let gram = mm * mm * (total + count * count)
    return Measurement(
      name: "pairwise_linear_cka", detail: "M = \(members), m = \(m), width \(p), all pairs",
      seconds: t, nominalFlops: nominal, executedFlops: min(nominal, gram))
  }

  /// `EnsembleAlignment.compute(…, measure: InformationImbalance())`: both orders of every pair.
  static func pairwiseInformationImbalance(members: Int, samples m: Int, width p: Int, repeats: Int) throws
    -> Measurement
  {
    let reps = representations(members: members, samples: m, width: p, master: 3)
    var failure: Error?
    let t = Stopwatch.best(of: repeats) {
      do { _ = try EnsembleAlignment.compute(reps, measure: InformationImbalance()) } catch { failure = error }
    }
    if let failure { throw failure }
    return Measurement(
      name: "pairwise_information_imbalance", detail: "M = \(members), m = \(m), width \(p), ordered pairs",
      seconds: t)
  }
}
