#!/usr/bin/env bash
# The playground under load, longer than the regular build's 5 seconds: SESSIONS tabs (default 30)
# train the default network for SECONDS (default 60) on a server bound to 127.0.0.1; prints the
# worst and best frames per second of a session and the heap the sessions hold; fails if a session
# falls under MIN_RATE (default 10) frames per second or the idle sessions are not freed. Stops by itself.
#   scripts/reliability/load.sh [SECONDS] [SESSIONS]
set -uo pipefail
source "$(dirname "$0")/common.sh"
SECS="${1:-60}"
SESSIONS="${2:-30}"
echo "load: $SESSIONS sessions for $SECS s"
run_test PlaygroundLoadTest -Dload.seconds="$SECS" -Dload.sessions="$SESSIONS" -Dload.minRate="${MIN_RATE:-10}"
