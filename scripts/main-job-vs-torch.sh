#!/usr/bin/env bash
# The MNIST main job against PyTorch, in one run on this machine: wall time, test accuracy and peak
# RSS of `./myelin train --data mnist` exactly as the README writes it (no other flag; JVM start, MNIST
# loading and saving included), then of the peer script shared/peers/torch_time_to_accuracy.py
# (PyTorch, medium network, stops at the first epoch with >= 98 % test accuracy; wall from process
# start, imports and data loading included) with 1 thread and with 2 threads (OMP_WAIT_POLICY=PASSIVE).
# The pair is repeated REPEATS times (default 2), alternating, because a shared machine is noisy.
#
# Usage: scripts/main-job-vs-torch.sh            (REPEATS=3 scripts/main-job-vs-torch.sh for more)
# Needs: /usr/bin/time and PyTorch under /usr/bin/python3 (installed with apt-get if missing and root),
#        MNIST (fetched by ./myelin on first use; the peer reads the same files from $MYELIN_HOME/mnist).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="${MYELIN_PEERS:-$(dirname "$ROOT")/shared/peers}"
TORCH_PY="${TORCH_PY:-/usr/bin/python3}"
REPEATS="${REPEATS:-2}"
MNIST="${MYELIN_HOME:-$HOME/.cache/myelin}/mnist"

need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
"$TORCH_PY" -c "import torch" 2>/dev/null || need_apt+=(python3-torch)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "error: install ${need_apt[*]} first (apt-get install -y ${need_apt[*]})" >&2
    exit 1
  fi
fi
[ -f "$PEERS/torch_time_to_accuracy.py" ] || { echo "error: no peer script in $PEERS (set MYELIN_PEERS)" >&2; exit 1; }

"$ROOT/myelin" data fetch mnist >/dev/null   # builds the jar and caches MNIST outside the timed runs
WORK="$(mktemp -d "${TMPDIR:-/tmp}/main-job.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

field() { sed -n "s/^[[:space:]]*$1: //p" "$2" | tail -n 1; }
wall_s() { # m:ss.xx or h:mm:ss -> seconds
  awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$1")"
}
rss_mb() { echo $(( $(field 'Maximum resident set size (kbytes)' "$1") / 1024 )); }

printf '%-28s %8s %9s %8s\n' "run" "wall s" "test acc" "RSS MB"
for r in $(seq 1 "$REPEATS"); do
  (cd "$WORK" && rm -f mnist.safetensors && /usr/bin/time -v -o "$WORK/m.time" "$ROOT/myelin" train --data mnist >"$WORK/m.out" 2>&1) \
    || { cat "$WORK/m.out" >&2; exit 1; }
  acc="$(sed -n 's/^test: .*accuracy \([0-9.]*\)%.*/\1/p' "$WORK/m.out")"
  [ -f "$WORK/mnist.safetensors" ] || { echo "error: the main job saved no mnist.safetensors in the current directory" >&2; exit 1; }
  printf '%-28s %8.2f %8s%% %8d\n' "myelin train --data mnist" "$(wall_s "$WORK/m.time")" "$acc" "$(rss_mb "$WORK/m.time")"
  for t in 1 2; do
    env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
    [ "$t" = 2 ] && env+=(OMP_WAIT_POLICY=PASSIVE)
    "${env[@]}" /usr/bin/time -v -o "$WORK/t.time" "$TORCH_PY" "$PEERS/torch_time_to_accuracy.py" --threads "$t" \
      --data "$MNIST" >"$WORK/t.out" 2>&1 || { cat "$WORK/t.out" >&2; exit 1; }
    line="$(grep '^RESULT' "$WORK/t.out")"
    tacc="$(sed -n 's/.* test_acc=\([0-9.]*\).*/\1/p' <<<"$line")"
    ep="$(sed -n 's/.* epochs=\([0-9]*\).*/\1/p' <<<"$line")"
    printf '%-28s %8.2f %8.2f%% %8d\n' "torch to 98% (${t}t, ${ep} ep)" "$(wall_s "$WORK/t.time")" \
      "$(awk -v a="$tacc" 'BEGIN { print a * 100 }')" "$(rss_mb "$WORK/t.time")"
  done
done
echo "(target: Myelin wall <= the faster PyTorch wall of the same repeat, accuracy >= 98.00 %, RSS <= 600 MB)"
