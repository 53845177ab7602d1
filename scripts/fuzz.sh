#!/usr/bin/env bash
# fuzz.sh: run every Fuzz* target in the module for a short while (make fuzz).
#
#   scripts/fuzz.sh [PATTERN]     PATTERN: only targets whose name matches (grep -E)
#   FUZZTIME=10s                  how long each target runs
#
# Finds `func FuzzXxx(f *testing.F)` in *_test.go files (e2e excluded), runs each with
# `go test -run '^$' -fuzz '^FuzzXxx$' -fuzztime $FUZZTIME PKG` one after another (go
# allows one -fuzz target per run), and exits non-zero if any of them found a failure.
# New crashers are written by go to PKG/testdata/fuzz/FuzzXxx/: commit them as regressions.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
FUZZTIME=${FUZZTIME:-10s}
PATTERN=${1:-.}

mapfile -t targets < <(
  grep -rEo --include='*_test.go' --exclude-dir=e2e --exclude-dir=testdata --exclude-dir=.git \
    '^func Fuzz[A-Za-z0-9_]*\([a-zA-Z_][a-zA-Z0-9_]* \*testing\.F\)' . |
  sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#' | sort -u |
  { grep -E " .*($PATTERN)" || true; })
if [ ${#targets[@]} = 0 ]; then echo "fuzz.sh: no Fuzz targets found"; exit 0; fi

echo "fuzz.sh: ${#targets[@]} targets, $FUZZTIME each"
failed=()
for t in "${targets[@]}"; do
  dir=${t% *} name=${t#* }
  echo "=== $name ($dir)"
  if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "$dir"; then
    failed+=("$name ($dir)")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets passed"
