#!/usr/bin/env python3
"""Independent check of the threshold rule's false-pass rate (ThresholdMinimumNullTests).

NumPy/SciPy re-implementation of the rule's rise criterion on curves without an interior minimum:
K independent estimates N(mu_i, 1), s.e. 1, window admitting every point, alpha = 0.05. Prints,
per null and grid size, (earlier rule's rate, corrected rule's rate, earlier z, corrected z).
Session 7 output (20 000 curves, seed 1): flat K = 12: 0.223 / 0.0058; fall then flat K = 12:
0.202 / 0.0107; flat K = 20: 0.470 / 0.0053.

    python3 Scripts/threshold-null-sim.py
"""
import numpy as np
from scipy.stats import norm

rng = np.random.default_rng(1)


def rates(mu, R=20000, alpha=0.05):
    K = len(mu)
    W = list(range(1, K - 1))  # interior indices the window admits (all of them here)
    m = max(sum(W), sum(K - 1 - j for j in W))
    zn = norm.isf(alpha / m)  # corrected: alpha over the (arg-min, point) pairs of one side
    zo = norm.isf(alpha / 2)  # earlier: alpha split over the 2 sides only
    a = mu + rng.standard_normal((R, K))
    j = a.argmin(1)
    old = new = 0
    for r in range(R):
        jj = j[r]
        if jj == 0 or jj == K - 1:
            continue
        left = (a[r, :jj] - a[r, jj]).max() / np.sqrt(2)
        right = (a[r, jj + 1:] - a[r, jj]).max() / np.sqrt(2)
        s = min(left, right)
        old += s > zo
        new += s > zn
    return old / R, new / R, zo, zn


for K in [5, 8, 12, 20]:
    print("flat", K, rates(np.zeros(K)))
    mu = np.concatenate([np.linspace(20, 0, K // 2, endpoint=False), np.zeros(K - K // 2)])
    print("fall then flat", K, rates(mu))
