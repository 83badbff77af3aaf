#!/usr/bin/env python3
"""NumPy reference for `repalign benchmark` (issue: benchmarks).

Runs the same workloads as the Swift benchmark, float64, written as fast as NumPy allows (members
batched into stacked matmuls), and prints one JSON object with seconds and GFLOP/s per workload.
The Swift benchmark calls this script when python3 with NumPy is present and reports the speed
ratios measured side by side in the same run.

Run it with OPENBLAS_CORETYPE=Haswell on AVX-512 machines (`repalign-bench` does): NumPy's
bundled OpenBLAS segfaults there in the pairwise-CKA product with its auto-detected or the
SkylakeX kernel (issue 19). Algorithm-equal routes: `*_linear_e2e` trains the linear network
through its end-to-end map as RepAlign does, `pairwise_linear_cka_gram` takes the Gram route.

Flop counts (per GD step of a one-hidden-layer network f = W2^T phi(W1 x), n samples, d inputs,
h hidden units, scalar output): forward X W1^T (2ndh), backward dW1 = G^T X (2ndh) where
G = (r w2^T) * phi'(Z); the h-vectors are O(nh). Total ~ 4ndh per step per member; the same count
is used on both sides.
"""
import json
import sys
import time

import numpy as np


def best_of(fn, repeats=3):
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def dgemm_peak(n=1000):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    t = best_of(lambda: a @ b)
    return {"seconds": t, "gflops": 2 * n**3 / t / 1e9}


def blas_info():
    """NumPy's own BLAS: library, version, threading and the kernel (core) it runs."""
    try:
        import threadpoolctl

        infos = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
        if infos:
            i = infos[0]
            return (
                f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')} kernel, "
                f"{i.get('num_threads')} threads, {i.get('filepath', '').split('/')[-1]})"
            )
    except Exception as e:  # noqa: BLE001 - the record only
        return f"unknown (threadpoolctl: {e})"
    return "unknown (threadpoolctl found no BLAS)"


def train_ensemble_e2e(members, d, h, n, steps, lr=0.05, seed=1):
    """The linear network through its end-to-end map B = W1^T w2 (RepAlign's route)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    beta = rng.standard_normal(d)
    beta /= np.linalg.norm(beta)
    y = x @ beta + 0.5 * rng.standard_normal((members, n))
    w1 = 1e-3 * rng.standard_normal((members, h, d))
    w2 = 1e-3 * rng.standard_normal((members, h))

    def run():
        a1, a2 = w1.copy(), w2.copy()
        for _ in range(steps):
            b = np.einsum("mhd,mh->md", a1, a2)
            r = (b @ x.T - y) / n  # (M, n)
            v = r @ x  # (M, d)
            g2 = np.einsum("mhd,md->mh", a1, v)
            a1 -= lr * (a2[:, :, None] * v[:, None, :])
            a2 -= lr * g2
        return a1, a2

    t = best_of(run, repeats=1)
    flops = members * steps * 4.0 * n * d * h
    return {"seconds": t, "gflops": flops / t / 1e9}


def train_ensemble(members, d, h, n, steps, activation, lr=0.05, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    beta = rng.standard_normal(d)
    beta /= np.linalg.norm(beta)
    y = x @ beta + 0.5 * rng.standard_normal((members, n))  # (M, n)
    w1 = 1e-3 * rng.standard_normal((members, h, d))
    w2 = 1e-3 * rng.standard_normal((members, h))

    def run():
        nonlocal w1, w2
        a1, a2 = w1.copy(), w2.copy()
        for _ in range(steps):
            z = np.matmul(x[None, :, :], a1.transpose(0, 2, 1))  # (M, n, h)
            if activation == "relu":
                hdn = np.maximum(z, 0)
            else:
                hdn = z
            f = np.einsum("mnh,mh->mn", hdn, a2)
            r = (f - y) / n  # (M, n)
            g2 = np.einsum("mnh,mn->mh", hdn, r)
            gh = r[:, :, None] * a2[:, None, :]
            if activation == "relu":
                gh = gh * (z > 0)
            g1 = np.matmul(gh.transpose(0, 2, 1), x[None, :, :])  # (M, h, d)
            a1 -= lr * g1
            a2 -= lr * g2
        return a1, a2

    t = best_of(run, repeats=1)
    flops = members * steps * 4.0 * n * d * h
    return {"seconds": t, "gflops": flops / t / 1e9}


def pairwise_linear_cka(members=64, m=4096, width=256, seed=2):
    rng = np.random.default_rng(seed)
    reps = rng.standard_normal((members, m, width))

    def run():
        c = reps - reps.mean(axis=1, keepdims=True)
        stacked = c.transpose(1, 0, 2).reshape(m, members * width)
        g = stacked.T @ stacked  # one symmetric rank-m product: (M p) x (M p)
        blocks = g.reshape(members, width, members, width)
        hsic = np.einsum("apbq,apbq->ab", blocks, blocks)
        norms = np.sqrt(np.diag(hsic))
        return hsic / np.outer(norms, norms)

    t = best_of(run, repeats=1)
    flops = 2.0 * m * (members * width) ** 2 / 2  # syrk-equivalent
    return {"seconds": t, "gflops": flops / t / 1e9}


def pairwise_linear_cka_gram(members=64, m=4096, width=256, seed=2, block=64):
    """The Gram route (RepAlign's choice at these shapes): rows of every K_a, table += V V^T."""
    rng = np.random.default_rng(seed)
    reps = rng.standard_normal((members, m, width))

    def run():
        c = reps - reps.mean(axis=1, keepdims=True)
        table = np.zeros((members, members))
        for s in range(0, m, block):
            k = np.matmul(c[:, s : s + block, :], c.transpose(0, 2, 1))  # (M, block, m)
            v = k.reshape(members, -1)
            table += v @ v.T
        norms = np.sqrt(np.diag(table))
        return table / np.outer(norms, norms)

    t = best_of(run, repeats=1)
    flops = 2.0 * m * (members * width) ** 2 / 2
    return {"seconds": t, "gflops": flops / t / 1e9}


def information_imbalance(members=64, m=2000, width=256, seed=3):
    rng = np.random.default_rng(seed)
    reps = rng.standard_normal((members, m, width))

    def ranks_and_nn(a):
        sq = (a * a).sum(1)
        dist = sq[:, None] + sq[None, :] - 2 * a @ a.T
        np.fill_diagonal(dist, np.inf)
        order = np.argsort(dist, axis=1)
        rank = np.empty_like(order)
        rows = np.arange(m)[:, None]
        rank[rows, order] = np.arange(1, m + 1)[None, :]
        return order[:, 0], rank

    def run():
        prepared = [ranks_and_nn(r) for r in reps]
        out = np.zeros((members, members))
        for i in range(members):
            nn = prepared[i][0]
            for j in range(members):
                out[i, j] = 2.0 / m**2 * prepared[j][1][np.arange(m), nn].sum()
        return out

    t = best_of(run, repeats=1)
    return {"seconds": t}


def main():
    quick = "--quick" in sys.argv
    scale = 10 if quick else 1
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    workloads = {
        "dgemm_peak": lambda: dgemm_peak(),
        "small_linear": lambda: train_ensemble(32, 50, 50, 50, 2000 // scale, "identity"),
        "small_linear_e2e": lambda: train_ensemble_e2e(32, 50, 50, 50, 2000 // scale),
        "small_relu": lambda: train_ensemble(32, 50, 50, 50, 2000 // scale, "relu"),
        "large_linear": lambda: train_ensemble(16, 256, 256, 256, 500 // scale, "identity"),
        "large_linear_e2e": lambda: train_ensemble_e2e(16, 256, 256, 256, 500 // scale),
        "large_relu": lambda: train_ensemble(16, 256, 256, 256, 500 // scale, "relu"),
        "pairwise_linear_cka": lambda: pairwise_linear_cka(),
        "pairwise_linear_cka_gram": lambda: pairwise_linear_cka_gram(),
        "pairwise_information_imbalance": lambda: information_imbalance(members=16 if quick else 64),
    }
    out = {"numpy": np.__version__, "blas": blas_info()}
    for key, fn in workloads.items():
        if only is None or key == only or key == "dgemm_peak":
            out[key] = fn()
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
