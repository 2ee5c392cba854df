#!/usr/bin/env bash
# The machine's float32 FMA peak, the roofline for the kernels and for batch-1,000 inference:
# fma-peak.c on every core at once, with 256-bit (AVX2) and, where the CPU has it, 512-bit vectors.
# Needs a C compiler (cc). Usage: scripts/peak/fma-peak.sh [seconds per run, default 3]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-3}
command -v cc >/dev/null || { echo "error: fma-peak.sh needs a C compiler (cc) on the PATH" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cores=$(nproc)
flops_per_sample=$((784 * 128 * 2 + 128 * 10 * 2)) # inference of the `small` workload
measure() { # name, cc flags
    cc -O2 $2 "$here/fma-peak.c" -o "$tmp/$1"
    for ((i = 0; i < cores; i++)); do "$tmp/$1" "$seconds" >"$tmp/$1.$i" & done
    wait
    awk -v name="$1" -v cores="$cores" -v fps="$flops_per_sample" '{ per += $1; n++ }
        END { printf "%-8s %d cores: %.1f GFLOPS (%.1f per core); small at batch 1,000 <= %.2f M samples/s\n",
              name, n, per, per / n, per * 1e9 / fps / 1e6 }' "$tmp/$1".*
}
measure avx2 "-mavx2 -mfma"
if grep -q avx512f /proc/cpuinfo; then measure avx512 "-mavx512f -mfma -DW512"; fi
