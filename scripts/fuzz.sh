#!/usr/bin/env bash
# Runs every fuzz target of every module of the repository (the root module
# and the nested ones such as adapter/postgres and adapter/nats, each from
# its own directory) for FUZZTIME each (default 30000x: an execution count).
# Exits non-zero when any target fails. New crashers are written under the
# package's testdata/fuzz and then run as regression cases by every `go test`.
# Longer runs:
#   FUZZTIME=2000000x bash scripts/fuzz.sh
# A duration (FUZZTIME=10m) works too, but before Go 1.27 a duration can
# end in a spurious "context deadline exceeded" failure on a loaded machine
# (go.dev/issue/75804, a race in the fuzz coordinator at the deadline);
# a count has no deadline to race.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30000x}

# Module directories: tracked or new (untracked, not ignored) go.mod files,
# outside testdata and vendor trees.
modules() {
  git ls-files --cached --others --exclude-standard |
    grep -E '(^|/)go\.mod$' | grep -v -E '(^|/)(testdata|vendor)/' |
    xargs -r -n1 dirname | sort -u
}

# Lines "import-path test-file" for the test files of module $1's own
# packages: `go list ./...` stops at nested modules.
test_files() {
  (cd "$1" && go list -f '{{$p := .ImportPath}}{{range .TestGoFiles}}{{$p}} {{$.Dir}}/{{.}}
{{end}}{{range .XTestGoFiles}}{{$p}} {{$.Dir}}/{{.}}
{{end}}' ./...)
}

status=0
for m in $(modules); do
  if ! files=$(test_files "$m"); then
    echo "== $m: go list failed"
    status=1
    continue
  fi
  found=0
  while read -r pkg file; do
    [ -n "$file" ] || continue
    for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
      found=1
      echo "== fuzz $m $pkg $target ($fuzztime)"
      (cd "$m" && go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg") || status=1
    done
  done <<<"$files"
  [ "$found" = 1 ] || echo "== $m: no fuzz targets"
done
exit $status
