# Shared by run-local.sh, incident-drill.sh and serve-local.sh (sourced, not run): checks the
# prerequisites with a clear message, builds the module's runnable jar when it is missing or older
# than any source, and runs it with the moto server's Python.
#   launch <tool name> <module> <jar> [args...]    (prepare, then exec the jar)
#   prepare <tool name> <module> <jar>             (the checks and the build only; sets $python)
prepare() {
  local tool="$1" module="$2" jar="$3"
  missing() { echo "$tool: $1" >&2; exit 2; }
  command -v java >/dev/null || missing "java not found: install a JDK 17 or newer"
  command -v mvn >/dev/null || missing "mvn not found: install Maven 3.8 or newer"
  python="${MOTO_PYTHON:-python3}"
  "$python" -c 'import moto.server, flask' 2>/dev/null \
    || missing "moto server not found: install Python 3 and run: pip install 'moto[server]' (or set MOTO_PYTHON)"
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src ./*/template.yaml notes-web -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "Building (mvn package, tests skipped) ..."
    # (sed: Maven 3.8 prints a colour reset even in batch mode)
    mvn -q -B -Dstyle.color=never -DskipTests -pl "$module" -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g'

  fi
}

launch() {
  local tool="$1" module="$2" jar="$3"
  shift 3
  prepare "$tool" "$module" "$jar"
  exec java -Dmoto.python="$python" -jar "$jar" "$@"
}
