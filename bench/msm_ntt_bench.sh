#!/usr/bin/env bash
# Builds the release libraries and bench/msm_ntt_bench.c into build/bench-msm,
# then runs the MSM and NTT timings quoted in the MSM/NTT section of the docs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/build/bench-msm"
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$dir" -j 2 --target zkfl_ec zkfl_poly >&2
gcc -O3 -march=native -std=c11 -I"$root/include" -I"$root/src" "$root/bench/msm_ntt_bench.c" \
    "$dir/libzkfl_poly.a" "$dir/libzkfl_ec.a" "$dir/libzkfl_ff.a" "$dir/libzkfl_util.a" \
    -lcrypto -lpthread -lm -o "$dir/msm_ntt_bench"
b="$dir/msm_ntt_bench"
"$b" g1 12 20 1
"$b" g1 12 20 2
"$b" witness 20 2
"$b" g2 16 1
"$b" g2 16 2
"$b" ntt 16 22 1
"$b" ntt 16 22 2
