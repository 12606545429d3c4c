#!/usr/bin/env bash
# Runs every test of every module of the repository, with the race detector.
# The PostgreSQL adapter's tests get a throwaway server (installed when
# missing), the S3 adapter's a versitygw server (built from the Go module
# proxy when missing), the kg module's rendering tests Graphviz; the NATS
# adapter's tests embed their own servers.
# Extra arguments go to `go test`, e.g. scripts/test.sh -count=1 -v.
set -euo pipefail
cd "$(dirname "$0")/.."

# The kg module renders with Graphviz's dot: install it when missing, as
# scripts/with-postgres.sh installs PostgreSQL.
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Debian's graphviz package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq graphviz >&2
  else
    echo "test.sh: dot not found; install graphviz (or run as root) to run the rendering tests" >&2
  fi
fi

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
else
  wrap=()
  modules | grep -qx adapter/postgres && wrap+=(bash scripts/with-postgres.sh)
  modules | grep -qx adapter/s3 && wrap+=(bash scripts/with-versitygw.sh)
  if [ "${#wrap[@]}" -gt 0 ]; then exec "${wrap[@]}" bash "$0" --no-server "$@"; fi
fi
run_all "$@"
