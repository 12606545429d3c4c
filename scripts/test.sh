#!/usr/bin/env bash
# Runs every test of every module of the repository, with the race detector.
# The PostgreSQL adapter's tests get a throwaway server (installed when
# missing); the NATS adapter's tests embed their own servers.
# Extra arguments go to `go test`, e.g. scripts/test.sh -count=1 -v.
set -euo pipefail
cd "$(dirname "$0")/.."

modules() { git ls-files '*go.mod' 2>/dev/null | xargs -n1 dirname | sort -u; }

run_all() {
  local status=0 m
  for m in $(modules); do
    echo "== go test $m"
    (cd "$m" && go test -race "$@" ./...) || status=1
  done
  return $status
}

if [ "${1:-}" = "--no-server" ]; then
  shift
elif modules | grep -qx adapter/postgres; then
  exec bash scripts/with-postgres.sh bash "$0" --no-server "$@"
fi
run_all "$@"
