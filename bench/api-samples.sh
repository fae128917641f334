#!/usr/bin/env bash
# Where the API's event loop spends its time under a submit load, as shares of its JFR samples:
# the API alone (no worker), warmed up, then DURATION s of POST /jobs (wrk, 50 connections)
# recorded with JFR sampling every millisecond (the default profile's 10-20 ms gives too few
# samples to tell 2 % from 4 %). Shares are robust where rates and CPU times are not: a noisy
# machine slows every sample alike.
#
#   JAR=/tmp/base.jar bench/api-samples.sh     # DURATION=15; the recording stays in /tmp/api-samples.jfr
#
# Prints the event loop's sample count and the share in: Vert.x's HTTP server meters
# (io.vertx.micrometer), ours (dev.jobsservice.ops.HttpMeters, leaving out what it calls through
# the router's next()), any Micrometer frame, java.util.regex, and any Jackson frame (JSON in and out).
# Needs: java (with its jfr tool), redis-server, wrk, curl, python3; the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-15}
JAVA_OPTS=${JAVA_OPTS:--Xms16m -Xmx256m -XX:+UseSerialGC}
need java jfr redis-server wrk curl python3
JFC="$WORK/fast.jfc"
# The JDK's profile settings with the Java sampling period at 1 ms.
sed '/"jdk.ExecutionSample"/,/<\/event>/ s|<setting name="period"[^>]*>[^<]*</setting>|<setting name="period">1 ms</setting>|' \
  "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" > "$JFC"
start_redis
BODY='{"start":"2000","end":"2010"}'
OUT=${OUT:-/tmp/api-samples.jfr}
rm -f "$OUT"
JAVA_OPTS="$JAVA_OPTS -XX:StartFlightRecording=settings=$JFC,filename=$OUT" start_jar api 0
wrk -t1 -c50 -d5s -s "$BENCH_DIR/lib/post.lua" "$BASE_URL/jobs" -- 0 "$BODY" >/dev/null 2>&1   # warm-up
# Only the measured stretch counts: the samples before it are left out by time.
from=$(date -u +%FT%T.%3NZ)
wrk -t1 -c50 -d"${DURATION}s" -s "$BENCH_DIR/lib/post.lua" "$BASE_URL/jobs" -- 0 "$BODY" | grep Requests/sec
stop_jar
python3 "$BENCH_DIR/lib/jfr_shares.py" "$OUT" "$from"
