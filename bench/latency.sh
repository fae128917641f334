#!/usr/bin/env bash
# Scenario 4, latency: enqueue -> start and enqueue -> complete at a fixed rate (1,000 jobs/s).
#
#   bench/latency.sh                    # RATE=1000 DURATION=20 WORKERS=4 REPS=3 CONC=16
#
# The all-in-one jar with WORKERS workers; wrk (bench/lib/post.lua) POSTs no-op jobs at RATE
# jobs/s for DURATION s over CONC connections and records each id. Once all are finished, every
# job is read back (GET /jobs/{id}): enqueue is its created_at (stamped by the service when it
# accepted the POST), start its started_at, complete its finished_at, all to the millisecond from
# the same clock. The first second of jobs is left out (warm-up of the run). Needs: java,
# redis-server, wrk, curl, python3; the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RATE=${RATE:-1000}
DURATION=${DURATION:-20}
WORKERS=${WORKERS:-4}
REPS=${REPS:-3}
CONC=${CONC:-16}
WARMUP_S=${WARMUP_S:-5}
need java redis-server wrk curl
start_redis
start_jar all "$WORKERS"
echo "jar: all-in-one, $WORKERS worker(s), ready in $READY_MS ms; $RATE jobs/s for ${DURATION}s over $CONC connections"
post() {
  wrk -t1 -c"$CONC" -d"$2s" --timeout 10s -s "$BENCH_DIR/lib/post.lua" "$BASE_URL/jobs" -- "$1" \
    '{"start":"2000","end":"2010"}' "$3" > "$WORK/wrk.txt" 2>&1 || { cat "$WORK/wrk.txt" >&2; die "wrk failed"; }
  grep '^POST_DONE' "$WORK/wrk.txt"
}
if [ "$WARMUP_S" -gt 0 ]; then post "$RATE" "$WARMUP_S" "$WORK/warm-ids.txt" >/dev/null; echo "warm-up: ${WARMUP_S}s (not recorded)"; fi
for rep in $(seq "$REPS"); do
  env_snapshot >> "$RESULTS/latency_env.txt"
  rcli flushall >/dev/null
  line=$(post "$RATE" "$DURATION" "$WORK/ids.txt")
  achieved=$(tr ' ' '\n' <<<"$line" | awk -F= '$1=="rate"{print $2}')
  stats=$(python3 - "$BASE_URL" "$WORK/ids.txt" <<'PY'
import datetime, http.client, json, sys, time, urllib.parse
base = urllib.parse.urlparse(sys.argv[1])
ids = [l.strip() for l in open(sys.argv[2]) if l.strip()]
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
def ms(t):
    return datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000
rows, deadline = [], time.time() + 120
for jid in ids:
    while True:
        conn.request("GET", "/jobs/" + jid)
        j = json.loads(conn.getresponse().read())
        if j.get("status") in ("complete", "failed", "cancelled"):
            break
        if time.time() > deadline:
            sys.exit("job %s still %s after 120 s" % (jid, j.get("status")))
        time.sleep(0.05)
    if j["status"] != "complete":
        sys.exit("job %s ended %s" % (jid, j["status"]))
    rows.append((ms(j["created_at"]), ms(j["started_at"]), ms(j["finished_at"])))
if not rows:
    sys.exit("no job was accepted during the run (see the wrk output)")
rows.sort()
t0 = rows[0][0]
kept = [r for r in rows if r[0] >= t0 + 1000] or rows
def pct(v, q):
    v = sorted(v); return v[min(len(v) - 1, int(q * len(v)))]
start = [s - c for c, s, f in kept]
done = [f - c for c, s, f in kept]
print(f"jobs={len(kept)} start_p50_ms={pct(start,.5):.0f} start_p99_ms={pct(start,.99):.0f} start_max_ms={max(start):.0f}"
      f" complete_p50_ms={pct(done,.5):.0f} complete_p99_ms={pct(done,.99):.0f} complete_max_ms={max(done):.0f}")
PY
)
  echo "LATENCY rep=$rep target_rate=$RATE rate=$achieved workers=$WORKERS $stats"
  # shellcheck disable=SC2046
  result latency.jsonl rep="$rep" target_rate="$RATE" rate="$achieved" workers="$WORKERS" $stats load1="$(load1)" at="$(stamp)"
done
echo "raw rows: $RESULTS/latency.jsonl"
