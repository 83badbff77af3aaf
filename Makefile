# RepAlign: two commands reproduce everything.
#   make reproduce   build the tool (release), run the fast-tier claim experiments, write out/
#   make test        run the claim-verification test suite (default tier)
#   make bench       throughput benchmark against NumPy and the DGEMM peak (out/bench/benchmark.json)
# Both install missing system packages first (Scripts/install-deps.sh; apt-get, sudo if not root).
# Heavier verification: REPALIGN_SLOW=1 make test. Fresh random seeds: REPALIGN_FRESH_SEEDS=1.

OUT ?= out
.PHONY: deps build test test-slow reproduce bench clean

deps:
	@bash Scripts/install-deps.sh

build: deps
	swift build -c release --product repalign

test: deps
	bash Scripts/run-tests.sh

test-slow: deps
	REPALIGN_SLOW=1 bash Scripts/run-tests.sh

reproduce: build
	.build/release/repalign reproduce --tier fast --out $(OUT)

# Release build of the benchmark only (never part of `make test`); NumPy side runs when present.
bench: deps
	REPALIGN_BENCH=1 swift build -c release --product repalign-bench
	.build/release/repalign-bench --out $(OUT)/bench $(BENCH_FLAGS)

clean:
	rm -rf .build $(OUT)
