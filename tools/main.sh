#!/usr/bin/env bash
# The main job: installs what is missing, builds zkfl, and runs it. With no
# arguments it runs `zkfl simulate`: the default federation with every part
# of zkfl on (record-level DP, 16-bit updates, a compliance proof of every
# update, batch-verified per round; the first run sets the proof keys up once
# and caches them in ~/.cache/zkfl). Any arguments are passed to zkfl instead
# (`tools/main.sh simulate --no-proofs --no-dp`, `tools/main.sh bench curve`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/deps.sh"
rel="$("$root/tools/build.sh" release)"
if [ $# -eq 0 ]; then set -- simulate; fi
exec "$rel/zkfl" "$@"
