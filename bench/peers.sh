#!/usr/bin/env bash
# The peers, side by side with this service in one sitting, alternating the systems in each
# round (the machine is noisy: compare ratios from the same round), per ../shared/bench/README.md:
#   java          bench/e2e.sh, all-in-one jar with JAVA_WORKERS workers (a cold and a warm round)
#   seed-dev      the text's system rebuilt: Flask dev server + SEED_WORKERS worker.py (run_seed.sh dev)
#   seed-gunicorn the same under gunicorn, 4 sync workers (run_seed.sh gunicorn)
#   bullmq        BullMQ's own bench, every mode (peers/bullmq/run_bullmq.sh)
#   java-queue    bench/queue.sh, the queue-level peer of bullmq (concurrency 1, 8, 50 as bullmq's)
#   limits        redis-benchmark's limits (redis_limits.sh)
#
#   bench/peers.sh                      # N=20000 CONC=50 REPS=3, every system
#   SYSTEMS="java seed-dev" REPS=5 bench/peers.sh
#
# The shared scripts are run from a private copy of ../shared/bench made for this run (it is not
# edited, and its results/ stay untouched); they all use one redis-server of ours (no
# persistence, flushed by each run) on a free port; our scripts start their own, alike. Raw
# results go to bench/results/peers/. A system whose dependencies are missing is skipped with a
# SKIP line (Debian: wrk python3-flask python3-redis gunicorn time; BullMQ: npm ci in
# ../shared/bench/peers/bullmq, tried once here unless SMOKE=1).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SYSTEMS=${SYSTEMS:-java seed-dev seed-gunicorn bullmq java-queue limits}
N=${N:-20000}
CONC=${CONC:-50}
REPS=${REPS:-3}
JAVA_WORKERS=${JAVA_WORKERS:-4}
SEED_WORKERS=${SEED_WORKERS:-4}
QUEUE_WORKERS=${QUEUE_WORKERS:-1 8 50}
LIMITS_N1=${LIMITS_N1:-300000}
LIMITS_N16=${LIMITS_N16:-1000000}
need_shared "$SHARED_BENCH" "the shared benchmarks"
PR=$RESULTS/peers
mkdir -p "$PR"
COPY=$WORK/shared-bench
cp -r "$SHARED_BENCH" "$COPY"
chmod -R u+w "$COPY"
rm -rf "$COPY/results" && mkdir -p "$COPY/results"
start_redis
echo "peers: $SYSTEMS; N=$N CONC=$CONC REPS=$REPS; shared scripts from a copy of $SHARED_BENCH"

skip() { echo "SKIP $1: $2"; }
has_py() { /usr/bin/python3 -c "import $1" 2>/dev/null; }
seed_ok() { [ -x /usr/bin/python3 ] && has_py flask && has_py redis && command -v wrk >/dev/null; }
bullmq_ok() {
  command -v node >/dev/null && [ -x /usr/bin/time ] || return 1
  if [ ! -d "$SHARED_BENCH/peers/bullmq/node_modules/bullmq" ] && [ "${SMOKE:-0}" != 1 ]; then
    (cd "$SHARED_BENCH/peers/bullmq" && npm ci --no-audit --no-fund --loglevel=error) >&2 || true
    [ -d "$SHARED_BENCH/peers/bullmq/node_modules/bullmq" ] && cp -r "$SHARED_BENCH/peers/bullmq/node_modules" "$COPY/peers/bullmq/"
  fi
  [ -d "$COPY/peers/bullmq/node_modules/bullmq" ]
}

run_seed() { # MODE
  local mode=$1 before=0
  [ -f "$PR/seed_e2e.csv" ] && before=$(wc -l < "$PR/seed_e2e.csv")
  REDIS_PORT=$REDIS_PORT API_PORT=$(free_port) N=$N CONC=$CONC REPS=1 RESULTS_CSV="$PR/seed_e2e.csv" \
    RSS_CSV="$PR/seed_rss.csv" CPU_CSV="$PR/seed_cpu.csv" "$COPY/peers/seed_flask/run_seed.sh" "$mode" "$SEED_WORKERS" \
    > "$WORK/seed.txt" 2>&1 || { cat "$WORK/seed.txt" >&2; die "run_seed.sh $mode failed"; }
  local row; row=$(tail -n +$((before + 1)) "$PR/seed_e2e.csv" | grep -v '^label' | tail -1)
  [ -n "$row" ] || { cat "$WORK/seed.txt" >&2; die "run_seed.sh $mode wrote no result"; }
  # label,n,conc,wrk_threads,submit_ok,submit_bad,submit_s,submit_jobs_per_s,p50,p99,max,sock,e2e_s,e2e_jobs_per_s,drain,late,unfinished
  awk -F, '{printf "PEER system=%s n=%s submit_jobs_per_s=%s p50_ms=%s p99_ms=%s e2e_jobs_per_s=%s unfinished=%s\n", $1,$2,$8,$9,$10,$14,$17}' <<<"$row"
  [ "$(cut -d, -f17 <<<"$row")" = 0 ] || die "seed $mode left jobs unfinished: $row"
}

for rep in $(seq "$REPS"); do
  echo "== round $rep of $REPS ($(stamp), load $(load1))"
  for s in $SYSTEMS; do
    case "$s" in
      java)
        RESULTS=$PR WORKERS_LIST=$JAVA_WORKERS N=$N COLD_N=$N CONC=$CONC REPS=1 WARMUP=1 RT_N=0 "$BENCH_DIR/e2e.sh" \
          | grep -E '^(E2E|jar:)' ;;
      seed-dev) if seed_ok; then run_seed dev; else skip "$s" "needs /usr/bin/python3 with flask and redis, and wrk"; fi ;;
      seed-gunicorn)
        if seed_ok && /usr/bin/python3 -m gunicorn --version >/dev/null 2>&1; then run_seed gunicorn
        else skip "$s" "needs gunicorn for /usr/bin/python3"; fi ;;
      bullmq)
        if bullmq_ok; then
          N=$N REDIS_PORT=$REDIS_PORT REPS=1 OUTF="$WORK/bullmq.jsonl" "$COPY/peers/bullmq/run_bullmq.sh" > "$WORK/bullmq.txt" 2>&1 \
            || { cat "$WORK/bullmq.txt" >&2; die "run_bullmq.sh failed"; }
          [ -s "$WORK/bullmq.jsonl" ] || { cat "$WORK/bullmq.txt" >&2; die "run_bullmq.sh wrote no result"; }
          python3 - "$WORK/bullmq.jsonl" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    extra = "".join(f" {k}={d[k]}" for k in ("p50_ms", "p99_ms") if d.get(k) is not None)
    print(f"PEER system=bullmq mode={d['mode']} concurrency={d['concurrency']} n={d['n']} per_s={d['per_s']}{extra}")
PY
          python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l); d["round"] = int(sys.argv[2]); print(json.dumps(d))' "$WORK/bullmq.jsonl" "$rep" >> "$PR/bullmq.jsonl"
          rm -f "$WORK/bullmq.jsonl"
        else skip "$s" "needs node, /usr/bin/time and npm ci in $SHARED_BENCH/peers/bullmq"; fi ;;
      java-queue)
        RESULTS=$PR N=$N REPS=1 WORKERS_LIST=$QUEUE_WORKERS "$BENCH_DIR/queue.sh" | grep '^QUEUE' ;;
      limits)
        if command -v redis-benchmark >/dev/null; then
          REDIS_PORT=$REDIS_PORT REPS=1 N1=$LIMITS_N1 N16=$LIMITS_N16 "$COPY/redis_limits.sh" "$WORK/limits.csv" > /dev/null \
            || die "redis_limits.sh failed"
          [ -s "$PR/redis_limits.csv" ] || head -1 "$WORK/limits.csv" | sed 's/^/round,/' > "$PR/redis_limits.csv"
          tail -n +2 "$WORK/limits.csv" | sed "s/^/$rep,/" >> "$PR/redis_limits.csv"
          awk -F, 'NR>1 {printf "PEER system=redis test=%s pipeline=%s per_s=%s\n", $2, $3, $6}' "$WORK/limits.csv"
        else skip "$s" "needs redis-benchmark"; fi ;;
      *) die "unknown system $s" ;;
    esac
  done
done
cat "$COPY"/results/*_env.txt >> "$PR/env.txt" 2>/dev/null || true
echo "raw rows: $PR/"
