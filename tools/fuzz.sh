#!/usr/bin/env bash
# tools/fuzz.sh TARGET [libFuzzer options...]: build the libFuzzer flavour and
# fuzz one decoder. Without a target, lists them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -eq 0 ]; then
  echo "usage: tools/fuzz.sh TARGET [libFuzzer options]"; echo "targets:"
  for f in "$root"/fuzz/fuzz_*.c; do echo "  $(basename "${f%.c}")"; done
  exit 2
fi
target="$1"; shift
[ -f "$root/fuzz/$target.c" ] || { echo "tools/fuzz.sh: no target fuzz/$target.c" >&2; exit 2; }
dir="$root/build/fuzz"
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DZKFL_FUZZ=ON -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$dir" -j "$(nproc)" --target "$target" >&2
work="$root/fuzz/corpus-$target"
mkdir -p "$work"
[ -d "$root/fuzz/corpus/$target" ] && cp -n "$root/fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
exec "$dir/fuzz/$target" "$work" "$@"
