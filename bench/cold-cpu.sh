#!/usr/bin/env bash
# Where the CPU of a cold start goes: the all-in-one jar, fresh, runs its first N jobs through the
# shared e2e harness; then the CPU each kind of thread used in that stretch (JIT compilers,
# event loops, GC, ...) and Redis's. Threads are grouped by name without their number.
#
#   JAR=/tmp/x.jar bench/cold-cpu.sh                 # N=20000 WORKERS=16
#   JAVA_OPTS="... -XX:TieredStopAtLevel=1" bench/cold-cpu.sh
#
# Needs: java, redis-server, curl, /usr/bin/python3 (the harness); the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-20000}
WORKERS=${WORKERS:-16}
JAVA_OPTS=${JAVA_OPTS:--Xms16m -Xmx256m -XX:+UseSerialGC}
HARNESS=${HARNESS:-$SHARED_BENCH/e2e.sh}
need_shared "$HARNESS" "the shared e2e harness"
need java redis-server curl
start_redis
RP=$(redis_pid)
start_jar all "$WORKERS"
echo "jar: all-in-one, $WORKERS worker(s), ready in $READY_MS ms; its first $N jobs:"
# Ticks (100 a second) per thread kind: "C2 CompilerThread1" and "...0" add up as "C2_CompilerThread".
threads() {
  for t in /proc/"$JAR_PID"/task/*; do
    echo "$(tr ' ' _ < "$t/comm" 2>/dev/null) $(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
  done | awk '{name=$1; sub(/[0-9]+$/, "", name); ticks[name]+=$2} END {for (n in ticks) print n, ticks[n]}' | sort
  echo "redis-server $(proc_ticks "$RP")"
}
threads > "$WORK/before"
t0=$(now_ms)
BASE_URL=$BASE_URL N=$N CONC=50 OUT="$WORK/out" "$HARNESS" > "$WORK/round.txt" 2>&1 || { cat "$WORK/round.txt" >&2; die "the harness failed"; }
threads > "$WORK/after"
ms=$(( $(now_ms) - t0 ))
grep -E '^e2e: (submit|e2e) ' "$WORK/round.txt"
echo "CPU in those $ms ms (the harness's final checks included), per thread kind, 50 ms or more:"
join -a2 -e0 -o 0,1.2,2.2 "$WORK/before" "$WORK/after" \
  | awk -v ms="$ms" -v n="$N" '{d=($3-$2)*10; if (d>=50) printf "  %-26s %6d ms  %3d %% of the window  %4d us/job\n", $1, d, d*100/ms, d*1000/n}' \
  | sort -k2 -nr
