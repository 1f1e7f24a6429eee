#!/usr/bin/env bash
# The image's HEALTHCHECK: exit 0 when GET /health/ready answers 200 (serving; 503 while draining).
# Plain bash over /dev/tcp, so the image needs no curl or wget.
#   healthcheck.sh [PORT]   (default: 8080, or $LLM_GATEWAY_HEALTH_PORT)
set -euo pipefail
port="${1:-${LLM_GATEWAY_HEALTH_PORT:-8080}}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3
[[ "$status" == "HTTP/1.1 200 "* ]]
