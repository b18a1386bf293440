#!/usr/bin/env bash
# Cold start of both Lambda functions under AWS's Lambda runtime interface client (BENCHMARKS.md,
# "Both functions: size and cold start"), beside the InvokeOnce probes of bench/run.sh, in one run.
# Builds what it needs (tests skipped), starts a moto server on a loopback port itself and stops it
# at the end; prints Markdown, also written to bench/target/cold-start-ric.md. About 2 minutes on a
# 2-core machine, plus about 1 minute when it has to build.
# Options: bench/cold-start-ric.sh --help  (e.g. --runs 7)
set -euo pipefail
cd "$(dirname "$0")/.."

missing() { echo "cold-start-ric: $1" >&2; exit 2; }
command -v java >/dev/null || missing "java not found: install a JDK 17 or newer"
command -v mvn >/dev/null || missing "mvn not found: install Maven 3.8 or newer"
PYTHON="${MOTO_PYTHON:-python3}"
"$PYTHON" -c 'import moto.server, flask' 2>/dev/null \
  || missing "moto server not found: install Python 3 and run: pip install 'moto[server]' (or set MOTO_PYTHON)"
[ -r /proc/self/status ] || missing "/proc not found: the peak memory is read from /proc/PID/status (Linux)"
[ -x /usr/bin/time ] || echo "cold-start-ric: /usr/bin/time (GNU time) not found: the probes' peak memory is not measured" >&2

jar=bench/target/bench-standalone.jar
if [ ! -f "$jar" ] || [ ! -f notes-service/target/notes-service-lambda.jar ] || [ ! -d bench/target/lambda-runtime ] \
   || [ -n "$(find pom.xml ./*/pom.xml ./*/src template.yaml notes-service/template.yaml samconfig.toml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "Building (mvn package, tests skipped) ..." >&2
  mvn -q -B -Dstyle.color=never -DskipTests -pl bench,notes-service -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi
exec java -Dmoto.python="$PYTHON" -cp "$jar" dev.notesbackup.bench.RicColdStart "$@"
