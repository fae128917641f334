#!/usr/bin/env bash
# Latency of GET /data searches and filters on a 100,000-record dataset, and the time to load it.
#
#   bench/search.sh                   # N=100000 REQUESTS=300 WARMUP=100
#   HEAP=64m bench/search.sh          # a heap too small to keep a copy of the texts: Redis is scanned
#
# Starts its own redis-server (no persistence) and a copy of the jar on free ports, generates the
# meteorite-style CSV (src/test/java/dev/jobsservice/testing/Meteorites.java), loads it with
# POST /data, then sends each query REQUESTS times, one at a time on one keep-alive connection
# (after WARMUP unrecorded ones), and prints p50 / p99 / max in milliseconds as seen by the client.
# Needs: java, redis-server, redis-cli, curl, python3; the jar built (mvn package).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
N=${N:-100000}
REQUESTS=${REQUESTS:-300}
WARMUP=${WARMUP:-100}
HEAP=${HEAP:-}
# Raw output, with the time and load, is kept beside the other scenarios' results.
RESULTS=${RESULTS:-$ROOT/bench/results}
mkdir -p "$RESULTS"
exec > >(tee -a "$RESULTS/search.txt") 2>&1
echo "# search $(date -u +%FT%TZ) N=$N REQUESTS=$REQUESTS $(uptime | sed 's/.*load average/load average/')"

[ -f "$ROOT/target/jobs-service.jar" ] || { echo "jar not found: run mvn package first"; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
HTTP_PORT=$(free_port)
WORK=$(mktemp -d /tmp/jobs-search-bench.XXXXXX)
cleanup() {
  [ -n "${JAR_PID:-}" ] && kill "$JAR_PID" 2>/dev/null && wait "$JAR_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# A copy: a build running meanwhile may replace target/jobs-service.jar.
cp "$ROOT/target/jobs-service.jar" "$WORK/jobs-service.jar"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --logfile "$WORK/redis.log" --dir "$WORK"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

(cd "$WORK" && REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 JOBS_ROLE=api \
  exec java ${HEAP:+-Xmx$HEAP} -jar "$WORK/jobs-service.jar" > "$WORK/service.log" 2>&1) &
JAR_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HTTP_PORT/" >/dev/null && break; sleep 0.1; done

java "$ROOT/src/test/java/dev/jobsservice/testing/Meteorites.java" "$N" > "$WORK/data.csv"
echo "dataset: $N records, $(stat -c %s "$WORK/data.csv") bytes of CSV; heap: ${HEAP:-JVM default}"
for i in 1 2 3; do
  start=$(date +%s%N)
  report=$(curl -sf --data-binary @"$WORK/data.csv" -H 'Content-Type: text/csv' "http://127.0.0.1:$HTTP_PORT/data")
  echo "load $i: $(( ($(date +%s%N) - start) / 1000000 )) ms wall; $report"
done

BASE=http://127.0.0.1:$HTTP_PORT REQUESTS=$REQUESTS WARMUP=$WARMUP python3 - <<'EOF'
import http.client, os, time, urllib.parse
base = urllib.parse.urlparse(os.environ["BASE"])
requests, warmup = int(os.environ["REQUESTS"]), int(os.environ["WARMUP"])
queries = [
    ("search, no match (scans all)", "/data?search=zzzz"),
    ("search, rare term (~all scanned)", "/data?search=" + urllib.parse.quote("boguslavka 4330")),
    ("search, UTF-8 term, page of 20", "/data?search=" + urllib.parse.quote("Кунашак") + "&limit=20"),
    ("two filters, page of 20", "/data?recclass=L6&fall=Fell&limit=20"),
    ("two filters, rare (~all scanned)", "/data?recclass=Lunar&year=1990"),
    ("search + filter, page of 100", "/data?search=allan&fall=Found&limit=100"),
    ("plain page at 50,000", "/data?limit=20&cursor=50000"),
]
conn = http.client.HTTPConnection(base.hostname, base.port)
print(f"{'query':36} {'found':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
for name, path in queries:
    times = []
    for i in range(warmup + requests):
        t = time.perf_counter()
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        elapsed = (time.perf_counter() - t) * 1000
        assert r.status == 200, (path, r.status, body[:200])
        if i >= warmup:
            times.append(elapsed)
    found = body.count(b'"id":')
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{name:36} {found:>6} {p(0.50):>8.1f} {p(0.99):>8.1f} {times[-1]:>8.1f}")
EOF
echo "service RSS: $(ps -o rss= -p "$JAR_PID") KiB; redis used_memory: $(redis-cli -p "$REDIS_PORT" info memory | grep '^used_memory_human' | cut -d: -f2 | tr -d '\r')"
