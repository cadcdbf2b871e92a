#!/usr/bin/env bash
# Whether two Soteria binaries build byte-identical sites: the sample site and a generated corpus.
#
#   bench/same-output.sh OLD_BINARY NEW_BINARY [PAGES]     PAGES: corpus size, default 10000
#
# For refactorings that must not change the output (issue 20): build the old binary from the
# commit before (e.g. in a `git worktree`), then compare. Builds into /dev/shm when it is a tmpfs
# (else $TMPDIR), runs `diff -r` and prints the differing files; exit 0 when both are identical.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bench/same-output.sh OLD_BINARY NEW_BINARY [PAGES]" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2") pages=${3:-10000}
repo=$(cd "$(dirname "$0")/.." && pwd)
base=/dev/shm
[[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs && -w /dev/shm ]] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/soteria-same.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$repo/bench/generate.py" --pages "$pages" --translated 0.5 --seed 1 --for soteria \
  --out "$work/corpus" >/dev/null
status=0
for site in sample corpus; do
  root=$repo
  [ "$site" = corpus ] && root=$work/corpus
  for which in old new; do
    bin=$old
    [ "$which" = new ] && bin=$new
    "$bin" build --quiet --root "$root" --output "$work/$site-$which" 2>/dev/null
  done
  if diff -r -q "$work/$site-old" "$work/$site-new" >"$work/diff.txt"; then
    echo "$site: identical"
  else
    echo "$site: $(wc -l <"$work/diff.txt") differences"; head -20 "$work/diff.txt"; status=1
  fi
done
exit $status
