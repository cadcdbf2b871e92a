#!/usr/bin/env bash
# Build speed of Soteria against Zola and Hugo on the same generated corpus (issue 7).
#
#   bench/run.sh [PAGES] [RUNS]        defaults: 10000 pages, 5 runs per tool
#
# Generates the corpus with bench/generate.py (PAGES pages, half of them also in Swedish, seed 1)
# into $BENCH_DIR (default ${TMPDIR:-/tmp}/soteria-bench), or reuses it when it was made with the
# same parameters, generator and Zola version (its theme is refreshed from themes/default).
# The built sites go to $BENCH_OUT, by default /dev/shm/soteria-bench-out when /dev/shm is a
# writable tmpfs (else $BENCH_DIR): on a VM disk the write-back of tens of thousands of small files
# swings a build by seconds, which would drown the difference between the tools; set BENCH_OUT to
# a disk folder to include the disk. Builds target/release/soteria if it is missing, and times a
# copy of it (SOTERIA=/path/to/binary times another one; it is never rebuilt when present, so
# rebuild it yourself after changing src/). Each tool found on PATH gets one untimed warm-up
# build, then RUNS timed builds, alternating soteria, zola, hugo, soteria, … so that machine noise
# hits all alike, each into a fresh output folder. Wall time is taken around the process, CPU time
# and peak RSS from `/usr/bin/time -v`. Prints a plain-text table (medians, min, max, CPU, peak
# RSS, ratios) and Soteria's --timings phase table from one extra run.
#
# SOTERIA_BASE=/path/to/binary adds another build of Soteria (say, main before a change) as the
# tool `base`, timed in the same alternation: a change's effect measured in one run.
#
# Zola is used only when a `zola` binary is on PATH (it is built outside this repository);
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
if [[ -z ${BENCH_OUT:-} ]]; then
  if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs && -w /dev/shm ]]; then
    BENCH_OUT=/dev/shm/soteria-bench-out
  else
    BENCH_OUT=$BENCH_DIR
  fi
fi
mkdir -p "$BENCH_OUT"
out_fs=$(stat -f -c %T "$BENCH_OUT")

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

TOOLS=(soteria)
NOTES=()
if [[ -n ${SOTERIA_BASE:-} ]]; then
  cp -p "$SOTERIA_BASE" "$BENCH_DIR/soteria-base"
  TOOLS+=(base)
fi
ZOLA_VERSION=0.22
if command -v zola >/dev/null 2>&1; then
  TOOLS+=(zola)
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

# --- one measured build ----------------------------------------------------------------------
tool_cmd() { # tool outdir -> fills CMD
  case $1 in
    soteria) CMD=("$SOTERIA" build --root "$CORPUS" --output "$2" --force) ;;
    base) CMD=("$BENCH_DIR/soteria-base" build --root "$CORPUS" --output "$2" --force) ;;
    zola) CMD=(zola --root "$CORPUS/zola" build --output-dir "$2") ;;
    hugo) CMD=(hugo --source "$CORPUS/hugo" --destination "$2") ;;
  esac
}

RESULTS=$BENCH_DIR/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# measure TOOL LABEL: builds into a fresh folder, appends "wall_s peak_rss_kib cpu_s" to
# $RESULTS/TOOL unless LABEL is "warmup"; leaves the output in $BENCH_OUT/out-TOOL.
measure() {
  local tool=$1 label=$2 out=$BENCH_OUT/out-$1 log=$RESULTS/$1-$2.log
  rm -rf "$out"
  # Flush what earlier builds left dirty, so its write-back is not billed to this one.
  sync
  tool_cmd "$tool" "$out"
  local t0=$EPOCHREALTIME
  if ! /usr/bin/time -v -o "$log.time" "${CMD[@]}" >"$log" 2>&1; then
    echo "$tool: build failed (${CMD[*]}); last lines of $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  local t1=$EPOCHREALTIME
  local us=$(( ${t1/./} - ${t0/./} ))
  local rss cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log.time")
  if [[ $label != warmup ]]; then
    printf '%d.%06d %s %s\n' $((us / 1000000)) $((us % 1000000)) "$rss" "$cpu" >>"$RESULTS/$tool"
  fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for tool in "${TOOLS[@]}"; do
  echo "warm-up build: $tool" >&2
  measure "$tool" warmup
  find "$BENCH_OUT/out-$tool" -name '*.html' | wc -l >"$RESULTS/$tool.html-files"
  rm -rf "$BENCH_OUT/out-$tool"
done
for ((run = 1; run <= RUNS; run++)); do
  for tool in "${TOOLS[@]}"; do
    echo "run $run/$RUNS: $tool" >&2
    measure "$tool" "run$run"
    rm -rf "$BENCH_OUT/out-$tool"
  done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
echo "extra run: soteria --timings" >&2
rm -rf "$BENCH_OUT/out-timings"
"$SOTERIA" build --root "$CORPUS" --output "$BENCH_OUT/out-timings" --force --timings \
  >"$RESULTS/soteria-timings.log" 2>&1
rm -rf "$BENCH_OUT/out-timings"

# --- report ----------------------------------------------------------------------------------
version() {
  case $1 in
    soteria)
      local rev
      rev=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "?")
      git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null || rev="$rev+uncommitted src"
      echo "$("$SOTERIA" --version) (commit $rev; $SOTERIA_SRC built $(date -r "$SOTERIA" '+%Y-%m-%d %H:%M:%S'))" ;;
    base) echo "$("$BENCH_DIR/soteria-base" --version) ($SOTERIA_BASE)" ;;
    zola) zola --version ;;
    hugo) hugo version | cut -d' ' -f1-2 ;;
  esac
}

echo
echo "Build benchmark: $PAGES pages + $n_sv Swedish translations (seed $SEED), $RUNS timed run$( ((RUNS == 1)) || echo s) per tool"
echo "after one warm-up, alternating ${TOOLS[*]}; $(nproc) CPUs, $(uname -sr)"
echo "corpus: $CORPUS ($corpus_note); output: $BENCH_OUT ($out_fs)"
echo "load average (1, 5, 15 min) before: $load_before; after: $load_after"
for tool in "${TOOLS[@]}"; do printf '  %-8s %s\n' "$tool" "$(version "$tool")"; done
for note in "${NOTES[@]+"${NOTES[@]}"}"; do echo "$note"; done
echo
python3 - "$RESULTS" "${TOOLS[@]}" <<'EOF'
import statistics
import sys
from pathlib import Path

results, tools = Path(sys.argv[1]), sys.argv[2:]
stats = {}
for tool in tools:
    rows = [line.split() for line in (results / tool).read_text().splitlines()]
    walls = [float(r[0]) for r in rows]
    stats[tool] = {
        "wall": statistics.median(walls), "min": min(walls), "max": max(walls), "runs": walls,
        "rss": statistics.median(int(r[1]) / 1024 for r in rows),
        "cpu": statistics.median(float(r[2]) for r in rows),
        "html": (results / f"{tool}.html-files").read_text().strip(),
    }

print(f"{'tool':<9}{'median wall':>12}{'min':>9}{'max':>9}{'median CPU':>12}{'median peak RSS':>17}"
      f"{'HTML files':>12}   wall of each run (s)")
for tool, t in stats.items():
    runs = " ".join(f"{w:.2f}" for w in t["runs"])
    print(f"{tool:<9}{t['wall']:>10.2f} s{t['min']:>7.2f} s{t['max']:>7.2f} s{t['cpu']:>10.2f} s"
          f"{t['rss']:>13.0f} MiB{t['html']:>12}   {runs}")
print("(CPU = user + system time of the process; it varies less than wall time on a busy machine)")
if len(stats) > 1:
    print()
    print("Soteria / other, medians (below 1.00 = Soteria faster or smaller):")
    s = stats["soteria"]
    for tool, t in stats.items():
        if tool != "soteria":
            print(f"  vs {tool:<6} wall {s['wall'] / t['wall']:.2f}x   CPU {s['cpu'] / t['cpu']:.2f}x"
                  f"   peak RSS {s['rss'] / t['rss']:.2f}x")
EOF
echo
echo "Soteria phases (--timings, one extra run):"
sed "s/^/  /" "$RESULTS/soteria-timings.log"
echo
