#!/usr/bin/env bash
# Builds the release libraries and bench/msm_ntt_bench.c into build/bench-msm,
# then runs the MSM and NTT timings quoted in the MSM/NTT section of the docs.
#
#   bench/msm_ntt_bench.sh            this tree
#   bench/msm_ntt_bench.sh REV        this tree and git revision REV, one run
#                                     each in turn (the machine is shared, so
#                                     only a baseline measured alongside
#                                     means anything). REV's ec and poly
#                                     layers are built against this tree's
#                                     field code (src/ff), so only the MSM
#                                     and NTT code differs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build() {   # build SRC_ROOT BUILD_DIR BENCH_SOURCE OUT
    cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$2" -j 2 --target zkfl_ec zkfl_poly >&2
    gcc -O3 -march=native -std=c11 -I"$1/include" -I"$1/src" "$3" \
        "$2/libzkfl_poly.a" "$2/libzkfl_ec.a" "$2/libzkfl_ff.a" "$2/libzkfl_util.a" \
        -lcrypto -lpthread -lm -o "$4"
}

dir="$root/build/bench-msm"
build "$root" "$dir" "$root/bench/msm_ntt_bench.c" "$dir/msm_ntt_bench"
bins=("$dir/msm_ntt_bench")
if [ $# -ge 1 ]; then
    base="$root/build/bench-msm-base"
    rm -rf "$base/src"
    mkdir -p "$base/src"
    git -C "$root" archive "$1" | tar -x -C "$base/src"
    rm -rf "$base/src/src/ff" "$base/src/include/zkfl/ff.h"
    cp -r "$root/src/ff" "$base/src/src/ff"
    cp "$root/include/zkfl/ff.h" "$base/src/include/zkfl/ff.h"
    # the base may predate the GLV switch of the benchmark
    sed -e 's/zkfl_msm_use_endo = 0;/(void)0;/' -e 's/, zkfl_msm_use_endo/, -1/g' \
        "$root/bench/msm_ntt_bench.c" > "$base/msm_ntt_bench.c"
    if grep -q zkfl_msm_use_endo "$base/src/src/ec/msm_impl.h"; then
        cp "$root/bench/msm_ntt_bench.c" "$base/msm_ntt_bench.c"
    fi
    build "$base/src" "$base/build" "$base/msm_ntt_bench.c" "$base/msm_ntt_bench"
    bins+=("$base/msm_ntt_bench")
fi

labels=("this tree" "${1:-}")
run() {
    for i in "${!bins[@]}"; do
        if [ ${#bins[@]} -gt 1 ]; then printf '%-10s ' "${labels[$i]}:"; fi
        "${bins[$i]}" "$@"
    done
}
run_all() {
    for lg in 12 14 16 18 20; do run g1 $lg $lg 1; done
    for lg in 12 14 16 18 20; do run g1 $lg $lg 2; done
    run witness 20 2
    run g2 16 1
    run g2 16 2
    for lg in 16 18 20 22; do run ntt $lg $lg 1; done
    for lg in 16 18 20 22; do run ntt $lg $lg 2; done
}
run_all
