#!/usr/bin/env bash
# Runs one fuzz target (or `all` of them, one after the other) under libFuzzer for SECONDS each:
#
#   fuzz/run.sh TARGET SECONDS [JOBS]      TARGET: front_matter markdown search_page site all
#
# Installs what it needs (cargo-fuzz; the machine's nightly toolchain builds the targets with
# coverage instrumentation and debug assertions, so an arithmetic overflow is a crash too; no
# sanitiser by default, as the code is safe Rust: FUZZ_SANITIZER=address adds AddressSanitizer),
# seeds each target's corpus from the sample site,
# the fixtures (the stress site among them) and the regression inputs in fuzz/regressions/, and
# keeps the corpus in fuzz/corpus/TARGET between runs. A crash is written to fuzz/artifacts/TARGET/
# and makes this script exit non-zero: turn it into a regression test (see docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(front_matter markdown search_page site)
usage() { echo "usage: fuzz/run.sh {${targets[*]}|all} SECONDS [JOBS]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1 seconds=$2 jobs=${3:-1}
[[ $seconds =~ ^[0-9]+$ ]] || usage
if [ "$target" = all ]; then
  for t in "${targets[@]}"; do "$0" "$t" "$seconds" "$jobs"; done
  exit 0
fi
[[ " ${targets[*]} " == *" $target "* ]] || usage

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz/run.sh: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

# Seeds: every Markdown page of the sample site and the fixtures.
seeds=fuzz/seeds/$target
mkdir -p "$seeds" "fuzz/corpus/$target"
if [ -z "$(ls -A "$seeds")" ]; then
  find content tests/fixtures -name '*.md' -size -64k |
    while read -r f; do cp "$f" "$seeds/$(echo "$f" | sha1sum | cut -c1-16).md"; done
fi
regressions=fuzz/regressions/$target
mkdir -p "$regressions"

# The `site` target's copy of its small site: one per process, removed with this run.
scratch=$(mktemp -d "${SOTERIA_FUZZ_DIR:-/dev/shm}/soteria-fuzz.XXXXXX")
export SOTERIA_FUZZ_DIR=$scratch
# One input is small: rayon's threads would only wait for each other (and with JOBS > 1 the jobs
# already use the cores).
export RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-1}
# Inputs up to 8 KB: enough for every construct and its nesting, and ten times the executions of
# 64 KB inputs; very large inputs are the stress site's and tests/linear.rs's job.
max_len=${FUZZ_MAX_LEN:-8192}
echo "== fuzzing $target for ${seconds}s ($jobs job(s))"
log=$(mktemp)
parallel=()
# With several jobs, libFuzzer writes each job's output to fuzz-N.log in the current folder.
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
# Comparison tracing (libFuzzer's guide through `==` and `<`) costs two thirds of an execution here,
# most of it inside syntect's regexes: FUZZ_TRACE_COMPARES=0 leaves it out for long runs from a
# grown corpus (three times the executions), built in a target folder of its own.
build=()
[ "${FUZZ_TRACE_COMPARES:-1}" = 0 ] && build=(--no-trace-compares --target-dir fuzz/target-fast)
cargo +nightly fuzz run --fuzz-dir fuzz --debug-assertions --sanitizer "${FUZZ_SANITIZER:-none}" "${build[@]}" "$target" "fuzz/corpus/$target" "$seeds" "$regressions" -- \
  -max_total_time="$seconds" -max_len="$max_len" -dict=fuzz/markdown.dict -print_final_stats=1 \
  -close_fd_mask=3 "${parallel[@]}" >"$log" 2>&1 || true
for f in fuzz-*.log; do [ -f "$f" ] && cat "$f" >>"$log" && rm -f "$f"; done
grep -E '^(#[0-9]+ +DONE|Done |==[0-9]+==|SUMMARY|artifact_prefix|Test unit written|thread .* panicked)' "$log" | tail -20 || true
status=0
grep -qE 'SUMMARY|panicked|deadly signal|Test unit written' "$log" && status=1
runs=$(awk '/^stat::number_of_executed_units:/ { n += $2 } END { print n + 0 }' "$log")
echo "fuzz/run.sh: $target: $runs executions in ${seconds}s, $( [ $status -eq 0 ] && echo "no crash" || echo "CRASH (see fuzz/artifacts/$target/)")"
rm -rf "$log" "$scratch"
exit $status
