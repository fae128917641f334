#!/usr/bin/env bash
# A job's JSON as the API answers with it: Job.encode() against toJson().encode(), in one JVM,
# alternated, nanoseconds per job (src/test/java/dev/jobsservice/bench/EncodeBench.java).
#
#   bench/encode.sh            # N=2000000 per measurement, 6 rounds; compare rounds 3-6
#
# Needs: java, mvn (for the classpath); mvn -q test-compile run first.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -f target/test-classes/dev/jobsservice/bench/EncodeBench.class ] || { echo "run mvn -q test-compile first" >&2; exit 2; }
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null
java ${JAVA_OPTS:--Xms16m -Xmx256m -XX:+UseSerialGC} -cp "target/test-classes:target/classes:$(cat "$cp")" \
  dev.jobsservice.bench.EncodeBench "${N:-2000000}"
