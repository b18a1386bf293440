#!/usr/bin/env bash
# The notes app on this machine: a moto server (the local AWS, in memory: notes last until it
# stops), the notes API and the notes page through `serve`, until Ctrl-C. Open the page's address it
# prints (http://127.0.0.1:8081 by default). Any option is passed to serve, e.g. --port 9080
# (the page then on 9081) or --web-port 3000; see: java -jar notes-tools/target/notes-tools-standalone.jar serve --help
set -euo pipefail
cd "$(dirname "$0")"
. scripts/launch.sh
jar=notes-tools/target/notes-tools-standalone.jar
prepare serve-local notes-tools "$jar"

moto_port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_log=$(mktemp -t serve-local-moto.XXXXXX)
"$python" -m moto.server -H 127.0.0.1 -p "$moto_port" >"$moto_log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null; wait "$moto" 2>/dev/null; rm -f "$moto_log"' EXIT
for _ in $(seq 1 100); do
  "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
    "http://127.0.0.1:$moto_port/moto-api/" 2>/dev/null && break
  kill -0 "$moto" 2>/dev/null || { cat "$moto_log" >&2; echo "serve-local: moto did not start" >&2; exit 3; }
  sleep 0.2
done
echo "serve-local: moto on http://127.0.0.1:$moto_port (in memory); Ctrl-C stops everything" >&2

status=0
AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \
  java -jar "$jar" serve --endpoint-url "http://127.0.0.1:$moto_port" --create-tables "$@" || status=$?
# 130/143: stopped by Ctrl-C or SIGTERM, as asked
[ "$status" = 130 ] || [ "$status" = 143 ] && exit 0
exit "$status"
