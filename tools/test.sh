#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds the release and the
# sanitizer (ASan + UBSan, portable arithmetic) flavours, runs every CTest
# test in both. Set ZKFL_SLOW_TESTS=1 to add the long tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/deps.sh"
slow="-DZKFL_SLOW_TESTS=${ZKFL_SLOW_TESTS:-0}"
jobs="$(nproc)"
status=0

echo "== release build =="
rel="$("$root/tools/build.sh" release "$slow")"
(cd "$rel" && ctest --output-on-failure -j "$jobs") || status=1

echo "== sanitizer build (ASan + UBSan, portable arithmetic) =="
asan="$("$root/tools/build.sh" asan "$slow")"
# Tests labelled 'slow-asan' only repeat release-build coverage at sizes the
# sanitizers would make too slow; everything else runs under them.
(cd "$asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs" -LE slow-asan) || status=1

if [ "$status" -eq 0 ]; then echo "zkfl tests: all passed"; else echo "zkfl tests: FAILED"; fi
exit "$status"
