#!/usr/bin/env bash
# Runs the chaos ITs against the built jar and prints their figures (docs/reliability.md):
#   WorkerKillIT     kill -9 of worker JVMs mid-job under a stream of submissions
#   RedisRestartIT   Redis SIGKILLed and restarted from its AOF under load
#   WorkerSigtermIT  SIGTERM of a worker JVM mid-job, short and long shutdown grace
#
#   bench/reliability.sh                          # each once, Redis with appendfsync always
#   RUNS=5 bench/reliability.sh                   # five rounds: figures vary, failures must not
#   APPENDFSYNC=everysec ITS=RedisRestartIT bench/reliability.sh
#   LEASE_MS=15000 ITS=WorkerKillIT bench/reliability.sh    # the default lease (the IT uses 2 s)
#
# Each IT starts its own redis-server on a free port and its own JVMs from target/jobs-service.jar
# (mvn verify builds it). Needs: java 17, mvn, redis-server. Figures go to stdout and are
# appended to $OUT/figures.txt, one "RELIABILITY scenario=... key=value" line per scenario.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${RUNS:-1}
APPENDFSYNC=${APPENDFSYNC:-always}
LEASE_MS=${LEASE_MS:-2000}
ITS=${ITS:-WorkerKillIT,RedisRestartIT,WorkerSigtermIT}
OUT=${OUT:-$ROOT/target/reliability}
mkdir -p "$OUT"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f3)"
failed=0
for i in $(seq "$RUNS"); do
  echo "round $i of $RUNS: $ITS (appendfsync $APPENDFSYNC, worker lease $LEASE_MS ms in WorkerKillIT)"
  started=$(date +%s)
  rm -rf target/failsafe-reports
  if ! mvn -B -q verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="$ITS" \
      -Dchaos.appendfsync="$APPENDFSYNC" -Dchaos.lease.ms="$LEASE_MS" > "$OUT/mvn-round-$i.log" 2>&1; then
    failed=$((failed + 1))
    echo "round $i FAILED: see $OUT/mvn-round-$i.log and target/failsafe-reports/"
  fi
  # Kept per round: each IT's output, with the logs of the processes it started.
  rm -rf "$OUT/round-$i" && mkdir -p "$OUT/round-$i" && cp target/failsafe-reports/*.txt "$OUT/round-$i/" 2>/dev/null || true
  grep -ah '^RELIABILITY' target/failsafe-reports/*-output.txt | sed "s/^RELIABILITY /round=$i /" \
    | tee -a "$OUT/figures.txt" || true
  echo "round $i took $(( $(date +%s) - started )) s (build included)"
done
echo "$failed of $RUNS round(s) failed; figures appended to $OUT/figures.txt"
[ "$failed" -eq 0 ]
