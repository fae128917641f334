#!/usr/bin/env bash
# Scenario 1, submit: POST /jobs rate and latency (wrk, 64 connections, one wrk thread).
#
#   bench/submit.sh                     # DURATION=10 WARMUP_S=5 REPS=3 CONC=64 ROLE=api
#   ROLE=all WORKERS=4 bench/submit.sh  # with workers draining the queue in the same JVM
#
# Per repetition, on a flushed Redis: (a) the maximum rate, wrk's closed loop (each connection
# sends again as soon as it has its answer) for DURATION s; (b) half of that rate, held by
# bench/lib/post.lua: wrk cannot fix a rate, so each request takes the next slot of a schedule
# spaced 1/RATE apart and delay() holds it until then; latency is timed from the write, so it is
# the service's, not the wait for a slot (see post.lua). By default the jar runs as JOBS_ROLE=api,
# so the figure is the API and Redis alone; the jobs pile up in the queue (no queue cap is hit
# at these N). Needs: java, redis-server, wrk, curl, python3; the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-10}
WARMUP_S=${WARMUP_S:-5}
REPS=${REPS:-3}
CONC=${CONC:-64}
ROLE=${ROLE:-api}
WORKERS=${WORKERS:-0}
BODY=${BODY:-'{"start":"2000","end":"2010"}'}
need java redis-server wrk curl
start_redis
start_jar "$ROLE" "$WORKERS"
echo "jar: role $ROLE, $WORKERS worker(s), ready in $READY_MS ms; wrk -t1 -c$CONC, ${DURATION}s per measurement"

# post RATE SECONDS: one wrk run; prints its POST_DONE line
post() {
  wrk -t1 -c"$CONC" -d"$2s" --timeout 10s -s "$BENCH_DIR/lib/post.lua" "$BASE_URL/jobs" -- "$1" "$BODY" \
    > "$WORK/wrk.txt" 2>&1 || { cat "$WORK/wrk.txt" >&2; die "wrk failed"; }
  grep '^POST_DONE' "$WORK/wrk.txt" || { cat "$WORK/wrk.txt" >&2; die "no POST_DONE line from wrk"; }
}
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1==k{print $2}'; }

if [ "$WARMUP_S" -gt 0 ]; then rcli flushall >/dev/null; post 0 "$WARMUP_S" >/dev/null; echo "warm-up: ${WARMUP_S}s at full rate (not recorded)"; fi
for rep in $(seq "$REPS"); do
  env_snapshot >> "$RESULTS/submit_env.txt"
  rcli flushall >/dev/null
  line=$(post 0 "$DURATION")
  max=$(kv "$line" rate)
  [ "$(kv "$line" errors)" = 0 ] && [ "$(kv "$line" status_errors)" = 0 ] || die "errors at full rate: $line"
  echo "SUBMIT rep=$rep mode=max conc=$CONC rate=$max p50_ms=$(kv "$line" p50_ms) p99_ms=$(kv "$line" p99_ms) max_ms=$(kv "$line" max_ms)"
  result submit.jsonl rep="$rep" mode=max conc="$CONC" role="$ROLE" workers="$WORKERS" target=0 \
    rate="$max" p50_ms="$(kv "$line" p50_ms)" p90_ms="$(kv "$line" p90_ms)" p99_ms="$(kv "$line" p99_ms)" \
    p999_ms="$(kv "$line" p999_ms)" max_ms="$(kv "$line" max_ms)" requests="$(kv "$line" requests)" load1="$(load1)" at="$(stamp)"
  half=$(awk -v m="$max" 'BEGIN{printf "%d", m/2}')
  rcli flushall >/dev/null
  line=$(post "$half" "$DURATION")
  [ "$(kv "$line" errors)" = 0 ] && [ "$(kv "$line" status_errors)" = 0 ] || die "errors at half rate: $line"
  echo "SUBMIT rep=$rep mode=half conc=$CONC target=$half rate=$(kv "$line" rate) p50_ms=$(kv "$line" p50_ms) p99_ms=$(kv "$line" p99_ms) max_ms=$(kv "$line" max_ms)"
  result submit.jsonl rep="$rep" mode=half conc="$CONC" role="$ROLE" workers="$WORKERS" target="$half" \
    rate="$(kv "$line" rate)" p50_ms="$(kv "$line" p50_ms)" p90_ms="$(kv "$line" p90_ms)" p99_ms="$(kv "$line" p99_ms)" \
    p999_ms="$(kv "$line" p999_ms)" max_ms="$(kv "$line" max_ms)" requests="$(kv "$line" requests)" load1="$(load1)" at="$(stamp)"
done
echo "jar RSS after: $(rss_mb "$JAR_PID") MiB (peak $(hwm_mb "$JAR_PID") MiB); raw rows: $RESULTS/submit.jsonl"
