#!/usr/bin/env bash
# Every long reliability run, one after another, at low priority: the fuzz targets (SECONDS each),
# crash-resume trials and the playground load test. Prints the figures of each; exit 1 if any failed.
#   scripts/reliability/all.sh [FUZZ_SECONDS] [TRIALS] [LOAD_SECONDS]     (defaults 600, 30, 60)
set -uo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)"
status=0
"$DIR/../../myelin-fuzz/scripts/fuzz-long.sh" "${1:-600}" || status=1
"$DIR/crash-resume.sh" "${2:-30}" || status=1
"$DIR/load.sh" "${3:-60}" || status=1
exit $status
