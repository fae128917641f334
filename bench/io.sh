#!/usr/bin/env bash
# Scenario 5, I/O-bound: jobs that sleep 100 ms, with 64 workers: throughput against the ideal
# of 64 / 0.1 s = 640 jobs/s.
#
#   bench/io.sh                         # N=6400 WORKERS=64 SLEEP_MS=100 REPS=3
#
# The all-in-one jar with JOBS_WORKERS=WORKERS; N jobs {"type":"sleep","params":{"ms":SLEEP_MS}}
# POSTed by the shared harness (../shared/bench/e2e.sh, 50 connections), timed from the first
# POST until all are complete. The ideal is WORKERS * 1000 / SLEEP_MS jobs/s; the ratio to it
# is printed. Needs what bench/e2e.sh needs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-6400}
WORKERS=${WORKERS:-64}
SLEEP_MS=${SLEEP_MS:-100}
REPS=${REPS:-3}
CONC=${CONC:-50}
HARNESS=${HARNESS:-$SHARED_BENCH/e2e.sh}
need_shared "$HARNESS" "the shared e2e harness"
need java redis-server wrk curl /usr/bin/python3
start_redis
start_jar all "$WORKERS"
ideal=$(( WORKERS * 1000 / SLEEP_MS ))
echo "jar: all-in-one, $WORKERS workers, ready in $READY_MS ms; N=$N sleep jobs of $SLEEP_MS ms; ideal $ideal jobs/s"
body="{\"start\":0,\"end\":0,\"type\":\"sleep\",\"params\":{\"ms\":$SLEEP_MS}}"
for rep in $(seq "$REPS"); do
  env_snapshot >> "$RESULTS/io_env.txt"
  rcli flushall >/dev/null
  BASE_URL=$BASE_URL N=$N CONC=$CONC BODY="$body" OUT="$WORK/out" TERMINAL=complete,failed \
    "$HARNESS" > "$WORK/round.txt" 2>&1 || { cat "$WORK/round.txt" >&2; die "harness failed"; }
  rate=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["e2e_jobs_per_s"])' "$WORK/out/summary.json")
  counts=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["final_status_counts"]))' "$WORK/out/summary.json")
  [[ "$counts" != *failed* ]] || die "some sleep jobs failed: $counts"
  pct=$(awk -v r="$rate" -v i="$ideal" 'BEGIN{printf "%.1f", 100*r/i}')
  echo "IO rep=$rep n=$N workers=$WORKERS sleep_ms=$SLEEP_MS rate=$rate ideal=$ideal of_ideal_pct=$pct threads=$(awk '/^Threads/{print $2}' "/proc/$JAR_PID/status") rss_mb=$(rss_mb "$JAR_PID")"
  result io.jsonl rep="$rep" n="$N" workers="$WORKERS" sleep_ms="$SLEEP_MS" rate="$rate" ideal="$ideal" of_ideal_pct="$pct" load1="$(load1)" at="$(stamp)"
done
echo "raw rows: $RESULTS/io.jsonl"
