#!/usr/bin/env bash
# The main job: installs what is missing, builds zkfl, and runs it. With no
# arguments it runs `zkfl simulate` (a default federated-learning run);
# any arguments are passed to zkfl instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/deps.sh"
rel="$("$root/tools/build.sh" release)"
if [ $# -eq 0 ]; then set -- simulate; fi
exec "$rel/zkfl" "$@"
