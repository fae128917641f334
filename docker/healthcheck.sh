#!/usr/bin/env bash
# The image's HEALTHCHECK: exits 0 when GET /health/live on this container's HTTP port answers
# 200. Plain bash (its /dev/tcp), because the JRE image has no curl or wget, and starting a
# second JVM for a probe could push a memory-limited container over its limit.
# Kubernetes ignores HEALTHCHECK and uses the probes in k8s/; this serves `docker run` and Compose.
set -euo pipefail
port="${HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3
[[ "$status" == "HTTP/1.1 200 "* ]]
