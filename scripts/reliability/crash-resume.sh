#!/usr/bin/env bash
# Crash safety of training, longer than the regular build's 5 trials: kills `myelin train
# --checkpoint-dir` with SIGKILL at seeded random moments, resumes it, and checks that nothing
# half-written is ever loaded and that the final weights equal an uninterrupted run's, bit for bit.
#   scripts/reliability/crash-resume.sh [TRIALS]        (default 30; about 5 s per trial)
set -uo pipefail
source "$(dirname "$0")/common.sh"
TRIALS="${1:-30}"
echo "crash-resume: $TRIALS trials"
run_test CrashResumeTest -Dcrash.trials="$TRIALS"
