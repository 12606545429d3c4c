#!/usr/bin/env bash
# Runs every fuzz target of the main module for FUZZTIME each (default 20s).
# New crashers are written under the package's testdata/fuzz and then run
# as regression cases by every `go test`. Longer runs:
#   FUZZTIME=10m bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-20s}
status=0
while read -r file; do
  pkg=./$(dirname "$file")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
    echo "== fuzz $pkg $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg" || status=1
  done
done < <(git ls-files '*_test.go' | grep -v -E "^($(git ls-files '*/go.mod' | xargs -r -n1 dirname | paste -sd'|' -))/" |
  xargs grep -l '^func Fuzz' | sort)
exit $status
