#!/usr/bin/env bash
# Scenario 2, end to end: N no-op jobs POSTed over HTTP by wrk to the all-in-one jar, timed until
# every one is complete, with the shared implementation-agnostic harness (../shared/bench/e2e.sh,
# the one every peer is measured with).
#
#   bench/e2e.sh                                  # WORKERS_LIST="1 4 16" N=100000 COLD_N=20000 REPS=3
#   WORKERS_LIST=4 N=20000 REPS=3 bench/e2e.sh    # (WORKERS=4 works too)
#
# Per worker count: a fresh jar (and Redis), then one "cold" round of COLD_N jobs (the first jobs
# after start: JIT not warm), WARMUP unrecorded rounds, and REPS recorded "warm" rounds of N.
# Redis is flushed before each round. Per round it also prints the Redis commands per job
# (INFO commandstats, reset when the submit starts; "hgetall" includes the harness's own
# GET /jobs/{id} polls and its final check of all N ids, so "service" leaves it out), the CPU the
# jar and Redis used per job (/proc; the measure to compare builds by on a noisy machine), and
# the jar's RSS now and its peak (VmHWM).
# Needs: java, redis-server, wrk, /usr/bin/python3, curl; the jar built (mvn package).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORKERS_LIST=${WORKERS_LIST:-${WORKERS:-1 4 16}}
N=${N:-100000}
COLD_N=${COLD_N:-20000}
CONC=${CONC:-50}
REPS=${REPS:-3}
WARMUP=${WARMUP:-1}
HARNESS=${HARNESS:-$SHARED_BENCH/e2e.sh}
need_shared "$HARNESS" "the shared e2e harness"
need java redis-server wrk curl /usr/bin/python3

start_redis
cat > "$WORK/hook.sh" <<EOF
#!/bin/sh
[ "\$1" = submit_start ] && redis-cli -p $REDIS_PORT config resetstat >/dev/null
exit 0
EOF
chmod +x "$WORK/hook.sh"

# round LABEL N RECORD(0|1)
round() {
  local label=$1 n=$2 record=$3 out="$WORK/out-$1"
  rcli flushall >/dev/null
  local load; load=$(load1)
  env_snapshot >> "$RESULTS/e2e_env.txt"
  rm -rf "$out"
  local csv=""; [ "$record" = 1 ] && csv="$RESULTS/e2e.csv"
  local ok=0 jar0 redis0
  jar0=$(proc_ticks "$JAR_PID"); redis0=$(proc_ticks "$(redis_pid)")
  BASE_URL=$BASE_URL N=$n CONC=$CONC OUT="$out" LABEL="$label" RESULTS_CSV="$csv" PHASE_HOOK="$WORK/hook.sh" \
    "$HARNESS" > "$WORK/round.txt" 2>&1 || ok=$?
  grep -E '^e2e: (submit|e2e) ' "$WORK/round.txt" | sed 's/^e2e: /  /' || true
  if [ "$ok" != 0 ]; then cat "$WORK/round.txt" >&2; die "harness failed in round $label"; fi
  local cmds service; cmds=$(commands_per_job "$n")
  service=$(script_calls "$cmds")
  local rss hwm; rss=$(rss_mb "$JAR_PID"); hwm=$(hwm_mb "$JAR_PID")
  # CPU per job over the whole round: repeatable where the rates swing with the machine's noise
  # (the harness's own status polls and final check of every id are included).
  local jar_us redis_us
  jar_us=$(( ($(proc_ticks "$JAR_PID") - jar0) * 10000000 / n / 1000 ))
  redis_us=$(( ($(proc_ticks "$(redis_pid)") - redis0) * 10000000 / n / 1000 ))
  echo "  CPU per job: jar ${jar_us} us, redis ${redis_us} us"
  echo "  commandstats per job: $cmds"
  echo "  script calls + blocking pops per job: $service; jar RSS ${rss} MiB, peak ${hwm} MiB"
  if [ "$record" = 1 ]; then
    python3 - "$out/summary.json" "$label" "$service" "$rss" "$hwm" "$load" "$cmds" "$RESULTS/e2e.jsonl" \
      "$jar_us" "$redis_us" <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1]))
d.update(label=sys.argv[2], script_calls_per_job=float(sys.argv[3]), rss_mb=int(sys.argv[4]),
         hwm_mb=int(sys.argv[5]), load1=float(sys.argv[6]), commandstats=sys.argv[7],
         jar_cpu_us_per_job=int(sys.argv[9]), redis_cpu_us_per_job=int(sys.argv[10]))
open(sys.argv[8], "a").write(json.dumps(d) + "\n")
print(f"E2E label={d['label']} n={d['n']} e2e_jobs_per_s={d['e2e_jobs_per_s']} submit_jobs_per_s={d['submit_jobs_per_s']}"
      f" p99_ms={d['p99_ms']} script_calls_per_job={d['script_calls_per_job']} rss_mb={d['rss_mb']} hwm_mb={d['hwm_mb']}"
      f" jar_us_per_job={d['jar_cpu_us_per_job']} redis_us_per_job={d['redis_cpu_us_per_job']}")
EOF2
  fi
}

# evalsha + eval + blmove per job from a commandstats line (the calls a worker or submit makes
# that are not plain reads; commandstats also counts every command run inside a script).
script_calls() {
  tr ' ' '\n' <<<"$1" | awk -F= '$1=="evalsha"||$1=="eval"||$1=="blmove"||$1=="blpop"{s+=$2} END{printf "%.2f", s}'
}

# Exact round trips: one untimed round of RT_N jobs under MONITOR, which marks the commands a
# script runs as "[0 lua]"; every other command on this Redis comes from the jar (the harness
# talks HTTP only) except our own redis-cli calls. HGETALL is left out: it answers the
# harness's GET /jobs/{id} polls, not the job's own work.
round_trips() {
  local n=$1
  rcli flushall >/dev/null
  redis-cli -p "$REDIS_PORT" monitor > "$WORK/monitor.txt" &
  local mon=$!
  _bench_pids+=("$mon")
  sleep 0.2
  BASE_URL=$BASE_URL N=$n CONC=$CONC OUT="$WORK/out-rt" "$HARNESS" > "$WORK/round.txt" 2>&1 \
    || { cat "$WORK/round.txt" >&2; die "harness failed in the round-trip round"; }
  kill "$mon"; wait "$mon" 2>/dev/null || true
  awk -v n="$n" '
    $2 == "[0" && $3 == "lua]" { next }
    { c = tolower($4); gsub(/"/, "", c) }
    c == "monitor" || c == "flushall" || c == "hgetall" || c == "config" || c == "info" || c == "" { next }
    { calls[c]++; total++ }
    END {
      line = sprintf("%.2f", total / n)
      for (c in calls) if (calls[c] / n >= 0.01) line = line sprintf(" %s=%.2f", c, calls[c] / n)
      print line
    }' "$WORK/monitor.txt"
}

# CPU seconds of the jar's threads so far, by kind: how much of the cold round went to the JIT
# compilers rather than to jobs (a fresh JVM on 2 cores spends most of its first seconds there).
thread_cpu() {
  for t in /proc/"$JAR_PID"/task/*; do
    echo "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0) $(cat "$t/comm" 2>/dev/null)"
  done | awk '{ kind = $2 ~ /^C2/ ? "c2" : $2 ~ /^C1/ ? "c1" : $2 ~ /^vert\.x-eventloo/ ? "event_loops" : "other"
               s[kind] += $1 }
             END { printf "c2=%.1fs c1=%.1fs event_loops=%.1fs other=%.1fs", s["c2"] / 100, s["c1"] / 100,
                   s["event_loops"] / 100, s["other"] / 100 }'
}

for w in $WORKERS_LIST; do
  start_jar all "$w"
  echo "jar: all-in-one, $w worker(s), ready in $READY_MS ms; N=$N (cold: first $COLD_N), $CONC connections"
  echo "cold round (first $COLD_N jobs after start):"
  round "java-w$w-cold" "$COLD_N" 1
  echo "  jar threads' CPU after start and the cold round: $(thread_cpu)"
  for i in $(seq "$WARMUP"); do echo "warm-up $i (not recorded):"; round "warmup" "$N" 0; done
  for i in $(seq "$REPS"); do echo "warm run $i:"; round "java-w$w" "$N" 1; done
  if [ "${RT_N:-2000}" -gt 0 ]; then
    rt=$(round_trips "${RT_N:-2000}")
    echo "ROUNDTRIPS label=java-w$w n=${RT_N:-2000} per_job=${rt%% *} (${rt#* }; MONITOR, scripts' own commands and harness reads left out)"
    result e2e_roundtrips.jsonl label="java-w$w" n="${RT_N:-2000}" per_job="${rt%% *}" detail="${rt#* }" at="$(stamp)"
  fi
  stop_jar
done
echo "raw rows: $RESULTS/e2e.csv, $RESULTS/e2e.jsonl"
