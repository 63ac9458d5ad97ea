# Sourced by the compliance CLI tests (`source compliance_testlib.sh ZKFL`):
# a scratch directory as the working directory, pass/fail counters and the
# helpers they share.
zkfl="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
pass=0; fail=0
expect() {  # expect STATUS DESCRIPTION -- command...
  local want="$1" what="$2"; shift 3
  "$@" >out.txt 2>err.txt; local got=$?
  if [ "$got" -eq "$want" ]; then pass=$((pass+1)); else
    fail=$((fail+1)); echo "FAIL: $what: exit $got, expected $want"; cat err.txt; fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  if grep -q -- "$2" "$1"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: '$2' not in $1"; cat "$1"; fi
}
# update.bin: "ZKUP", u32 version 1, u32 d, d x int32 LE.
write_update() {  # write_update FILE v1 v2 ...
  python3 -c 'import struct,sys
v=[int(x) for x in sys.argv[2:]]
open(sys.argv[1],"wb").write(b"ZKUP"+struct.pack("<II",1,len(v))+struct.pack("<%di"%len(v),*v))' "$@"
}
