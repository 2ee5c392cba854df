# Shared by the reliability scripts: a JDK 25 and a quiet, low-priority Maven run of one test class
# of myelin-fuzz (and the modules it needs).
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  export JAVA_HOME="$JDK25"
fi
export PATH="$JAVA_HOME/bin:$PATH"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# run_test CLASS [-Dkey=value ...]: runs one test class at nice 10, prints its figure lines and result.
run_test() {
  local cls="$1"; shift
  local log
  log="$(mktemp)"
  (cd "$ROOT" && nice -n 10 mvn -B -ntp -Dstyle.color=never -pl myelin-fuzz -am test -Dtest="$cls" \
      -Dsurefire.failIfNoSpecifiedTests=false "$@" >"$log" 2>&1)
  local status=$?
  grep -E '^(crash-resume|load):|Tests run:.*in dev|FAIL' "$log" | sed 's/^/  /'
  if [ $status -ne 0 ]; then
    echo "  failed; the full log is $log"
  else
    rm -f "$log"
  fi
  return $status
}
