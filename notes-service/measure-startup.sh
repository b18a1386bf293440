#!/usr/bin/env bash
# Time from `java -jar ... serve` start to the first answered request, against a moto server this
# script starts and stops itself. Run from the repository root after `mvn package` (the notes tools' jar):
#   notes-service/measure-startup.sh [runs]
# The first run is on a fresh moto (serve --create-tables creates both tables); the others find them.
set -euo pipefail
RUNS=${1:-5}
JAR=notes-tools/target/notes-tools-standalone.jar
PYTHON=${MOTO_PYTHON:-python3}
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
command -v java >/dev/null || { echo "java (JDK 17+) is needed" >&2; exit 1; }
"$PYTHON" -c 'import moto.server, flask' 2>/dev/null \
  || { echo "moto server not found: install Python 3 and \`pip install 'moto[server]'\`" >&2; exit 1; }
[ -f "$JAR" ] || { echo "$JAR not found: run mvn package first" >&2; exit 1; }

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
WORK=$(mktemp -d)
MOTO_PORT=$(free_port)
"$PYTHON" -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
SERVE_PID=
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null || true
  kill "$MOTO_PID" 2>/dev/null && wait "$MOTO_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/"; do sleep 0.1; done

export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
for run in $(seq 1 "$RUNS"); do
  PORT=$(free_port)
  start=$(now_ms)
  java -jar "$JAR" serve --port "$PORT" --create-tables >"$WORK/wal.log" 2>"$WORK/serve.err" &
  SERVE_PID=$!
  # First answered request: a real read of the notes table (200), polled every 10 ms.
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/notes?limit=1")" = 200 ]; do
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; exit 1; }
    sleep 0.01
  done
  end=$(now_ms)
  created=$(grep -c '^created table' "$WORK/serve.err" || true)
  echo "run $run: first answer $((end - start)) ms after start (tables created: $created; serve says: $(grep -o 'ready [0-9]* ms after JVM start' "$WORK/serve.err"))"
  kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true
  SERVE_PID=
done
