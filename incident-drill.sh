#!/usr/bin/env bash
# The incident drill: the accident that started this project, on a local moto server it starts and
# stops itself. Exit 0 only if the protected stack kept everything and the unprotected one was
# recovered with nothing lost and nothing doubled.
set -euo pipefail
cd "$(dirname "$0")"

missing() { echo "incident-drill: $1" >&2; exit 2; }
command -v java >/dev/null || missing "java not found: install a JDK 17 or newer"
command -v mvn >/dev/null || missing "mvn not found: install Maven 3.8 or newer"
PYTHON="${MOTO_PYTHON:-python3}"
"$PYTHON" -c 'import moto.server, flask' 2>/dev/null \
  || missing "moto server not found: install Python 3 and run: pip install 'moto[server]' (or set MOTO_PYTHON)"

jar=incident-drill/target/incident-drill.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src notes-service/template.yaml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "Building (mvn package, tests skipped) ..."
  mvn -q -B -Dstyle.color=never -DskipTests -pl incident-drill -am package
fi
exec java -Dmoto.python="$PYTHON" -jar "$jar" "$@"
