#!/usr/bin/env bash
# Quick start, command 1: runs the scheduled backup Lambda locally against a moto server that it
# starts and stops itself. Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"

missing() { echo "run-local: $1" >&2; exit 2; }
command -v java >/dev/null || missing "java not found: install a JDK 17 or newer"
command -v mvn >/dev/null || missing "mvn not found: install Maven 3.8 or newer"
PYTHON="${MOTO_PYTHON:-python3}"
"$PYTHON" -c 'import moto.server, flask' 2>/dev/null \
  || missing "moto server not found: install Python 3 and run: pip install 'moto[server]' (or set MOTO_PYTHON)"

jar=local-run/target/local-run.jar
# Build when the jar is missing or any source or pom is newer than it.
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "Building (mvn package, tests skipped) ..."
  mvn -q -B -Dstyle.color=never -DskipTests -pl local-run -am package
fi
exec java -Dmoto.python="$PYTHON" -jar "$jar" "$@"
