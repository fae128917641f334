#!/usr/bin/env bash
# Where one job's CPU goes: the CPU time of each process divided by the jobs it handled, and
# Redis's own INFO commandstats, in two phases on one redis-server of its own (no persistence):
#   1. submit: 10 s of POST /jobs (wrk, 50 connections) against JOBS_ROLE=api, no worker;
#   2. drain: a JOBS_ROLE=worker process with WORKERS workers empties that queue.
#
#   bench/profile.sh                         # JAR=target/jobs-service.jar WORKERS=4
#   JFR=1 bench/profile.sh                   # also a JFR recording of the worker: /tmp/worker.jfr
#
# Needs: java, redis-server, redis-cli, wrk, curl; the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORKERS=${WORKERS:-4}
JAVA_OPTS=${JAVA_OPTS:--Xms16m -Xmx256m -XX:+UseSerialGC}
need java redis-server wrk curl
start_redis
copy_jar
RP=$(rcli info server | tr -d "\r" | awk -F: "/^process_id:/{print \$2}")
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }   # clock ticks (100 per second)
sys() { awk '{print $15}' "/proc/$1/stat"; }         # of which in the kernel (syscalls, wake-ups)
stats() { rcli info commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat/ {sub("cmdstat_","",$1);
  printf "  %-12s calls=%-9s usec=%-9s usec/call=%s\n", $1, $3, $5, $7}' | sort -t= -k3 -n -r | head -"${TOP:-10}"; }
BODY='{"start":"2000","end":"2010"}'

start_jar api 0
API=$JAR_PID
wrk -t1 -c50 -d5s -s "$BENCH_DIR/lib/post.lua" "$BASE_URL/jobs" -- 0 "$BODY" >/dev/null 2>&1   # warm-up
rcli flushall >/dev/null; rcli config resetstat >/dev/null
r0=$(cpu "$RP"); a0=$(cpu "$API"); rs0=$(sys "$RP"); as0=$(sys "$API")
wrk -t1 -c50 -d10s -s "$BENCH_DIR/lib/post.lua" "$BASE_URL/jobs" -- 0 "$BODY" | grep Requests/sec
r1=$(cpu "$RP"); a1=$(cpu "$API"); rs1=$(sys "$RP"); as1=$(sys "$API")
n=$(rcli llen '{jobs}:queue')
echo "SUBMIT jobs=$n redis_us_per_job=$(( (r1 - r0) * 10000 / n )) api_jvm_us_per_job=$(( (a1 - a0) * 10000 / n ))" \
  "(kernel: redis $(( (rs1 - rs0) * 10000 / n )), api $(( (as1 - as0) * 10000 / n )))"
stats
stop_jar

rcli config resetstat >/dev/null
jfr=""
[ "${JFR:-0}" = 1 ] && jfr="-XX:StartFlightRecording=settings=${JFC:-profile},filename=/tmp/worker.jfr"
r0=$(cpu "$RP")
JAVA_OPTS="$JAVA_OPTS $jfr" start_jar worker "$WORKERS"
w0=$(cpu "$JAR_PID"); rs0=$(sys "$RP"); ws0=$(sys "$JAR_PID")
# The second half alone, too: by then the worker's JIT has compiled the hot path.
until [ "$(rcli llen '{jobs}:queue')" -le $(( n / 2 )) ]; do sleep 0.05; done
half=$(rcli llen '{jobs}:queue'); rh=$(cpu "$RP"); wh=$(cpu "$JAR_PID")
until [ "$(rcli llen '{jobs}:queue')" = 0 ] && [ "$(rcli zcount '{jobs}:status:in_progress' -inf '(+inf')" = 0 ]; do sleep 0.1; done
r1=$(cpu "$RP"); w1=$(cpu "$JAR_PID"); rs1=$(sys "$RP"); ws1=$(sys "$JAR_PID")
echo "DRAIN jobs=$n workers=$WORKERS redis_us_per_job=$(( (r1 - r0) * 10000 / n )) worker_jvm_us_per_job=$(( (w1 - w0) * 10000 / n )) (worker start-up included)" \
  "(kernel: redis $(( (rs1 - rs0) * 10000 / n )), worker $(( (ws1 - ws0) * 10000 / n )))"
echo "DRAIN-WARM jobs=$half (the second half) redis_us_per_job=$(( (r1 - rh) * 10000 / half ))" \
  "worker_jvm_us_per_job=$(( (w1 - wh) * 10000 / half ))"
TOP=14 stats
[ -n "$jfr" ] && jcmd "$JAR_PID" JFR.dump filename=/tmp/worker.jfr >/dev/null && echo "JFR: /tmp/worker.jfr"
stop_jar
