#!/usr/bin/env bash
# Scenario 3, queue level (no HTTP): N no-op jobs submitted in bulk through the Java API the
# API verticle uses (JobStore.submit) and drained by the service's own worker verticles, the
# peer of BullMQ's addBulk + Worker (../shared/bench/peers/bullmq/bench.js; same N, same job
# data, chunks of 1,000, same modes). The program is
# src/test/java/dev/jobsservice/bench/QueueBench.java: test code, not in the production jar.
#
#   bench/queue.sh                      # N=100000 WORKERS_LIST="1 8 50" REPS=3
#   MODES="process" WORKERS_LIST=8 N=20000 bench/queue.sh
#   ROUNDS=2 MODES=process bench/queue.sh # each run drains twice in one JVM: the figure is the warm
#                                         # second round (rounds_per_s holds both)
#
# Modes: addbulk (submits/s), process W (prefilled queue drained by W worker verticles; jobs/s
# from the first started_at to the last finished_at), live W (workers running, 50 submits in
# flight; jobs/s and submit -> finished p50/p99). Each run is a fresh JVM (java -cp
# target/test-classes:<copy of the jar>) on a flushed Redis of our own. Needs: java,
# redis-server; the jar and the test classes built (mvn verify, or mvn package + test-compile).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-100000}
WORKERS_LIST=${WORKERS_LIST:-1 8 50}
MODES=${MODES:-addbulk process live}
MODES=${MODES//,/ }
REPS=${REPS:-3}
ROUNDS=${ROUNDS:-1}
CLASSES=${TEST_CLASSES:-$ROOT/target/test-classes}
[ -f "$CLASSES/dev/jobsservice/bench/QueueBench.class" ] \
  || die "QueueBench not compiled: run mvn -q -o test-compile (or mvn verify)"
need java redis-server
start_redis
copy_jar
cp -r "$CLASSES" "$WORK/test-classes"
for rep in $(seq "$REPS"); do
  env_snapshot >> "$RESULTS/queue_env.txt"
  for mode in $MODES; do
    ws=$WORKERS_LIST; [ "$mode" = addbulk ] && ws=0
    for w in $ws; do
      # shellcheck disable=SC2086
      java ${JAVA_OPTS:-} -Dbench.rounds="$ROUNDS" -cp "$WORK/test-classes:$WORK/jobs-service.jar" dev.jobsservice.bench.QueueBench \
        "$mode" "$w" "$N" "redis://127.0.0.1:$REDIS_PORT" > "$WORK/queue.txt" 2>&1 &
      pid=$!
      hwm=0
      while kill -0 "$pid" 2>/dev/null; do
        h=$(awk '/^VmHWM/{print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo 0)
        [ "${h:-0}" -gt "$hwm" ] && hwm=$h
        sleep 0.2
      done
      wait "$pid" || { cat "$WORK/queue.txt" >&2; die "QueueBench $mode $w failed"; }
      line=$(grep '^QUEUE ' "$WORK/queue.txt") || { cat "$WORK/queue.txt" >&2; die "no QUEUE line"; }
      python3 - "${line#QUEUE }" "$rep" "$hwm" "$(load1)" "$RESULTS/queue.jsonl" <<'PY'
import json, sys
d = json.loads(sys.argv[1]); d.update(rep=int(sys.argv[2]), peak_rss_mb=int(sys.argv[3]), load1=float(sys.argv[4]))
open(sys.argv[5], "a").write(json.dumps(d) + "\n")
print("QUEUE " + " ".join(f"{k}={v}" for k, v in d.items() if k not in ("note", "java")))
PY
    done
  done
done
echo "raw rows: $RESULTS/queue.jsonl"
