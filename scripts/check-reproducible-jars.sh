#!/usr/bin/env bash
# Two builds of the same sources, in two different directories, must give byte-identical Lambda
# jars (project.build.outputTimestamp in the parent pom fixes every entry time). Copies the working
# tree twice (without build output), packages the two Lambda modules in each, and compares the
# sha256 of both jars. Exit 0 when identical, 1 when not. Run from anywhere: scripts/check-reproducible-jars.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jars=(backup-service/target/backup-service-lambda.jar notes-service/target/notes-service-lambda.jar)

for copy in first second; do
  mkdir "$work/$copy"
  tar -C "$root" --exclude=./.git --exclude='./*/target' --exclude=node_modules -cf - . | tar -C "$work/$copy" -xf -
  # (sed: Maven 3.8 prints a colour reset even in batch mode)
  (cd "$work/$copy" && mvn -B -o -q -Dstyle.color=never -DskipTests -pl backup-service,notes-service -am package 2>&1 \
    | sed 's/\x1b\[[0-9;]*m//g')
  (cd "$work/$copy" && sha256sum "${jars[@]}") >"$work/$copy.sha256"
done

cat "$work/first.sha256"
if ! diff "$work/first.sha256" "$work/second.sha256" >/dev/null; then
  echo "reproducible jars: two builds differ:" >&2
  diff "$work/first.sha256" "$work/second.sha256" >&2 || true
  exit 1
fi
echo "reproducible jars: two builds in two directories gave byte-identical Lambda jars"
