#!/usr/bin/env bash
# The incident drill: the accident that started this project, on a local moto server it starts and
# stops itself. Exit 0 only if the protected stack kept everything and the unprotected one was
# recovered with nothing lost and nothing doubled.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/launch.sh
launch incident-drill incident-drill incident-drill/target/incident-drill-standalone.jar "$@"
