#!/usr/bin/env bash
# Build speed of Soteria against Zola and Hugo on the same generated corpus (issue 7).
#
#   bench/run.sh [PAGES] [RUNS]        defaults: 10000 pages, 5 runs per tool
#
# Generates the corpus with bench/generate.py (PAGES pages, half of them also in Swedish, seed 1)
# into $BENCH_DIR (default ${TMPDIR:-/tmp}/soteria-bench), or reuses it when it was made with the
# same parameters, generator and Zola version (its theme is refreshed from themes/default).
# The built sites go to two places in one run, each tool timed in both: a folder on a disk,
# $BENCH_DISK (default $BENCH_DIR/out; CI runners and editors' laptops write to a disk), and a
# tmpfs, $BENCH_TMPFS (default /dev/shm/soteria-bench-out, when /dev/shm is a writable tmpfs),
# where the write-back of tens of thousands of small files does not swing a build by seconds.
# BENCH_OUT=DIR times only that place. The file system of each place is printed: check that the
# disk one is not a tmpfs (`stat -f -c %T DIR`). Builds target/release/soteria if it is missing,
# and times a copy of it (SOTERIA=/path/to/binary times another one; it is never rebuilt when
# present, so rebuild it yourself after changing src/). Each tool found on PATH gets one untimed
# warm-up build per place, then RUNS timed builds, alternating places and tools (disk: soteria,
# zola, hugo, …, tmpfs: soteria, …) so that machine noise hits all alike, each into a fresh output
# folder; the row `soteria-over` times Soteria building over its previous output instead (what
# editors and CI do, where removing the old output shows). On the disk, earlier outputs are moved
# aside, not deleted, until the end, and a timed run starts at least a minute after the last
# deletion (see `clean`; BENCH_SETTLE=0 does not wait). Wall time is taken around the process,
# CPU time (user + system), system time and peak RSS from `/usr/bin/time -v`. Prints the places'
# tables side by side (medians, CPU, system time, peak RSS), the ratios between every two tools,
# the files each tool wrote (for Soteria, how many under search/), and Soteria's --timings phase
# table from one extra run.
#
# SOTERIA_BASE=/path/to/binary adds another build of Soteria (say, main before a change) as the
# tools `base` and `base-over`, timed in the same alternation: a change's effect measured in one
# run.
#
# Zola is used only when a `zola` binary is on PATH (it is built outside this repository), as two
# tools: `zola` as the corpus configures it (no search index) and `zola-search` with Zola's own
# search index built too, the same work as Soteria's builds, which always make one;
# Hugo is Debian's `hugo` package (`apt-get install hugo`).
set -euo pipefail
export LC_ALL=C

PAGES=${1:-10000}
RUNS=${2:-5}
SEED=1
TRANSLATED=0.5
if ! [[ $PAGES =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/run.sh [PAGES] [RUNS]   (positive integers; defaults 10000 and 5)" >&2
  exit 2
fi

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/soteria-bench}
SOTERIA=${SOTERIA:-$REPO/target/release/soteria}
mkdir -p "$BENCH_DIR"
# PLACES: the names of the places the builds go to; PLACE_DIR: their folders.
declare -A PLACE_DIR
if [[ -n ${BENCH_OUT:-} ]]; then
  PLACES=(BENCH_OUT)
  PLACE_DIR[BENCH_OUT]=$BENCH_OUT
else
  PLACES=(disk)
  PLACE_DIR[disk]=${BENCH_DISK:-$BENCH_DIR/out}
  tmpfs=${BENCH_TMPFS:-/dev/shm/soteria-bench-out}
  if [[ $(stat -f -c %T "$(dirname "$tmpfs")" 2>/dev/null) == tmpfs && -w $(dirname "$tmpfs") ]]; then
    PLACES+=(tmpfs)
    PLACE_DIR[tmpfs]=$tmpfs
  fi
fi
for place in "${PLACES[@]}"; do mkdir -p "${PLACE_DIR[$place]}"; done

# --- tools -----------------------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
  echo "/usr/bin/time is missing: installing Debian's time package" >&2
  apt-get install -y time >/dev/null
fi
if [[ ! -x $SOTERIA ]]; then
  echo "$SOTERIA is missing: cargo build --release" >&2
  (cd "$REPO" && cargo build --release)
fi
# Time a copy, so that a `cargo build` elsewhere during the benchmark cannot swap the binary
# between runs.
cp -p "$SOTERIA" "$BENCH_DIR/soteria"
SOTERIA_SRC=$SOTERIA
SOTERIA=$BENCH_DIR/soteria

TOOLS=(soteria soteria-over)
NOTES=()
if [[ -n ${SOTERIA_BASE:-} ]]; then
  cp -p "$SOTERIA_BASE" "$BENCH_DIR/soteria-base"
  TOOLS+=(base base-over)
fi
ZOLA_VERSION=0.22
if command -v zola >/dev/null 2>&1; then
  # `zola-search` is Zola building its own search index as well (`build_search_index = true`
  # for both languages), the work Soteria's builds always include: the row to compare with when
  # both sites have search. `zola` builds none, as the corpus's config says.
  TOOLS+=(zola zola-search)
  ZOLA_VERSION=$(zola --version | grep -oE '[0-9]+\.[0-9]+' | head -n1)
else
  NOTES+=("zola: not on PATH — skipped (build Zola outside this repository and put it on PATH)")
fi
if command -v hugo >/dev/null 2>&1; then
  TOOLS+=(hugo)
else
  NOTES+=("hugo: not on PATH — skipped (apt-get install hugo)")
fi

# --- corpus ----------------------------------------------------------------------------------
CORPUS=$BENCH_DIR/corpus-$PAGES
stamp=$( {
  echo "pages=$PAGES translated=$TRANSLATED seed=$SEED zola=$ZOLA_VERSION"
  sha256sum "$REPO/bench/generate.py" | cut -d' ' -f1
} | sha256sum | cut -d' ' -f1)
if [[ -f $CORPUS/.bench-stamp && $(cat "$CORPUS/.bench-stamp") == "$stamp" ]]; then
  corpus_note="reused"
  # The theme is the repository's current one, as in a fresh corpus.
  rm -rf "$CORPUS/themes/default"
  cp -r "$REPO/themes/default" "$CORPUS/themes/default"
else
  echo "generating $PAGES pages into $CORPUS …" >&2
  python3 "$REPO/bench/generate.py" --pages "$PAGES" --translated "$TRANSLATED" --seed "$SEED" \
    --out "$CORPUS" --zola-version "$ZOLA_VERSION"
  echo "$stamp" >"$CORPUS/.bench-stamp"
  corpus_note="generated"
fi
n_sv=$(python3 -c "print(int($PAGES * $TRANSLATED))")
# Zola's config with its search index on, for `zola-search` (made afresh: the corpus's config
# may be newer).
sed 's/^build_search_index = false$/build_search_index = true/' "$CORPUS/zola/config.toml" \
  >"$CORPUS/zola/config-search.toml"
if ! grep -q '^build_search_index = true$' "$CORPUS/zola/config-search.toml"; then
  echo "bench/run.sh: the corpus's Zola config no longer says build_search_index = false" >&2
  exit 1
fi

# --- one measured build ----------------------------------------------------------------------
tool_cmd() { # tool outdir -> fills CMD
  case $1 in
    soteria | soteria-over) CMD=("$SOTERIA" build --root "$CORPUS" --output "$2" --force) ;;
    base | base-over) CMD=("$BENCH_DIR/soteria-base" build --root "$CORPUS" --output "$2" --force) ;;
    zola) CMD=(zola --root "$CORPUS/zola" build --output-dir "$2") ;;
    zola-search)
      CMD=(zola --root "$CORPUS/zola" --config "$CORPUS/zola/config-search.toml" build
        --output-dir "$2") ;;
    hugo) CMD=(hugo --source "$CORPUS/hugo" --destination "$2") ;;
  esac
}

RESULTS=$BENCH_DIR/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# Removes the output of TOOL at PLACE, and what a build keeps beside it (its lock, an old output
# put aside). On a disk the files are not deleted but moved into the place's trash, emptied when
# the benchmark ends: when ext4 allocates an inode it steps over those freed in the last minute
# (five, while their inode table is unwritten), reading each, so that a build started right
# after 20,000 files were deleted spends seconds of system time on it, more the more files it
# writes (the disk rows grew run by run); a CI runner's fresh checkout deleted nothing.
TRASHED=0
DELETED_AT=-1000
on_tmpfs() { [[ $(stat -f -c %T "${PLACE_DIR[$1]}") == tmpfs ]]; }
clean() {
  local out=${PLACE_DIR[$2]}/out-$1
  local parts=("$out" "$(dirname "$out")/.out-$1.soteria-"*)
  if on_tmpfs "$2"; then
    rm -rf "${parts[@]}"
    return
  fi
  # Room for the next outputs: below 10 GB free, the trash is emptied, and the timed runs wait
  # until ext4 no longer steps over its inodes (see `settle`).
  if (($(df --output=avail -k "${PLACE_DIR[$2]}" | tail -n1) < 10 * 1024 * 1024)); then
    empty_trash "$2"
  fi
  local trash=${PLACE_DIR[$2]}/.soteria-bench-trash/$((++TRASHED))
  mkdir -p "$trash"
  for part in "${parts[@]}"; do
    if [[ -e $part ]]; then mv "$part" "$trash/"; fi
  done
}

# Deletes PLACE's trash, writes the inode tables out and notes when.
empty_trash() {
  if [[ -d ${PLACE_DIR[$1]}/.soteria-bench-trash ]]; then
    rm -rf "${PLACE_DIR[$1]}/.soteria-bench-trash"
    sync
    DELETED_AT=$SECONDS
  fi
}

# Waits until BENCH_SETTLE seconds (default 65; 0: no wait, for a file system that does not step
# over freed inodes, such as ext4 with a journal) have passed since files were last deleted on
# a disk (see `clean`).
settle() {
  local wait=$((DELETED_AT + ${BENCH_SETTLE:-65} - SECONDS))
  if ((wait > 0)); then
    echo "waiting ${wait} s: ext4 steps over inodes freed in the last minute" >&2
    sleep "$wait"
  fi
}

# measure TOOL PLACE LABEL: builds into a fresh folder (over the previous output for the tools
# `*-over`), appends "wall_s peak_rss_kib cpu_s system_s" to $RESULTS/TOOL@PLACE unless LABEL
# is "warmup"; leaves the output in PLACE's folder, out-TOOL.
measure() {
  local tool=$1 place=$2 label=$3
  local out=${PLACE_DIR[$place]}/out-$tool log=$RESULTS/$tool@$place-$label.log
  [[ $tool == *-over ]] || clean "$tool" "$place"
  # Flush what earlier builds left dirty, so its write-back is not billed to this one.
  sync
  # (On a tmpfs, where nothing waits for freed inodes, no need.)
  [[ $label == warmup ]] || on_tmpfs "$place" || settle
  tool_cmd "$tool" "$out"
  local t0=$EPOCHREALTIME
  if ! /usr/bin/time -v -o "$log.time" "${CMD[@]}" >"$log" 2>&1; then
    echo "$tool: build failed (${CMD[*]}); last lines of $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  local t1=$EPOCHREALTIME
  # Building over its previous output, Soteria deletes what the new site no longer has of the
  # output it writes over (a build before bdb0214 deleted all of it, as a base build may):
  # counted as a deletion, to be safe.
  if [[ $tool == soteria-over || $tool == base-over ]] && ! on_tmpfs "$place"; then
    DELETED_AT=$SECONDS
  fi
  local us=$(( ${t1/./} - ${t0/./} ))
  local rss cpu sys
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log.time")
  sys=$(awk -F': ' '/System time/ {printf "%.2f", $2}' "$log.time")
  if [[ $label != warmup ]]; then
    printf '%d.%06d %s %s %s\n' $((us / 1000000)) $((us % 1000000)) "$rss" "$cpu" "$sys" \
      >>"$RESULTS/$tool@$place"
  fi
}

# files TOOL PLACE: "all html search" — the files of TOOL's output at PLACE, its HTML files,
# and those under search/.
files() {
  local out=${PLACE_DIR[$2]}/out-$1
  echo "$(find "$out" -type f | wc -l) $(find "$out" -type f -name '*.html' | wc -l)" \
    "$(find "$out/search" -type f 2>/dev/null | wc -l)"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# A trash an interrupted run left; the timed runs wait a minute after deleting it.
for place in "${PLACES[@]}"; do empty_trash "$place"; done
for place in "${PLACES[@]}"; do
  for tool in "${TOOLS[@]}"; do
    echo "warm-up build: $tool, $place" >&2
    clean "$tool" "$place"
    measure "$tool" "$place" warmup
    # Twice for the tools building over their previous output: then every timed run has an old
    # output to replace and, with it, the one the build before put aside.
    [[ $tool != *-over ]] || measure "$tool" "$place" warmup
    files "$tool" "$place" >"$RESULTS/$tool.files"
    # The tools building over their previous output keep it for their first timed run.
    [[ $tool == *-over ]] || clean "$tool" "$place"
  done
done
for ((run = 1; run <= RUNS; run++)); do
  for place in "${PLACES[@]}"; do
    for tool in "${TOOLS[@]}"; do
      echo "run $run/$RUNS: $tool, $place" >&2
      measure "$tool" "$place" "run$run"
      [[ $tool == *-over ]] || clean "$tool" "$place"
    done
  done
done
for place in "${PLACES[@]}"; do
  for tool in "${TOOLS[@]}"; do clean "$tool" "$place"; done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "extra run: soteria --timings" >&2
clean timings "${PLACES[0]}"
sync
settle
"$SOTERIA" build --root "$CORPUS" --output "${PLACE_DIR[${PLACES[0]}]}/out-timings" --force \
  --timings >"$RESULTS/soteria-timings.log" 2>&1
clean timings "${PLACES[0]}"
for place in "${PLACES[@]}"; do empty_trash "$place"; done

# --- report ----------------------------------------------------------------------------------
version() {
  case $1 in
    soteria | soteria-over)
      local rev
      rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "?")
      git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null || rev="$rev+uncommitted src"
      echo "$("$SOTERIA" --version) (commit $rev; $SOTERIA_SRC built $(date -r "$SOTERIA" '+%Y-%m-%d %H:%M:%S'))" ;;
    base | base-over) echo "$("$BENCH_DIR/soteria-base" --version) ($SOTERIA_BASE)" ;;
    zola) zola --version ;;
    zola-search) echo "$(zola --version), build_search_index = true" ;;
    hugo) hugo version | cut -d' ' -f1-2 ;;
  esac
}

echo
echo "Build benchmark: $PAGES pages + $n_sv Swedish translations (seed $SEED), $RUNS timed run$( ((RUNS == 1)) || echo s) per tool"
echo "after one warm-up, alternating ${TOOLS[*]}; $(nproc) CPUs, $(uname -sr)"
echo "corpus: $CORPUS ($corpus_note)"
for place in "${PLACES[@]}"; do
  echo "output, $place: ${PLACE_DIR[$place]} ($(stat -f -c %T "${PLACE_DIR[$place]}"))"
done
echo "load average (1, 5, 15 min) before: $load_before; after: $load_after"
for tool in "${TOOLS[@]}"; do printf '  %-13s %s\n' "$tool" "$(version "$tool")"; done
for note in "${NOTES[@]+"${NOTES[@]}"}"; do echo "$note"; done
echo
python3 "$REPO/bench/report.py" "$RESULTS" "${PLACES[*]}" "${TOOLS[@]}"
echo
echo "Soteria phases (--timings, one extra run, output on ${PLACES[0]}):"
# The phases and the summary; the corpus's warnings (sections without a Swedish title) are left out.
grep -E '^  [a-z]+ +[0-9.]+ ms$|^built ' "$RESULTS/soteria-timings.log" | sed "s/^/  /"
echo
