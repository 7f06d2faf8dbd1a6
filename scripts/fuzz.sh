#!/usr/bin/env bash
# Short coverage-guided fuzzing run (cargo-fuzz / libFuzzer) of every target in fuzz/fuzz_targets.
#   scripts/fuzz.sh [seconds-per-target] [target...]      (default 60 s, every target)
# Seeds come from the corpus vendored in tests/fixtures/corpus (fuzz/seed.mjs). Env: FUZZ_JOBS (default 1).
# Crashes land in fuzz/artifacts/<target>/; the exit code is 1 if any target found one.
# Every crash found becomes a regression test in tests/robustness_*.rs (see docs/robustness.md).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [ -d "$HOME/.cargo/bin" ]; then export PATH="$HOME/.cargo/bin:$PATH"; fi
SECS="${1:-60}"
shift || true

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz.sh: the nightly toolchain is required (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing cargo-fuzz" >&2
  cargo install cargo-fuzz || exit 2
fi

TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  mapfile -t TARGETS < <(cargo +nightly fuzz list)
fi

node fuzz/seed.mjs || exit 2
cargo +nightly fuzz build -O || exit 2

dict_for() {
  case "$1" in
    cron) echo "-dict=fuzz/dict/cron.dict" ;;
    sse) echo "-dict=fuzz/dict/sse.dict" ;;
    job_value) echo "" ;;
    *) echo "-dict=fuzz/dict/json.dict" ;;
  esac
}

status=0
summary=()
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  log="fuzz/artifacts/$t/last-run.log"
  echo "── fuzz $t for ${SECS}s"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: runaway memory is a finding too.
  cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 $(dict_for "$t") >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  corpus=$(ls "fuzz/corpus/$t" | wc -l)
  if [ $rc -ne 0 ]; then
    status=1
    crash=$(grep -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/Test unit written to //')
    summary+=("$t: CRASH (exit $rc) after ${runs:-?} runs, cov ${cov:-?}: ${crash:-see $log}")
    grep -m1 -A3 -E 'panicked at|ERROR: libFuzzer' "$log" | sed 's/^/    /'
  else
    summary+=("$t: ok, ${runs:-?} execs in ${SECS}s, cov ${cov:-?}, ft ${ft:-?}, corpus $corpus")
  fi
done
echo "── fuzz summary"
printf '  %s\n' "${summary[@]}"
exit $status
