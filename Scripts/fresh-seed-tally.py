#!/usr/bin/env python3
"""Fresh-seed robustness at scale: run `repalign reproduce --fresh-seeds` RUNS times on a folder of
specs and tally, per check (experiment × measure × slice) and per failing comparison, how many runs
failed it. Documented exceptions are counted too (an excused comparison that failed is a trigger of
its exception), so the table gives each exception's measured trigger rate.

    Scripts/fresh-seed-tally.py --specs DIR --runs 50 --out OUT [--repalign PATH]

Writes OUT/run-<i>/ (each run's report folder; claims.json is what is read), and OUT/tally.md and
OUT/tally.csv. Resumable: runs whose claims.json exists are read, not rerun. Progress on stderr.
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--specs", required=True, help="folder of spec files (every spec in it runs)")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repalign", default=".build/release/repalign")
    a = ap.parse_args()
    if a.runs < 1:
        sys.exit("fresh-seed-tally: --runs must be ≥ 1 (got %d)" % a.runs)
    if not os.path.isfile(a.repalign):
        sys.exit("fresh-seed-tally: --repalign %s: no such binary (build with `swift build -c release --product repalign`)" % a.repalign)
    os.makedirs(a.out, exist_ok=True)
    checks = collections.Counter()  # key -> runs seen
    failed = collections.Counter()  # key -> runs whose raw verdict failed
    comparisons = collections.Counter()  # (key, comparison) -> runs it failed in
    intermittent = collections.Counter()  # (key, comparison) -> runs a fresh-only exception triggered
    for i in range(a.runs):
        run = os.path.join(a.out, "run-%03d" % i)
        claims = os.path.join(run, "claims.json")
        if not os.path.isfile(claims):
            t = time.time()
            # Exit 1 is a failing check (what is tallied); 2 or a crash is not.
            p = subprocess.run(
                [a.repalign, "reproduce", "--tier", "full", "--specs", a.specs, "--out", run, "--quiet", "--fresh-seeds"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode not in (0, 1) or not os.path.isfile(claims):
                sys.exit("fresh-seed-tally: run %d: repalign exited %d: %s" % (i, p.returncode, p.stderr.strip()[-400:]))
            print("fresh-seed-tally: run %d/%d in %.0f s" % (i + 1, a.runs, time.time() - t), file=sys.stderr)
        for row in json.load(open(claims)):
            key = (row["experiment"], row["measure"], row["slice"].split(", n*=")[0])
            checks[key] += 1
            # failed_comparisons lists every comparison that failed, excused or not; the excused and
            # intermittent lists name the same comparisons with their exception's coordinates.
            bad = row["failed_comparisons"]
            if bad or not row["passed"]:
                failed[key] += 1
            for c in set(bad):
                comparisons[(key, c)] += 1
                if any(label.endswith(c) for label in row["intermittent_failures"]):
                    intermittent[(key, c)] += 1
    rows = sorted(checks)
    with open(os.path.join(a.out, "tally.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["experiment", "measure", "slice", "runs", "failed_runs", "comparison", "comparison_failed_runs"])
        for k in rows:
            cs = sorted(c for (kk, c) in comparisons if kk == k)
            if not cs:
                w.writerow([*k, checks[k], failed[k], "", ""])
            for c in cs:
                w.writerow([*k, checks[k], failed[k], c, comparisons[(k, c)]])
    with open(os.path.join(a.out, "tally.md"), "w") as f:
        f.write("| experiment | measure | slice | runs | failed | failing comparisons (runs; † = a declared fresh-only exception) |\n|---|---|---|---|---|---|\n")
        for k in rows:
            cs = ", ".join("%s (%d%s)" % (c, comparisons[(kk, c)], "†" if intermittent[(kk, c)] else "") for (kk, c) in sorted(comparisons) if kk == k)
            f.write("| %s | %s | %s | %d | %d | %s |\n" % (*k, checks[k], failed[k], cs))
    total = sum(failed.values())
    print("fresh-seed-tally: %d checks × %d runs, %d check-runs failed; %s" % (len(rows), a.runs, total, os.path.join(a.out, "tally.md")), file=sys.stderr)


if __name__ == "__main__":
    main()
