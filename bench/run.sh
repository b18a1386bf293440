#!/usr/bin/env bash
# Benchmarks (see BENCHMARKS.md): the backup run against the AWS rate-limit floor (S200 with a
# sequential baseline, S1000), fresh-process cold start of one scheduled invocation from the Lambda
# jar, and the shaded jar sizes (the notes API's first answer: notes-service/measure-startup.sh).
# Builds what it needs (tests skipped), starts a moto server on a loopback port itself and stops it
# at the end; prints Markdown, also written to bench/target/results.md.
# About 7 minutes on a 2-core machine, plus about 1 minute when it has to build.
# Options: bench/run.sh --help  (e.g. --only cold)
set -euo pipefail
cd "$(dirname "$0")/.."

missing() { echo "bench: $1" >&2; exit 2; }
command -v java >/dev/null || missing "java not found: install a JDK 17 or newer"
command -v mvn >/dev/null || missing "mvn not found: install Maven 3.8 or newer"
PYTHON="${MOTO_PYTHON:-python3}"
"$PYTHON" -c 'import moto.server, flask' 2>/dev/null \
  || missing "moto server not found: install Python 3 and run: pip install 'moto[server]' (or set MOTO_PYTHON)"
[ -x /usr/bin/time ] || echo "bench: /usr/bin/time (GNU time) not found: peak memory of the cold starts is not measured" >&2

jar=bench/target/bench-standalone.jar
# Build when a jar is missing or any source or pom is newer than the bench jar.
if [ ! -f "$jar" ] || [ ! -f notes-service/target/notes-service-lambda.jar ] \
   || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "Building (mvn package, tests skipped) ..." >&2
  # (sed: Maven 3.8 prints a colour reset even in batch mode)
  mvn -q -B -Dstyle.color=never -DskipTests -pl bench,notes-service -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi
exec java -Dmoto.python="$PYTHON" -jar "$jar" "$@"
