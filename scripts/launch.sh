# Shared by run-local.sh and incident-drill.sh (sourced, not run): checks the prerequisites with a
# clear message, builds the module's runnable jar when it is missing or older than any source, and
# runs it with the moto server's Python.
#   launch <tool name> <module> <jar> [args...]
launch() {
  local tool="$1" module="$2" jar="$3"
  shift 3
  missing() { echo "$tool: $1" >&2; exit 2; }
  command -v java >/dev/null || missing "java not found: install a JDK 17 or newer"
  command -v mvn >/dev/null || missing "mvn not found: install Maven 3.8 or newer"
  local python="${MOTO_PYTHON:-python3}"
  "$python" -c 'import moto.server, flask' 2>/dev/null \
    || missing "moto server not found: install Python 3 and run: pip install 'moto[server]' (or set MOTO_PYTHON)"
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src ./*/template.yaml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "Building (mvn package, tests skipped) ..."
    # (sed: Maven 3.8 prints a colour reset even in batch mode)
    mvn -q -B -Dstyle.color=never -DskipTests -pl "$module" -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g'

  fi
  exec java -Dmoto.python="$python" -jar "$jar" "$@"
}
