#!/usr/bin/env bash
# Quick start, command 1: runs the scheduled backup Lambda locally against a moto server that it
# starts and stops itself. Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"
. scripts/launch.sh
launch run-local local-run local-run/target/local-run-standalone.jar "$@"
