# Sourced by the bench/ scripts: their own redis-server, a copy of the jar, results, summaries.
# Every process started here is stopped by bench_cleanup (by its pid), on any exit.
# shellcheck shell=bash
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RESULTS=${RESULTS:-$BENCH_DIR/results}
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
# A clone made elsewhere (CI clones into a scratch folder) finds the team's copy where it lives here.
[ -d "$SHARED_BENCH" ] || [ ! -d /work/shared/bench ] || SHARED_BENCH=/work/shared/bench
JAR_SRC=${JAR:-$ROOT/target/jobs-service.jar}
mkdir -p "$RESULTS"
WORK=$(mktemp -d /tmp/jobs-bench.XXXXXX)
REDIS_PORT=""
JAR_PID=""
_bench_pids=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
stamp() { date -u +%FT%TZ; }
die() { echo "$(basename "$0"): $*" >&2; exit 2; }
# The shared harness (../shared/bench) is the team's, not this repository's: without it a smoke
# run says SKIP and passes (the scripts that do not need it still run); a real run fails.
need_shared() { # PATH WHAT
  [ -e "$1" ] && return 0
  if [ "${SMOKE:-0}" = 1 ]; then echo "SKIP $(basename "$0"): $2 not found at $1 (set SHARED_BENCH=)"; exit 0; fi
  die "$2 not found: $1 (set SHARED_BENCH= or HARNESS=)"
}
need() { for c in "$@"; do command -v "$c" >/dev/null || die "needs $c on the PATH"; done; }

bench_cleanup() {
  stop_jar
  for p in "${_bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$REDIS_PORT" ] && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

# A redis-server of our own on a free port, no persistence (as the peers' figures use).
start_redis() {
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --logfile "$WORK/redis.log" --dir "$WORK" "$@"
  for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
  redis-cli -p "$REDIS_PORT" ping >/dev/null || die "redis-server did not start: $(cat "$WORK/redis.log")"
  echo "redis: own redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT," \
    "no persistence (--save \"\" --appendonly no)"
}
# A redis-server of our own under valgrind's callgrind (some 50 times slower), to count its
# instructions: sets REDIS_PORT and RPID; profiles go to $WORK/redis.cg.<n> (callgrind_control -d).
start_redis_under_callgrind() {
  REDIS_PORT=$(free_port)
  valgrind --tool=callgrind --callgrind-out-file="$WORK/redis.cg" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 \
    --save "" --appendonly no > "$WORK/redis.log" 2>&1 &
  RPID=$!
  _bench_pids+=("$RPID")
  for _ in $(seq 300); do rcli ping >/dev/null 2>&1 && break; sleep 0.1; done
  rcli ping >/dev/null || die "redis-server under callgrind did not start: $(tail -5 "$WORK/redis.log")"
  echo "redis: redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) under callgrind on 127.0.0.1:$REDIS_PORT, no persistence"
}
# The instructions a callgrind profile counted in all.
callgrind_total() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'; }
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }
redis_pid() { rcli info server | tr -d '\r' | awk -F: '/^process_id:/{print $2}'; }
# CPU clock ticks (user + system, 100 a second) a process has used so far.
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
redis_used_memory() { rcli info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r'; }

# The jar, copied once per script run: a build running meanwhile may replace target/.
copy_jar() {
  [ -f "$JAR_SRC" ] || die "jar not found: $JAR_SRC (run mvn package first)"
  [ -f "$WORK/jobs-service.jar" ] || cp "$JAR_SRC" "$WORK/jobs-service.jar"
}

# start_jar ROLE WORKERS [extra env assignments...]: sets JAR_PID, HTTP_PORT, BASE_URL, READY_MS
# (exec until GET /health/ready answers 200). JAVA_OPTS is passed to java.
start_jar() {
  local role=$1 workers=$2; shift 2
  copy_jar
  HTTP_PORT=$(free_port)
  BASE_URL=http://127.0.0.1:$HTTP_PORT
  local t0; t0=$(now_ms)
  # With LAUNCHER=1, through bin/jobs-service (its class-data archive beside the jar's copy; it
  # execs java, so the pid is the JVM's once it runs); else java -jar with JAVA_OPTS.
  local run=(java ${JAVA_OPTS:-} -jar "$WORK/jobs-service.jar")
  [ "${LAUNCHER:-0}" = 1 ] && run=(env JAR="$WORK/jobs-service.jar" "$ROOT/bin/jobs-service")
  # shellcheck disable=SC2086
  (cd "$WORK" && exec env REDIS_URL="redis://127.0.0.1:$REDIS_PORT" HTTP_PORT="$HTTP_PORT" HTTP_HOST=127.0.0.1 \
    JOBS_ROLE="$role" JOBS_WORKERS="$workers" JOBS_WORKER_ID="bench" "$@" \
    "${run[@]}" >> "$WORK/service.log" 2>&1) &
  JAR_PID=$!
  local deadline=$(( $(now_ms) + 60000 ))
  until curl -sf -o /dev/null --max-time 1 "$BASE_URL/health/ready"; do
    kill -0 "$JAR_PID" 2>/dev/null || { tail -20 "$WORK/service.log" >&2; die "the jar exited during start-up"; }
    [ "$(now_ms)" -lt "$deadline" ] || die "the jar was not ready within 60 s"
    sleep 0.02
  done
  READY_MS=$(( $(now_ms) - t0 ))
}
stop_jar() {
  if [ -n "${JAR_PID:-}" ]; then
    kill "$JAR_PID" 2>/dev/null || true
    wait "$JAR_PID" 2>/dev/null || true
    JAR_PID=""
  fi
}
# VmRSS / VmHWM of a process, in MiB.
rss_mb() { awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

# Load and what else runs: the machine is shared, every result carries a snapshot.
env_snapshot() {
  echo "# $(stamp) $(uptime | sed 's/.*load average/load average/')"
  ps -eo pid,pcpu,rss,etimes,comm --sort=-pcpu | head -6 | sed 's/^/# /'
}
load1() { cut -d' ' -f1 /proc/loadavg; }

# result FILE key=value...: appends one JSON line (values that look like numbers stay numbers).
result() {
  local file=$1; shift
  python3 - "$@" >> "$RESULTS/$file" <<'EOF'
import json, re, sys
row = {}
for kv in sys.argv[1:]:
    k, _, v = kv.partition("=")
    if re.fullmatch(r"-?(0|[1-9]\d*)", v):
        row[k] = int(v)
    elif re.fullmatch(r"-?\d+\.\d+", v):
        row[k] = float(v)
    else:
        row[k] = v
print(json.dumps(row))
EOF
}

# Redis commands per job since the last CONFIG RESETSTAT: "total=.. <cmd>=.." (calls / n).
commands_per_job() {
  local n=$1
  rcli info commandstats | tr -d '\r' | awk -F'[:=,]' -v n="$n" '
    /^cmdstat_/ { c = substr($1, 9); if (c == "config" || c == "info") next; calls[c] = $3; total += $3 }
    END {
      line = sprintf("total=%.2f", total / n)
      for (c in calls) if (calls[c] / n >= 0.01) line = line sprintf(" %s=%.2f", c, calls[c] / n)
      print line
    }'
}
