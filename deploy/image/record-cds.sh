#!/usr/bin/env bash
# Records the AppCDS archive of the gateway's jar at image build time (README "Running it"): starts
# the demo (built-in echo provider, no key, no network) with -XX:ArchiveClassesAtExit, sends it one
# request and one stream, and stops it with SIGTERM, when the JVM writes the archive.
#   record-cds.sh JAR ARCHIVE [PORT]
# The archive belongs to that jar at that path and to that JVM: run it where the image runs them.
set -euo pipefail
jar="$1"
archive="$2"
port="${3:-18080}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
here="$(dirname "$0")"

"$java" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -jar "$jar" demo --listen "127.0.0.1:$port" &
gateway=$!
for _ in $(seq 1 300); do
  "$here/healthcheck.sh" "$port" 2>/dev/null && break
  kill -0 "$gateway" || { echo "record-cds.sh: the demo exited before it was ready" >&2; exit 1; }
  sleep 0.1
done

post() {  # post BODY: one chat completion over /dev/tcp; fails unless the answer is 200
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
    "${#1}" "$1" >&3
  local status
  IFS= read -r -t 10 status <&3
  cat <&3 >/dev/null
  exec 3<&-
  [[ "$status" == "HTTP/1.1 200 "* ]] || { echo "record-cds.sh: the demo answered: $status" >&2; return 1; }
}
post '{"model":"gpt-4o","messages":[{"role":"user","content":"Hello!"}]}'
post '{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hello, stream!"}]}'

kill -TERM "$gateway"
wait "$gateway"
[ -s "$archive" ] || { echo "record-cds.sh: no archive at $archive" >&2; exit 1; }
echo "record-cds.sh: $(du -k "$archive" | cut -f1) KB of classes archived in $archive"
