# Shared by the Spark scripts (sourced, not run): the JDK, the classpath of myelin-spark with Spark
# from the Maven repository, and the JVM flags Spark needs on JDK 25.
#   myelin_spark_classpath   builds (once, or when the sources changed) and prints the classpath,
#                            or prints $MYELIN_SPARK_CLASSPATH when that is set
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
export SPARK_LOCAL_IP=127.0.0.1
# The flags of myelin-spark/pom.xml's spark.jvm.flags (one source of truth).
SPARK_JVM_FLAGS="$(sed -n '/<spark.jvm.flags>/,/<\/spark.jvm.flags>/p' "$ROOT/myelin-spark/pom.xml" | sed 's/<[^>]*>//g' | tr '\n' ' ')"

myelin_spark_classpath() {
  if [ -n "${MYELIN_SPARK_CLASSPATH:-}" ]; then # given by the caller (the tests pass their own)
    printf '%s' "$MYELIN_SPARK_CLASSPATH"
    return 0
  fi
  local cpfile="$ROOT/myelin-spark/target/spark-classpath.txt"
  local stale
  stale="$(find "$ROOT/pom.xml" "$ROOT/myelin-core/pom.xml" "$ROOT/myelin-spark/pom.xml" "$ROOT/myelin-core/src/main" \
      "$ROOT/myelin-spark/src" -newer "$cpfile" -print -quit 2>/dev/null)"
  if [ ! -f "$cpfile" ] || [ -n "$stale" ]; then
    echo "building myelin-spark (mvn test-compile)..." >&2
    (cd "$ROOT" && mvn -q -B -ntp -Dstyle.color=never -pl myelin-spark -am test-compile dependency:build-classpath \
        -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >&2) || { echo "error: the build failed" >&2; return 1; }
  fi
  printf '%s' "$ROOT/myelin-spark/target/test-classes:$ROOT/myelin-spark/target/classes:$(cat "$cpfile")"
}
