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
# Optional: the slow tier's report check (ReportHTMLBrowserTests) renders report.html in headless
# Chromium. It is large (~300 MB with its libraries), so it is installed only on request
# (REPALIGN_INSTALL_BROWSER=1); without it that test is skipped with a message.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "${REPALIGN_INSTALL_BROWSER:-0}" = 1 ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    echo "install-deps: apt-get install chromium (REPALIGN_INSTALL_BROWSER=1)" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
  elif [ "${REPALIGN_SLOW:-0}" = 1 ]; then
    echo "install-deps: no chromium; the slow tier's browser check of report.html will be skipped (REPALIGN_INSTALL_BROWSER=1 installs it)" >&2
  fi
fi
