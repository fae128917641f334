#!/usr/bin/env bash
# Redis's instructions per job while jobs are submitted and run at once, in small batches (the
# first minutes of a fresh jar, or a quiet queue), where bench/redis-instructions.sh counts full
# batches. Redis runs under valgrind's callgrind (some 50 times slower); the all-in-one jar runs
# WORKERS workers; ../shared/bench/e2e.sh submits N jobs over CONC connections and reads each one
# back, so the count includes those reads. Few connections keep the batches small.
#
#   bench/live-instructions.sh                        # N=1500 CONC=4 WORKERS=16
#   JAR=/tmp/other.jar bench/live-instructions.sh     # another build, to compare
#
# Needs: valgrind, redis-server, redis-cli, wrk, python3, java, curl, bc; the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-1500}
CONC=${CONC:-4}
WORKERS=${WORKERS:-16}
need valgrind callgrind_control callgrind_annotate redis-server redis-cli wrk python3 java curl bc
need_shared "$SHARED_BENCH/e2e.sh" "the shared e2e harness"
start_redis_under_callgrind
start_jar all "$WORKERS"
rcli config resetstat >/dev/null
callgrind_control -z "$RPID" >/dev/null 2>&1
BASE_URL=$BASE_URL N=$N CONC=$CONC OUT="$WORK/e2e" "$SHARED_BENCH/e2e.sh" > "$WORK/e2e.txt" 2>&1 \
  || { tail "$WORK/e2e.txt" >&2; die "the e2e harness failed"; }
callgrind_control -d "$RPID" >/dev/null 2>&1
calls=$(rcli info commandstats | tr -d '\r' | awk -F'[=,]' '/cmdstat_evalsha:/{print $2}')
stop_jar
dump=$(ls -t "$WORK"/redis.cg.* | head -1)
echo "LIVE-INSTRUCTIONS jobs=$N conc=$CONC workers=$WORKERS per_job=$(( $(callgrind_total "$dump") / N ))" \
  "script_calls_per_job=$(echo "scale=2; ${calls:-0} / $N" | bc)"
