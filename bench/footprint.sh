#!/usr/bin/env bash
# Scenario 6, footprint: the jar's start-to-ready time and RSS (idle and under the end-to-end
# load), and the Redis memory a queued and a finished job take.
#
#   bench/footprint.sh                  # REPS=3 WORKERS=4 IDLE_S=5 N=100000 MEM_N=20000
#   LAUNCHER=1 bench/footprint.sh       # started by bin/jobs-service (its heap and class-data
#                                       # archive; the archive's training start is not counted)
#   BODY='{"start":"2000-01-01","end":"2010-12-31"}' bench/footprint.sh   # another job (default:
#                                       # the peers' body, ../shared/bench/e2e.sh)
#
# - ready: from exec of java until GET /health/ready answers 200 (polled every 20 ms), against
#   an external redis-server (ours, no persistence), so the embedded Redis start is not counted.
# - idle RSS: VmRSS IDLE_S seconds after ready, no request made. JAVA_OPTS (e.g. -Xmx256m) is
#   passed to java: say which heap a figure used.
# - load RSS: VmRSS and VmHWM (peak) after one e2e round of N jobs (../shared/bench/e2e.sh).
# - Redis: INFO used_memory before and after MEM_N jobs, divided by MEM_N: queued (JOBS_ROLE=api,
#   no worker: the jobs stay queued) and finished (all-in-one, all complete; includes the event
#   stream, capped at 10,000 entries, and the per-status indexes).
# Needs: java, redis-server, wrk, curl, /usr/bin/python3; the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REPS=${REPS:-3}
WORKERS=${WORKERS:-4}
IDLE_S=${IDLE_S:-5}
N=${N:-100000}
MEM_N=${MEM_N:-20000}
BODY=${BODY:-'{"start":"2000","end":"2010"}'}
HARNESS=${HARNESS:-$SHARED_BENCH/e2e.sh}
need_shared "$HARNESS" "the shared e2e harness"
need java redis-server wrk curl /usr/bin/python3
start_redis
heap=${JAVA_OPTS:-JVM default heap}
if [ "${LAUNCHER:-0}" = 1 ]; then
  heap="bin/jobs-service ${JAVA_OPTS:-(its defaults)}"
  copy_jar
  # The launcher's first start writes the archive (a training start of a few seconds): not a figure.
  (cd "$WORK" && REDIS_URL="redis://127.0.0.1:$REDIS_PORT" HTTP_PORT=0 JAR="$WORK/jobs-service.jar" \
    "$ROOT/bin/jobs-service" --exit-when-ready > "$WORK/training.log" 2>&1) || die "bin/jobs-service failed: $(tail -5 "$WORK/training.log")"
fi
e2e_round() { # N: jobs to completion with the shared harness
  BASE_URL=$BASE_URL N=$1 BODY=$BODY CONC=50 OUT="$WORK/out" "$HARNESS" > "$WORK/round.txt" 2>&1 \
    || { cat "$WORK/round.txt" >&2; die "harness failed"; }
}
for rep in $(seq "$REPS"); do
  env_snapshot >> "$RESULTS/footprint_env.txt"
  rcli flushall >/dev/null
  start_jar all "$WORKERS"
  sleep "$IDLE_S"
  idle=$(rss_mb "$JAR_PID")
  echo "FOOTPRINT rep=$rep what=start ready_ms=$READY_MS idle_rss_mb=$idle workers=$WORKERS heap='$heap'"
  result footprint.jsonl rep="$rep" what=start ready_ms="$READY_MS" idle_rss_mb="$idle" workers="$WORKERS" heap="$heap" load1="$(load1)" at="$(stamp)"
  e2e_round "$N"
  echo "FOOTPRINT rep=$rep what=load n=$N rss_mb=$(rss_mb "$JAR_PID") hwm_mb=$(hwm_mb "$JAR_PID") workers=$WORKERS heap='$heap'"
  result footprint.jsonl rep="$rep" what=load n="$N" rss_mb="$(rss_mb "$JAR_PID")" hwm_mb="$(hwm_mb "$JAR_PID")" workers="$WORKERS" heap="$heap" at="$(stamp)"
  # finished jobs
  rcli flushall >/dev/null
  before=$(redis_used_memory)
  e2e_round "$MEM_N"
  after=$(redis_used_memory)
  fin=$(( (after - before) / MEM_N ))
  stop_jar
  # queued jobs: the API alone, as many POSTs as make MEM_N
  rcli flushall >/dev/null
  start_jar api 0
  before=$(redis_used_memory)
  python3 - "$BASE_URL" "$MEM_N" "$BODY" <<'PY'
import http.client, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
for _ in range(int(sys.argv[2])):
    c.request("POST", "/jobs", body=sys.argv[3].encode(), headers={"Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    assert r.status == 201, r.status
PY
  after=$(redis_used_memory)
  queued=$(( (after - before) / MEM_N ))
  stop_jar
  echo "FOOTPRINT rep=$rep what=redis n=$MEM_N bytes_per_queued_job=$queued bytes_per_finished_job=$fin body='$BODY'"
  result footprint.jsonl rep="$rep" what=redis n="$MEM_N" bytes_per_queued_job="$queued" bytes_per_finished_job="$fin" body="$BODY" at="$(stamp)"
done
echo "raw rows: $RESULTS/footprint.jsonl"
