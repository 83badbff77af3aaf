#!/usr/bin/env bash
# Installs RepAlign's system dependencies on Debian/Ubuntu when they are missing:
# GSL (libgsl-dev) and OpenBLAS (libopenblas-dev). Uses sudo when not run as root, and says so.
# A Swift 6 toolchain must already be on PATH (swift.org's, or /opt/swift).
set -euo pipefail
packages=(libgsl-dev libopenblas-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else
    sudo=(sudo)
    echo "install-deps: not root, using sudo to install: ${missing[*]}" >&2
  fi
  echo "install-deps: apt-get install ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: no 'swift' on PATH; install a Swift 6 toolchain (https://swift.org/install)" >&2
  exit 1
fi
