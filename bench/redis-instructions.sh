#!/usr/bin/env bash
# Redis's own work per job, in instructions. valgrind's callgrind counts instructions, not seconds:
# the same code and inputs give about the same count whatever else the machine does, so a change to
# the scripts shows on a noisy machine where timings drown it. redis-server runs under callgrind
# (some 50 times slower), counted apart in three phases:
#   submit: DURATION s of POST /jobs (wrk, 50 connections) against JOBS_ROLE=api;
#   drain:  a JOBS_ROLE=worker process with WORKERS workers empties that queue;
#   prune:  the finished jobs' retention is made to pass (outside the count: each retention score
#           set to 0 and, where a job's key has a TTL, that TTL to 1 ms, as if a week went by),
#           then one idle worker removes them (its prune each second, and Redis's own expiry).
#           A busy queue pays this later for every job it ran.
# Slowed down so, Redis sees full group commits (up to 64 jobs a call): these are a busy queue's counts.
#
#   bench/redis-instructions.sh                  # DURATION=15 WORKERS=16
#   JAR=/tmp/other.jar bench/redis-instructions.sh   # another build, to compare
#   CG_OUT=/tmp/cg bench/redis-instructions.sh   # keep the profiles: callgrind_annotate /tmp/cg/drain.cg
#
# Needs: valgrind, redis-server, redis-cli, wrk, java, curl; the jar built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-15}
# The job submitted; the default is the peers' (../shared/bench/e2e.sh). Dates of a day or an
# instant make a longer spec: BODY='{"start":"2000-01-01","end":"2010-12-31"}'.
BODY=${BODY:-'{"start":"2000","end":"2010"}'}
WORKERS=${WORKERS:-16}
if [ "${SMOKE:-0}" = 1 ] && ! command -v valgrind >/dev/null; then
  echo "SKIP $(basename "$0"): valgrind not installed"
  exit 0
fi
need valgrind callgrind_control callgrind_annotate redis-server redis-cli wrk java curl
start_redis_under_callgrind

start_jar api 0
callgrind_control -z "$RPID" >/dev/null 2>&1
wrk -t1 -c50 -d"${DURATION}s" -s "$BENCH_DIR/lib/post.lua" "$BASE_URL/jobs" -- 0 "$BODY" >/dev/null
callgrind_control -d "$RPID" >/dev/null 2>&1
n=$(rcli llen '{jobs}:queue')
stop_jar
[ "$n" -gt 0 ] || die "no job was submitted"

callgrind_control -z "$RPID" >/dev/null 2>&1
start_jar worker "$WORKERS"
deadline=$(( SECONDS + 900 ))
until [ "$(rcli llen '{jobs}:queue')" = 0 ] && [ "$(rcli zcount '{jobs}:status:in_progress' -inf '(+inf')" = 0 ]; do
  [ "$SECONDS" -lt "$deadline" ] || die "the queue did not drain within 900 s"
  sleep 0.5
done
callgrind_control -d "$RPID" >/dev/null 2>&1
stop_jar

# The retention passes: every score to 0 and every TTL on a job's keys to 1 ms (a build that
# deletes finished jobs itself gives them none), so each build removes them its own way.
rcli eval "local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], 0, id)
  for _, k in ipairs({ARGV[1] .. 'job:' .. id, ARGV[1] .. 'result:' .. id}) do
    if redis.call('PTTL', k) > 0 then redis.call('PEXPIRE', k, 1) end
  end
end
return #ids" 1 '{jobs}:retention' '{jobs}:' >/dev/null
# What is left once every finished job's keys are gone (counted before, not while measuring).
rest=$(( $(rcli dbsize) - $(rcli eval "return #redis.call('KEYS', ARGV[1] .. 'job:*') + #redis.call('KEYS', ARGV[1] .. 'result:*')" 0 '{jobs}:') ))
callgrind_control -z "$RPID" >/dev/null 2>&1
start_jar worker 1
deadline=$(( SECONDS + 900 ))
until [ "$(rcli zcard '{jobs}:retention')" = 0 ] && [ "$(rcli zcard '{jobs}:index')" = 0 ] \
    && [ "$(rcli dbsize)" -le "$rest" ]; do
  [ "$SECONDS" -lt "$deadline" ] || die "the finished jobs were not removed within 900 s"
  sleep 0.5
done
callgrind_control -d "$RPID" >/dev/null 2>&1
stop_jar

if [ -n "${CG_OUT:-}" ]; then
  mkdir -p "$CG_OUT" && cp "$WORK/redis.cg.1" "$CG_OUT/submit.cg" && cp "$WORK/redis.cg.2" "$CG_OUT/drain.cg" \
    && cp "$WORK/redis.cg.3" "$CG_OUT/prune.cg"
fi
submit=$(( $(callgrind_total "$WORK/redis.cg.1") / n ))
drain=$(( $(callgrind_total "$WORK/redis.cg.2") / n ))
prune=$(( $(callgrind_total "$WORK/redis.cg.3") / n ))
echo "REDIS-INSTRUCTIONS jobs=$n workers=$WORKERS submit_per_job=$submit drain_per_job=$drain prune_per_job=$prune" \
  "total_per_job=$(( submit + drain + prune ))"
result redis-instructions.jsonl at="$(stamp)" jobs="$n" workers="$WORKERS" submit_per_job="$submit" \
  drain_per_job="$drain" prune_per_job="$prune" jar="$JAR_SRC"
