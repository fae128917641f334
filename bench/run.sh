#!/usr/bin/env bash
# One entry point for the benchmark suite (issue 7). Each scenario is a script of its own in
# bench/; this runs them in turn and says which failed.
#
#   bench/run.sh all                     # every scenario, full size (tens of minutes: a quiet machine)
#   bench/run.sh submit e2e queue        # some of: submit e2e queue latency io footprint search peers limits
#                                        #   redis-instructions (Redis's instructions per job, under valgrind)
#   bench/run.sh --reps 5 e2e            # REPS for every script (default: each script's, 3)
#   bench/run.sh --smoke                 # CI: tiny N, one repetition, every scenario, in seconds
#
# Knobs of each script (N, WORKERS_LIST, DURATION, ...) pass through the environment; see the
# head of each script. Raw results: bench/results/ (git-ignored); tables: bench/summarize.
# Exit status: non-zero if any scenario failed.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ALL=(submit e2e queue latency io footprint search peers limits redis-instructions)
smoke=0
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --reps) export REPS=$2; shift ;;
    all) scenarios+=("${ALL[@]}") ;;
    submit|e2e|queue|latency|io|footprint|search|peers|limits|redis-instructions) scenarios+=("$1") ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "unknown scenario or option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#scenarios[@]} -gt 0 ] || { [ $smoke = 1 ] && scenarios=("${ALL[@]}"); }
[ ${#scenarios[@]} -gt 0 ] || { sed -n 2,13p "$0"; exit 2; }

if [ $smoke = 1 ]; then
  # Small enough to run in CI in seconds; results go to a scratch folder, not bench/results.
  export RESULTS=${RESULTS:-$(mktemp -d /tmp/bench-smoke.XXXXXX)} SMOKE=1 REPS=1
  smoke_env() {
    case "$1" in
      submit) echo "DURATION=1 WARMUP_S=0" ;;
      e2e) echo "WORKERS_LIST=2 N=200 COLD_N=100 WARMUP=0 RT_N=100" ;;
      queue) echo "N=200 WORKERS_LIST=2 MODES=live" ;;
      latency) echo "RATE=200 DURATION=2 WARMUP_S=0" ;;
      io) echo "N=64 WORKERS=16 SLEEP_MS=50" ;;
      footprint) echo "IDLE_S=0 N=200 MEM_N=100" ;;
      search) echo "N=2000 REQUESTS=5 WARMUP=2" ;;
      peers) echo "SYSTEMS=seed-dev N=100 CONC=10" ;;
      limits) echo "SYSTEMS=limits LIMITS_N1=1000 LIMITS_N16=1000" ;;
      redis-instructions) echo "DURATION=1 WORKERS=2" ;;
    esac
  }
else
  smoke_env() { [ "$1" = limits ] && echo "SYSTEMS=limits"; true; }
fi

declare -A status
failed=0
for s in "${scenarios[@]}"; do
  script=$HERE/$s.sh
  [ "$s" = limits ] && script=$HERE/peers.sh
  echo "=== $s ($(date -u +%FT%TZ), load $(cut -d' ' -f1 /proc/loadavg))"
  started=$SECONDS
  # shellcheck disable=SC2046
  if env $(smoke_env "$s") "$script"; then status[$s]="ok ($((SECONDS - started)) s)"
  else status[$s]="FAILED"; failed=$((failed + 1)); fi
done
echo "=== summary"
for s in "${scenarios[@]}"; do echo "  $s: ${status[$s]}"; done
[ $smoke = 1 ] && echo "smoke results (scratch): $RESULTS"
[ $failed = 0 ] || { echo "$failed scenario(s) failed"; exit 1; }
