#!/usr/bin/env bash
# Benchmarks (see BENCHMARKS.md): the backup run against the AWS rate-limit floor (S200, S1000 and
# S10000 on the in-memory backup plane, each invocation a function process, continuations delivered;
# or S200 with a sequential baseline and S1000 on moto: --backend moto), fresh-process cold start of
# one scheduled invocation from the Lambda jar, and the shaded jar sizes (the notes API's first
# answer: notes-service/measure-startup.sh). Builds what it needs (tests skipped), starts a moto
# server on a loopback port itself when a scenario needs it and stops it at the end; prints
# Markdown, also written to bench/target/results.md.
# About 25 minutes on a 2-core machine (S10000 alone about 18), plus a few when it has to build.
# Options: bench/run.sh --help  (e.g. --only s200,s1000 or --only cold)
set -euo pipefail
cd "$(dirname "$0")/.."

missing() { echo "bench: $1" >&2; exit 2; }
command -v java >/dev/null || missing "java not found: install a JDK 17 or newer"
command -v mvn >/dev/null || missing "mvn not found: install Maven 3.8 or newer"
PYTHON="${MOTO_PYTHON:-python3}"
"$PYTHON" -c 'import moto.server, flask' 2>/dev/null \
  || echo "bench: moto server not found, which the cold starts and --backend moto need: install Python 3 and run: pip install 'moto[server]' (or set MOTO_PYTHON)" >&2
[ -x /usr/bin/time ] || echo "bench: /usr/bin/time (GNU time) not found: peak memory of the function processes and cold starts is not measured" >&2

jar=bench/target/bench-standalone.jar
# Build when a jar is missing or any source or pom is newer than the bench jar.
if [ ! -f "$jar" ] || [ ! -f notes-service/target/notes-service-lambda.jar ] \
   || [ ! -f bench/target/lambda-runtime/aws-lambda-java-serialization-1.2.0.jar ] \
   || [ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "Building (mvn package, tests skipped) ..." >&2
  # (sed: Maven 3.8 prints a colour reset even in batch mode)
  mvn -q -B -Dstyle.color=never -DskipTests -pl bench,notes-service -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi
exec java -Dmoto.python="$PYTHON" -jar "$jar" "$@"
