#!/usr/bin/env python3
"""Writes the claim x control table (controls.md) from a `repalign reproduce --controls` run's claims.json.

Usage: python3 Scripts/controls-table.py OUT/claims.json > Validation/report/controls.md

Each cell is the verdict and the deciding margin in standard errors of one check of a fast-tier spec
run under one negative control (negative = the check fails = the control broke it; -inf = a
criterion without a margin failed). A control that did not run for a spec is "not applicable".
Standard library only, so it runs wherever python3 does.
"""
import json
import sys

CLAIMS = {
    "snr_monotone": "Claim 1 (SNR)",
    "threshold_minimum": "Claim 2 (threshold)",
    "decoupling": "Claim 3 (decoupling)",
    "theory_agreement": "Claim 4 (theory)",
}
CONTROLS = ["shared_noise", "train_inputs", "no_signal"]


def cell(row):
    margin = row.get("deciding_margin", row.get("margin"))
    margin = float(margin) if margin is not None else float("-inf")  # JSON spells -inf as a string
    shown = "-inf" if margin == float("-inf") else f"{round(margin, 2):g}"
    return f"broken ({shown})" if not row["passed"] else f"**not broken** ({shown})"


def main(path):
    rows = json.load(open(path))
    controls = [r for r in rows if r.get("control")]
    table = {}
    for r in controls:
        base = r["experiment"].rsplit("--", 1)[0]
        # A threshold slice's label carries the control run's own measured n*: keep the noise level.
        key = (CLAIMS.get(r["claim"], r["claim"]), base, r["measure"], r["slice"].split(", n*=")[0])
        table.setdefault(key, {})[r["control"]] = cell(r)
    print("# Negative controls: which control breaks which claim\n")
    print(
        "Every fast-tier spec run under each negative control (`NegativeControl`, spec field `control`) "
        "at the spec's own seed: `repalign reproduce --tier fast --controls` (this folder's `report.md`, "
        "section Controls), tabulated from its `claims.json` by `Scripts/controls-table.py`. Slices are named "
        "by their noise level (a control's measured n* differs from the spec's). Each cell: the "
        "verdict and the deciding margin in standard errors (negative = the check fails = the control broke "
        "it; `-inf` = a criterion without a margin failed, e.g. the minimum left the window, or no pair "
        "exists). A control that cannot apply is not run (`NegativeControl.inapplicability`; the run's "
        "report names the reason). `ControlTests` asserts the theory-backed cases in every `swift test`.\n"
    )
    print("| claim | experiment | measure | slice | " + " | ".join(CONTROLS) + " |")
    print("| --- | --- | --- | --- | " + " | ".join("---" for _ in CONTROLS) + " |")
    for key in sorted(table):
        cells = [table[key].get(c, "not applicable") for c in CONTROLS]
        print("| " + " | ".join(key) + " | " + " | ".join(cells) + " |")
    broken = sum(1 for r in controls if not r["passed"])
    print(f"\n{len(controls)} control checks, {broken} broken, {len(controls) - broken} not broken.")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: controls-table.py CLAIMS_JSON")
    main(sys.argv[1])
