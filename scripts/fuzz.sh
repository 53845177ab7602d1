#!/usr/bin/env bash
# fuzz.sh: run every Fuzz* target in the module for a bounded time (make fuzz; make test
# under CI=true or FUZZ=1, with a shorter time).
#
#   scripts/fuzz.sh [PATTERN]     PATTERN: only targets whose name matches (grep -E)
#   FUZZTIME=10s                  how long each target fuzzes (after its corpus ran)
#   FUZZWORKERS=N                 fuzzing processes per target (go's -parallel; default:
#                                 GOMAXPROCS, i.e. every core)
#   FUZZMINIMIZETIME=1s           go's -fuzzminimizetime: its default (60s) lets the
#                                 minimising of new inputs take a whole short run
#
# Finds `func FuzzXxx(f *testing.F)` in *_test.go files (e2e excluded), runs each with
# `go test -run '^$' -fuzz '^FuzzXxx$' -fuzztime $FUZZTIME PKG` one after another (go
# allows one -fuzz target per run): first its seed corpus (f.Add and
# PKG/testdata/fuzz/FuzzXxx/), then new inputs. Prints, per target, the executions (go's
# last "execs: N") and the wall time, then a table of all of them, and exits non-zero if
# any target failed. New crashers are written by go to PKG/testdata/fuzz/FuzzXxx/: commit
# them as regressions.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
FUZZTIME=${FUZZTIME:-10s}
FUZZWORKERS=${FUZZWORKERS:-}
FUZZMINIMIZETIME=${FUZZMINIMIZETIME:-1s}
PATTERN=${1:-.}

mapfile -t targets < <(
  grep -rEo --include='*_test.go' --exclude-dir=e2e --exclude-dir=testdata --exclude-dir=.git \
    '^func Fuzz[A-Za-z0-9_]*\([a-zA-Z_][a-zA-Z0-9_]* \*testing\.F\)' . |
  sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#' | sort -u |
  { grep -E " .*($PATTERN)" || true; })
if [ ${#targets[@]} = 0 ]; then echo "fuzz.sh: no Fuzz targets found"; exit 0; fi

workers=()
[ -n "$FUZZWORKERS" ] && workers=(-parallel "$FUZZWORKERS")
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "fuzz.sh: ${#targets[@]} targets, $FUZZTIME each${FUZZWORKERS:+, $FUZZWORKERS worker(s)}"
rows=() failed=() total=0 start=$SECONDS
for t in "${targets[@]}"; do
  dir=${t% *} name=${t#* }
  echo "=== $name ($dir)"
  t0=$SECONDS status=ok
  # go's progress lines go to the log; only its verdict and failures are shown.
  if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZETIME" "${workers[@]}" "$dir" >"$log" 2>&1; then
    status=FAIL
    failed+=("$name ($dir)")
    cat "$log"
  fi
  execs=$(grep -Eo 'execs: [0-9]+' "$log" | tail -n1 | grep -Eo '[0-9]+' || true)
  execs=${execs:-0} # none: the time went on the corpus (baseline) alone
  corpus=$( (find "$dir/testdata/fuzz/$name" -type f 2>/dev/null || true) | wc -l)
  secs=$((SECONDS - t0))
  total=$((total + ${execs:-0}))
  echo "    $status: ${execs:-?} execs in ${secs}s (corpus under testdata: $corpus)"
  rows+=("$(printf '%-26s %-22s %10s %6ss %7s  %s' "$name" "${dir#./}" "${execs:-?}" "$secs" "$corpus" "$status")")
done

echo
echo "fuzz.sh: summary ($FUZZTIME each)"
printf '%-26s %-22s %10s %7s %7s  %s\n' TARGET PACKAGE EXECS WALL CORPUS RESULT
printf '%s\n' "${rows[@]}"
printf '%-26s %-22s %10s %6ss\n' "total" "" "$total" "$((SECONDS - start))"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets passed"
