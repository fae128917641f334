#!/usr/bin/env bash
# End-to-end benchmark of the all-in-one jar with the shared, implementation-agnostic harness
# (../shared/bench/e2e.sh): N jobs POSTed over HTTP by wrk, timed until all are complete.
#
#   bench/e2e.sh                      # WORKERS=4 N=20000 CONC=50 REPS=3 WARMUP=2
#   WORKERS=16 N=100000 bench/e2e.sh
#
# Starts its own redis-server (no persistence, like the peers' figures) on a free port and the
# jar on a free port, runs WARMUP unrecorded rounds (the JIT warms up) and REPS recorded ones,
# then stops both. Needs: java, redis-server, wrk, /usr/bin/python3; the jar built (mvn package).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench/e2e.sh}
JAR=${JAR:-$ROOT/target/jobs-service.jar}
WORKERS=${WORKERS:-4}
N=${N:-20000}
CONC=${CONC:-50}
REPS=${REPS:-3}
WARMUP=${WARMUP:-2}
RESULTS_CSV=${RESULTS_CSV:-$ROOT/bench/results/e2e.csv}

[ -x "$HARNESS" ] || { echo "harness not found: $HARNESS (set HARNESS=)"; exit 2; }
[ -f "$JAR" ] || { echo "jar not found: $JAR (run mvn package first)"; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
HTTP_PORT=$(free_port)
WORK=$(mktemp -d /tmp/jobs-bench.XXXXXX)
cleanup() {
  [ -n "${JAR_PID:-}" ] && kill "$JAR_PID" 2>/dev/null && wait "$JAR_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --logfile "$WORK/redis.log" --dir "$WORK"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

(cd "$WORK" && REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 \
  JOBS_WORKERS=$WORKERS exec java -jar "$JAR" > "$WORK/service.log" 2>&1) &
JAR_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HTTP_PORT/" >/dev/null && break; sleep 0.1; done

mkdir -p "$(dirname "$RESULTS_CSV")"
round() {
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  BASE_URL=http://127.0.0.1:$HTTP_PORT N=$N CONC=$CONC OUT="$WORK/out" "$@" "$HARNESS" | grep -E '^e2e: (submit|e2e) '
}
for i in $(seq "$WARMUP"); do echo "warm-up $i:"; round env; done
for i in $(seq "$REPS"); do
  echo "run $i:"
  round env LABEL="java-w$WORKERS" RESULTS_CSV="$RESULTS_CSV"
done
echo "rows appended to $RESULTS_CSV; service RSS now: $(ps -o rss= -p "$JAR_PID") KiB"
