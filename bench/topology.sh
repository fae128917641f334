#!/usr/bin/env bash
# The end-to-end benchmark (../shared/bench/e2e.sh) against each Redis topology the service
# supports, all on this machine:
#
#   TOPOLOGY=standalone bench/topology.sh        # one redis-server
#   TOPOLOGY=sentinel WAIT_REPLICAS=1 bench/topology.sh   # master + replica + 3 Sentinels
#   TOPOLOGY=cluster bench/topology.sh           # 3 masters (redis-cli --cluster create)
#
# Knobs: WORKERS=4 N=5000 CONC=50 REPS=2 WARMUP=1. Redis without persistence, flushed before
# each round; the jar runs with the JVM's default heap. Needs java, redis-server, redis-cli, wrk,
# /usr/bin/python3 and the jar (mvn package).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench/e2e.sh}
JAR=${JAR:-$ROOT/target/jobs-service.jar}
TOPOLOGY=${TOPOLOGY:-standalone}
WAIT_REPLICAS=${WAIT_REPLICAS:-0}
WORKERS=${WORKERS:-4}
N=${N:-5000}
CONC=${CONC:-50}
REPS=${REPS:-2}
WARMUP=${WARMUP:-1}

[ -x "$HARNESS" ] || { echo "harness not found: $HARNESS (set HARNESS=)"; exit 2; }
[ -f "$JAR" ] || { echo "jar not found: $JAR (run mvn package first)"; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d /tmp/jobs-topology.XXXXXX)
DATA_PORTS=()
SENTINEL_PIDS=()
cleanup() {
  [ -n "${JAR_PID:-}" ] && kill "$JAR_PID" 2>/dev/null && wait "$JAR_PID" 2>/dev/null || true
  for pid in "${SENTINEL_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for port in "${DATA_PORTS[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

data_node() {  # data_node PORT [redis-server options...]
  local port=$1; shift
  mkdir -p "$WORK/$port"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --repl-diskless-sync-delay 0 --logfile "$WORK/$port/redis.log" --dir "$WORK/$port" "$@"
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  DATA_PORTS+=("$port")
}

case "$TOPOLOGY" in
  standalone)
    data_node "$(free_port)"
    ENV=(REDIS_URL="redis://127.0.0.1:${DATA_PORTS[0]}")
    ;;
  sentinel)
    data_node "$(free_port)"
    data_node "$(free_port)" --replicaof 127.0.0.1 "${DATA_PORTS[0]}"
    sentinels=()
    for i in 1 2 3; do
      port=$(free_port)
      printf 'port %s\nbind 127.0.0.1\ndir %s\nsentinel monitor bench 127.0.0.1 %s 2\nsentinel down-after-milliseconds bench 5000\n' \
        "$port" "$WORK" "${DATA_PORTS[0]}" > "$WORK/sentinel-$i.conf"
      redis-server "$WORK/sentinel-$i.conf" --sentinel > "$WORK/sentinel-$i.log" 2>&1 &
      SENTINEL_PIDS+=($!)
      sentinels+=("127.0.0.1:$port")
    done
    for _ in $(seq 100); do
      redis-cli -p "${DATA_PORTS[0]}" info replication | grep -q 'state=online' && break; sleep 0.1
    done
    ENV=(REDIS_SENTINELS="$(IFS=,; echo "${sentinels[*]}")" REDIS_MASTER_NAME=bench)
    sleep 1
    ;;
  cluster)
    nodes=()
    for i in 1 2 3; do
      port=$(free_port)
      data_node "$port" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-port "$(free_port)"
      nodes+=("127.0.0.1:$port")
    done
    redis-cli --cluster create "${nodes[@]}" --cluster-yes > "$WORK/create.log"
    for _ in $(seq 100); do
      redis-cli -p "${DATA_PORTS[0]}" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1
    done
    ENV=(REDIS_CLUSTER_NODES="$(IFS=,; echo "${nodes[*]}")")
    ;;
  *) echo "TOPOLOGY must be standalone, sentinel or cluster"; exit 2 ;;
esac

HTTP_PORT=$(free_port)
(cd "$WORK" && exec env "${ENV[@]}" REDIS_WAIT_REPLICAS="$WAIT_REPLICAS" HTTP_PORT="$HTTP_PORT" HTTP_HOST=127.0.0.1 \
  JOBS_WORKERS="$WORKERS" java -jar "$JAR" > "$WORK/service.log" 2>&1) &
JAR_PID=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$HTTP_PORT/" >/dev/null && break; sleep 0.1; done
grep -o 'jobs-service started.*' "$WORK/service.log"

round() {
  for port in "${DATA_PORTS[@]}"; do
    redis-cli -p "$port" info replication | grep -q role:master && redis-cli -p "$port" flushall >/dev/null
  done
  BASE_URL=http://127.0.0.1:$HTTP_PORT N=$N CONC=$CONC OUT="$WORK/out" "$@" "$HARNESS" | grep -E '^e2e: (submit|e2e) '
}
for i in $(seq "$WARMUP"); do echo "warm-up $i:"; round env; done
for i in $(seq "$REPS"); do echo "run $i ($TOPOLOGY, wait_replicas=$WAIT_REPLICAS):"; round env; done
