#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each with Jazzer's standalone driver, at low
# priority, and prints executions and findings per target.
#   myelin-fuzz/scripts/fuzz-long.sh [SECONDS] [Target ...]      e.g.  fuzz-long.sh 1800 ModelFile Idx
# Targets: NetworkJson ModelFile Idx Csv (the classes dev.myelin.fuzz.{Target}FuzzTest).
# Corpora grow in myelin-fuzz/target/fuzz-long/{Target}/corpus (kept between runs); findings (the
# inputs that broke the contract) go to .../findings, the log to .../fuzz.log. Exit status 1 if any.
# FUZZ_IGNORE=java.io.EOFException,... passes over exception classes of bugs already found and not
# yet fixed, so that a long run looks past them.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS="${1:-600}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=()
  for f in src/test/java/dev/myelin/fuzz/*FuzzTest.java; do
    n="$(basename "$f" FuzzTest.java)"
    TARGETS+=("$n")
  done
fi
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  export JAVA_HOME="$JDK25"
fi
export PATH="$JAVA_HOME/bin:$PATH"

# Build the modules it fuzzes (without their tests), then this module's test classes and class path.
MVN="mvn -q -B -ntp -Dstyle.color=never"
(cd .. && { $MVN -o install -pl myelin-core,myelin-cli,myelin-playground -Dmaven.test.skip=true >/dev/null 2>&1 \
  || $MVN install -pl myelin-core,myelin-cli,myelin-playground -Dmaven.test.skip=true; })
$MVN -o test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt -Dmdep.includeScope=test >/dev/null
# Snapshot Myelin's own jars and test classes: another build installing them meanwhile must not change them under a run.
rm -rf target/fuzz-lib && mkdir -p target/fuzz-lib && cp -r target/test-classes target/fuzz-lib/test-classes
CP="target/fuzz-lib/test-classes"
IFS=':' read -ra ENTRIES < target/fuzz-classpath.txt || true   # the file has no final newline
for e in "${ENTRIES[@]}"; do
  case "$e" in
    */dev/myelin/*) cp "$e" target/fuzz-lib/ && CP="$CP:target/fuzz-lib/$(basename "$e")" ;;
    *) CP="$CP:$e" ;;
  esac
done

printf '%-12s %8s %14s %10s %9s %s\n' target seconds executions exec/s findings corpus
status=0
for t in "${TARGETS[@]}"; do
  cls="dev.myelin.fuzz.${t}FuzzTest"
  method="$(grep -A1 '@FuzzTest' "src/test/java/dev/myelin/fuzz/${t}FuzzTest.java" | sed -n 's/.*void \([a-zA-Z0-9]*\)(.*/\1/p' | head -1)"
  seeds="src/test/resources/dev/myelin/fuzz/${t}FuzzTestInputs/${method}"
  work="target/fuzz-long/$t"
  mkdir -p "$work/corpus" "$work/findings"
  before="$(ls "$work/findings" | wc -l)"
  # -timeout: a hang; generous because the first input pays for instrumenting the classes it loads.
  nice -n 10 java --add-modules jdk.incubator.vector -Xss4m -Xmx1g -XX:+EnableDynamicAgentLoading \
    -Djazzer.internal.basedir="$PWD/$work" -Dfuzz.ignore="${FUZZ_IGNORE:-}" \
    -cp "$CP" com.code_intelligence.jazzer.Jazzer \
    --target_class="$cls" \
    --instrumentation_includes='dev.myelin.**:com.fasterxml.jackson.**:org.apache.commons.csv.**' --custom_hook_excludes='dev.myelin.fuzz.**' \
    --keep_going=50 \
    -max_total_time="$SECS" -timeout=120 -rss_limit_mb=3000 -print_final_stats=1 \
    -artifact_prefix="$work/findings/" \
    "$work/corpus" "$seeds" >"$work/fuzz.log" 2>&1 || true
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -1)"
  after="$(ls "$work/findings" | wc -l)"
  found=$((after - before))
  [ "$found" -gt 0 ] && status=1
  printf '%-12s %8s %14s %10s %9s %s\n' "$t" "$SECS" "${execs:-?}" "${rate:-?}" "$found" "$(ls "$work/corpus" | wc -l) files"
  if [ "$found" -gt 0 ]; then
    grep -E '^== Java Exception|FuzzFinding|^Caused by' "$work/fuzz.log" | sort | uniq -c | head -20 | sed 's/^/    /'
  fi
done
exit $status
