#!/usr/bin/env python3
"""JAX reference for `repalign-bench` (issue 19 item 3).

The same workloads as `numpy_reference.py` and the Swift benchmark, in JAX on the CPU: float64
(`jax_enable_x64`), every training loop one `jax.jit`-compiled `lax.fori_loop`, members batched
with the same algorithm as RepAlign's batched trainer (the first layer of all members is one
product X·[W1_1 ... W1_M]^T, the first-layer gradients one product G_Z^T X). Compilation is
excluded: each workload runs once to compile and warm up, then is timed (best of `repeats`).

Algorithm-equal routes (README, "Benchmarks"): `*_linear` trains the linear network in its
hidden-layer form (the NumPy reference's algorithm, 4ndh flops per member-step), `*_linear_e2e`
through the end-to-end map B = W1^T w2 as RepAlign does (O(d(n + h)) per member-step);
`pairwise_linear_cka` takes the feature route (one product of the stacked m x Mp features),
`pairwise_linear_cka_gram` the Gram route (RepAlign's choice at these shapes: the rows of every
member's K_a = X_a X_a^T stacked, table += V V^T, block by block).

Prints one JSON object: seconds (and GFLOP/s where a flop model exists) per workload, the JAX
and jaxlib versions and the backend. Install: `pip install jax` (CPU wheels; README).
"""
import json
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", "")
import jax  # noqa: E402

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402


def best_of(fn, repeats=3):
    jax.block_until_ready(fn())  # compile + warm-up
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        jax.block_until_ready(fn())
        best = min(best, time.perf_counter() - t)
    return best


def dgemm_peak(n=1000):
    rng = np.random.default_rng(0)
    a = jnp.asarray(rng.standard_normal((n, n)))
    b = jnp.asarray(rng.standard_normal((n, n)))
    f = jax.jit(lambda a, b: a @ b)
    t = best_of(lambda: f(a, b), repeats=5)
    return {"seconds": t, "gflops": 2 * n**3 / t / 1e9}


def task(members, d, h, n, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    beta = rng.standard_normal(d)
    beta /= np.linalg.norm(beta)
    y = x @ beta + 0.5 * rng.standard_normal((members, n))  # (M, n)
    w1 = 1e-3 * rng.standard_normal((members, h, d))
    w2 = 1e-3 * rng.standard_normal((members, h))
    return jnp.asarray(x), jnp.asarray(y), jnp.asarray(w1), jnp.asarray(w2)


def train_ensemble(members, d, h, n, steps, activation, lr=0.05, route="hidden", repeats=1):
    x, y, w1, w2 = task(members, d, h, n)

    def step_hidden(_, state):
        a1, a2 = state
        z = jnp.einsum("nd,mhd->mnh", x, a1)  # one product X [W1_1 ... W1_M]^T
        hdn = jnp.maximum(z, 0) if activation == "relu" else z
        f = jnp.einsum("mnh,mh->mn", hdn, a2)
        r = (f - y) / n
        g2 = jnp.einsum("mnh,mn->mh", hdn, r)
        gh = r[:, :, None] * a2[:, None, :]
        if activation == "relu":
            gh = jnp.where(z > 0, gh, 0.0)
        g1 = jnp.einsum("mnh,nd->mhd", gh, x)  # one product G_Z^T X
        return a1 - lr * g1, a2 - lr * g2

    def step_e2e(_, state):
        a1, a2 = state
        b = jnp.einsum("mhd,mh->md", a1, a2)  # B = W1^T w2 per member
        f = b @ x.T  # (M, n): one product
        r = (f - y) / n
        v = r @ x  # (M, d) = (X^T r)^T: one product
        g2 = jnp.einsum("mhd,md->mh", a1, v)
        g1 = a2[:, :, None] * v[:, None, :]
        return a1 - lr * g1, a2 - lr * g2

    step = step_e2e if route == "e2e" else step_hidden
    run = jax.jit(lambda a1, a2: lax.fori_loop(0, steps, step, (a1, a2)))
    t = best_of(lambda: run(w1, w2), repeats=repeats)
    flops = members * steps * 4.0 * n * d * h
    return {"seconds": t, "gflops": flops / t / 1e9}


def pairwise_linear_cka(members=64, m=4096, width=256, seed=2):
    rng = np.random.default_rng(seed)
    reps = jnp.asarray(rng.standard_normal((members, m, width)))

    @jax.jit
    def run(reps):
        c = reps - reps.mean(axis=1, keepdims=True)
        stacked = c.transpose(1, 0, 2).reshape(m, members * width)
        g = stacked.T @ stacked
        blocks = g.reshape(members, width, members, width)
        hsic = jnp.einsum("apbq,apbq->ab", blocks, blocks)
        norms = jnp.sqrt(jnp.diag(hsic))
        return hsic / jnp.outer(norms, norms)

    t = best_of(lambda: run(reps), repeats=1)
    flops = 2.0 * m * (members * width) ** 2 / 2
    return {"seconds": t, "gflops": flops / t / 1e9}


def pairwise_linear_cka_gram(members=64, m=4096, width=256, seed=2, block=64):
    rng = np.random.default_rng(seed)
    reps = jnp.asarray(rng.standard_normal((members, m, width)))

    @jax.jit
    def centre(reps):
        return reps - reps.mean(axis=1, keepdims=True)

    @jax.jit
    def accumulate(table, c, rows):
        k = jnp.einsum("arp,asp->ars", rows, c)  # K_a[R, :] for every member
        v = k.reshape(members, -1)
        return table + v @ v.T

    def run():
        c = centre(reps)
        table = jnp.zeros((members, members))
        for s in range(0, m, block):
            table = accumulate(table, c, lax.dynamic_slice_in_dim(c, s, block, axis=1))
        norms = jnp.sqrt(jnp.diag(table))
        return table / jnp.outer(norms, norms)

    t = best_of(run, repeats=1)
    flops = 2.0 * m * (members * width) ** 2 / 2  # the same nominal model as the feature route
    return {"seconds": t, "gflops": flops / t / 1e9}


def main():
    quick = "--quick" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    scale = 10 if quick else 1
    workloads = {
        "dgemm_peak": lambda: dgemm_peak(),
        "small_linear": lambda: train_ensemble(32, 50, 50, 50, 2000 // scale, "identity", repeats=3),
        "small_linear_e2e": lambda: train_ensemble(32, 50, 50, 50, 2000 // scale, "identity", route="e2e", repeats=3),
        "small_relu": lambda: train_ensemble(32, 50, 50, 50, 2000 // scale, "relu", repeats=3),
        "large_linear": lambda: train_ensemble(16, 256, 256, 256, 500 // scale, "identity"),
        "large_linear_e2e": lambda: train_ensemble(16, 256, 256, 256, 500 // scale, "identity", route="e2e"),
        "large_relu": lambda: train_ensemble(16, 256, 256, 256, 500 // scale, "relu"),
        "pairwise_linear_cka": lambda: pairwise_linear_cka(),
        "pairwise_linear_cka_gram": lambda: pairwise_linear_cka_gram(),
    }
    out = {
        "jax": jax.__version__,
        "jaxlib": getattr(__import__("jaxlib"), "__version__", "?"),
        "backend": f"XLA {jax.default_backend()} ({jax.devices()[0].device_kind}), float64, jit; "
        "dot products by XLA's own CPU runtime (Eigen), no system BLAS",
    }
    for key, fn in workloads.items():
        if only is None or key == only or key == "dgemm_peak":
            out[key] = fn()
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
