#!/usr/bin/env bash
# Installs what zkfl needs on Debian 12, only what is missing: build tools
# and libraries from apt, and the JavaScript reference implementations
# (snarkjs, ffjavascript, @noble/curves, circom2, circomlib, circomlibjs)
# from npm into tools/js/node_modules, never globally. Idempotent.
#   tools/deps.sh           what the build, the tests and `zkfl simulate` need
#   tools/deps.sh --bench   also the peers the benchmarks in bench/ compare
#                           against beyond npm (PyTorch CPU: python3-torch)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

pkgs=(build-essential cmake pkg-config clang libclang-rt-14-dev
      libssl-dev zlib1g-dev libjansson-dev libopenblas-dev
      dataset-fashion-mnist python3-sklearn)
[ "${1:-}" = "--bench" ] && pkgs+=(python3-torch)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from another packaging (NodeSource bundles npm, which then
# conflicts with Debian's npm package): ask for the commands, not packages.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm packages, pinned by tools/js/package-lock.json.
js="$here/js"
stamp="$js/node_modules/.zkfl-stamp"
if [ ! -f "$stamp" ] || [ "$js/package-lock.json" -nt "$stamp" ]; then
  echo "deps: installing JavaScript reference implementations into tools/js" >&2
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error >&2)
  touch "$stamp"
fi
