#!/usr/bin/env bash
# Checks that signals sent to ./myelin's process id reach the JVM (the launcher execs it): a training
# run is started, sent TERM (then, in a second run, KILL), and must be gone with no JVM left behind.
#   scripts/reliability/launcher-signals.sh
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/myelin-signals.XXXXXX")"
cd "$WORK" || exit 1
"$ROOT/myelin" --version >/dev/null || exit 1   # builds if needed
status=0
for sig in TERM KILL; do
  "$ROOT/myelin" train --data spiral --epochs 100000 --save m.safetensors >out.txt 2>err.txt &
  pid=$!
  sleep 5
  comm="$(cat /proc/$pid/comm 2>/dev/null)"
  kill -"$sig" "$pid"
  wait "$pid" 2>/dev/null
  code=$?
  sleep 1
  left="$(pgrep -f "dev.myelin.cli.Main train --data spiral --epochs 100000" || true)"
  if [ "$comm" = java ] && [ -z "$left" ]; then
    echo "$sig: ok (the launcher's process was the JVM; exit $code; no JVM left)"
  else
    echo "$sig: FAILED (process name '$comm', exit $code, left: ${left:-none})"
    status=1
  fi
done
rm -rf "$WORK"
exit $status
