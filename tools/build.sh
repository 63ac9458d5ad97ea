#!/usr/bin/env bash
# Configures and builds one flavour of zkfl: tools/build.sh [release|asan|fuzz]
# into build/<flavour>. Prints the build directory on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
flavour="${1:-release}"
dir="$root/build/$flavour"
case "$flavour" in
  release) opts=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    opts=(-DCMAKE_BUILD_TYPE=Debug -DZKFL_SANITIZE=ON -DZKFL_PORTABLE=ON) ;;
  fuzz)    opts=(-DCMAKE_BUILD_TYPE=Debug -DZKFL_FUZZ=ON -DCMAKE_C_COMPILER=clang) ;;
  *) echo "usage: tools/build.sh [release|asan|fuzz]" >&2; exit 2 ;;
esac
shift || true
cmake -S "$root" -B "$dir" "${opts[@]}" "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" >&2
echo "$dir"
