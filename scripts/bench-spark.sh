#!/usr/bin/env bash
# Myelin on Spark, measured: (1) the coordination cost of one SGD step — a Spark job per step, an
# allGather per step, and the TCP star and the in-JVM all-reduce inside one barrier stage; (2) where a
# data-parallel MNIST fit spends its time, phase by phase, with the tasks exchanging over TCP and in
# memory, against one machine (SparkEpochProfile); (3) MNIST 784-128-10
# against MLlib's MultilayerPerceptronClassifier (L-BFGS), with Myelin on one machine (MnistVsMllib).
#
#   scripts/bench-spark.sh [MASTER=local[2]] [TRAIN_ROWS=60000] [EPOCHS=10] [MLLIB_ITERATIONS=100]
#
# MNIST comes from the cache that `./myelin data fetch mnist` fills ($MYELIN_HOME or ~/.cache/myelin).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/spark-env.sh"
MASTER="${1:-local[2]}"
ROWS="${2:-60000}"
EPOCHS="${3:-10}"
ITERATIONS="${4:-100}"
MNIST="${MYELIN_HOME:-$HOME/.cache/myelin}/mnist"
if [ ! -f "$MNIST/train-images-idx3-ubyte" ]; then
  echo "MNIST is not in $MNIST: fetching it with ./myelin data fetch mnist" >&2
  "$ROOT/myelin" data fetch mnist
fi
CP="$(myelin_spark_classpath)"
# shellcheck disable=SC2086
"$JAVA" $SPARK_JVM_FLAGS -Xmx3g -cp "$CP" dev.myelin.spark.bench.StepOverhead "$MASTER" 101770 30
echo "load: $(uptime)"
# shellcheck disable=SC2086
"$JAVA" $SPARK_JVM_FLAGS -Xmx6g -cp "$CP" dev.myelin.spark.SparkEpochProfile "$MNIST" "$MASTER" "$ROWS" 3 128
echo "load: $(uptime)"
# shellcheck disable=SC2086
"$JAVA" $SPARK_JVM_FLAGS -Xmx6g -cp "$CP" dev.myelin.spark.bench.MnistVsMllib "$MNIST" "$MASTER" "$ROWS" "$EPOCHS" "$ITERATIONS"
