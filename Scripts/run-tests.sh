#!/usr/bin/env bash
# Runs `swift test` (extra arguments are passed through), keeps the log, and fails unless the run
# reports at least one executed test and passes. `swift test --filter X` exits 0 when nothing
# matches, so the count is checked explicitly.
set -uo pipefail
log="${REPALIGN_TEST_LOG:-.build/test.log}"
mkdir -p "$(dirname "$log")"
swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E "Test run with [0-9]+ tests?" "$log" | tail -1)
count=$(sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/' <<<"$summary")
if [ "$status" -ne 0 ]; then echo "run-tests: swift test failed (exit $status)" >&2; exit "$status"; fi
if [ -z "$count" ] || [ "$count" -eq 0 ]; then
  echo "run-tests: no tests were executed" >&2
  exit 1
fi
if ! grep -q "passed" <<<"$summary"; then echo "run-tests: $summary" >&2; exit 1; fi
echo "run-tests: $count tests passed"
