#!/usr/bin/env bash
# Runs `swift test -c release` (extra arguments are passed through), keeps the log, and fails
# unless the run reports at least one executed test and passes. Release, because the numerical
# loops are 10–100× slower unoptimized and the manifest carries no unsafeFlags (a package that
# depends on RepAlign could not use it otherwise); `swift test` keeps testable imports enabled.
# `swift test --filter X` exits 0 when nothing matches, so the count is checked explicitly.
set -uo pipefail
# Swift Testing runs tests concurrently, so the parallelism is across tests: OpenBLAS's own thread
# pool would oversubscribe the cores and mix threaded calls with the single-threaded ones that
# noise ensembles pin, from many threads at once. One BLAS thread per caller is also faster here
# (whole default tier: 83.5 s against 89–95 s with 2 BLAS threads, 2 cores). Override by setting it.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# The BLAS kernel rule of `repalign` (Sources/_RepAlignShims/include/RepAlignKernelRule.h): when
# OpenBLAS falls back to a generic core on a CPU with AVX2/AVX-512 and OPENBLAS_CORETYPE is unset,
# the test process runs the selected kernel too; BLASKernelTests checks it against a naive oracle.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ "${REPALIGN_BLAS_AUTOSELECT:-1}" != 0 ] && command -v cc >/dev/null 2>&1; then
  probe_dir=$(mktemp -d)
  if cc -O1 -o "$probe_dir/blas-kernel" Scripts/blas-kernel.c -lopenblas 2>/dev/null; then
    read -r selected detected < <("$probe_dir/blas-kernel") || true
    if [ -n "${selected:-}" ]; then
      export OPENBLAS_CORETYPE="$selected" REPALIGN_BLAS_KERNEL="selected:$selected:$detected"
      echo "run-tests: OpenBLAS detected the generic $detected kernel; OPENBLAS_CORETYPE=$selected" >&2
    fi
  fi
  rm -rf "$probe_dir"
fi
log="${REPALIGN_TEST_LOG:-.build/test.log}"
mkdir -p "$(dirname "$log")"
swift test -c release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -1)
count=$(sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/' <<<"$summary")
if [ "$status" -ne 0 ]; then
  # Repeat the failures last, so that the tail of a CI log names them.
  echo "run-tests: failures (from $log):" >&2
  grep -E "✘|recorded an issue|Expectation failed" "$log" | grep -v "known issue" | head -40 >&2
  echo "run-tests: swift test failed (exit $status)" >&2
  exit "$status"
fi
if [ -z "$count" ] || [ "$count" -eq 0 ]; then
  echo "run-tests: no tests were executed" >&2
  exit 1
fi
if ! grep -q "passed" <<<"$summary"; then echo "run-tests: $summary" >&2; exit 1; fi
echo "run-tests: $count tests passed"
