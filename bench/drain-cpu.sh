#!/usr/bin/env bash
# Who is busy during a queue drain: the CPU of Redis and of each thread of the worker JVM over the
# last (warm) drain of bench/queue.sh's program, and Redis's commands in that drain. Tells whether
# the drain waits on Redis, on the workers' event loop, or on neither (then: on the hand-off).
#
#   bench/drain-cpu.sh                  # WORKERS=50 N=100000 ROUNDS=2 (the figure is round 2)
#   JAVA_OPTS="-Xms16m -Xmx256m -XX:+UseSerialGC -Dx=y" bench/drain-cpu.sh
#
# Needs: java, redis-server; the jar and the test classes built (mvn package + test-compile).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORKERS=${WORKERS:-50}
N=${N:-100000}
ROUNDS=${ROUNDS:-2}
JAVA_OPTS=${JAVA_OPTS:--Xms16m -Xmx256m -XX:+UseSerialGC}
CLASSES=${TEST_CLASSES:-$ROOT/target/test-classes}
[ -f "$CLASSES/dev/jobsservice/bench/QueueBench.class" ] || die "QueueBench not compiled: run mvn -q test-compile"
need java redis-server
start_redis
copy_jar
cp -r "$CLASSES" "$WORK/test-classes"
RP=$(rcli info server | tr -d '\r' | awk -F: '/^process_id:/{print $2}')
# shellcheck disable=SC2086
java $JAVA_OPTS -Dbench.rounds="$ROUNDS" -cp "$WORK/test-classes:$WORK/jobs-service.jar" dev.jobsservice.bench.QueueBench \
  process "$WORKERS" "$N" "redis://127.0.0.1:$REDIS_PORT" > "$WORK/queue.txt" 2>&1 &
pid=$!
_bench_pids+=("$pid")
# tid:name ticks (user + system; 100 a second) for every thread of the JVM, then Redis's, then the
# machine's idle and busy ticks (/proc/stat, both cores). Read with bash's own read: an earlier
# version ran awk and tr per thread, some 90 processes a snapshot every 50 ms, and that took the
# spare CPU this tool looks for.
ticks() { # a /proc stat line: the fields after "(comm) ", utime and stime are the 12th and 13th
  local line rest f
  read -r line < "$1" || return 0
  rest=${line##*) }
  read -r -a f <<< "$rest"
  echo $(( f[11] + f[12] ))
}
snapshot() {
  local t comm
  for t in /proc/"$pid"/task/*; do
    read -r comm < "$t/comm" 2>/dev/null || continue
    echo "${t##*/}:${comm// /_} $(ticks "$t/stat" 2>/dev/null)"
  done
  echo "redis-server $(ticks "/proc/$RP/stat")"
  local cpu user nice sys idle iowait irq softirq steal
  read -r cpu user nice sys idle iowait irq softirq steal _ < /proc/stat
  echo "~machine-idle $(( idle + iowait ))"
  echo "~machine-busy $(( user + nice + sys + irq + softirq + steal ))"
}
until grep -q "DRAIN START round $ROUNDS" "$WORK/queue.txt"; do
  kill -0 "$pid" 2>/dev/null || { cat "$WORK/queue.txt" >&2; die "QueueBench ended early"; }
  sleep 0.01
done
rcli config resetstat >/dev/null
snapshot > "$WORK/before"; t0=$(now_ms)
# Until every job of the last round is complete; the program then reads all jobs back, which is
# not the drain, so the last snapshot is the one taken before that.
while true; do
  snapshot > "$WORK/after.tmp" 2>/dev/null && mv "$WORK/after.tmp" "$WORK/after"; t1=$(now_ms)
  [ "$(rcli zcard '{jobs}:status:complete')" -ge $(( N * ROUNDS )) ] && break
  kill -0 "$pid" 2>/dev/null || die "QueueBench ended before the drain did"
  sleep 0.05
done
rcli info commandstats | tr -d '\r' | grep -E '^cmdstat_.*calls=[0-9]{3}' | cut -d, -f1-3 > "$WORK/commands"
wait "$pid" || { cat "$WORK/queue.txt" >&2; die "QueueBench failed"; }
grep '^QUEUE ' "$WORK/queue.txt"
ms=$(( t1 - t0 ))
echo "drain window: $ms ms (from the round's start marker to the last job complete)"
echo "CPU in that window (share of the window, of one core; threads that used under 1 % left out;"
echo "~machine: both cores, so up to 200 %):"
join -a2 -e0 -o 0,1.2,2.2 <(sort "$WORK/before") <(sort "$WORK/after") \
  | awk -v ms="$ms" '{d=($3-$2)*10; if (d*100 >= ms) printf "  %-30s %6d ms  %3d %%\n", $1, d, d*100/ms}' | sort -k2 -nr
redis_ms=$(join -a2 -e0 -o 0,1.2,2.2 <(sort "$WORK/before") <(sort "$WORK/after") | awk '$1 == "redis-server" {print ($3-$2)*10}')
echo "Redis's CPU per job: $(( redis_ms * 1000 / N )) us (its share of the window is its busy share)"
echo "Redis commands in the drain:"
sed 's/^cmdstat_/  /' "$WORK/commands"
