#!/usr/bin/env bash
# Fuzzes every Jazzer target (server/src/test/java/**/*FuzzTargetTest.java) for SECONDS each, one JVM per target
# (Jazzer fuzzes one target per JVM), from a random seed, with the fuzz-long Maven profile of server/pom.xml.
#
# usage: bench/fuzz/run-all.sh SECONDS [TargetClass ...]     e.g. bench/fuzz/run-all.sh 60 SdpFuzzTargetTest
#
# Prints one line per target: executions, coverage as libFuzzer counts it (cov: coverage edges, ft: features, i.e.
# edges with hit-count buckets and compares; corp: inputs kept), and findings; the last line is a summary.
# Exit status 0 only when no target had a finding.
#
# A finding stops its target: the crashing input is written into the target's committed inputs folder
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-...), where, once the bug is fixed, it stays as a
# regression case that the suite replays. Each target's generated corpus is kept in server/.cifuzz-corpus/ (not
# committed), so a later run starts where the last one ended. The full Maven log is kept in
# server/target/fuzz-runs/; environment: MVN_OPTS (e.g. -o for offline).
set -euo pipefail

usage() { echo "usage: bench/fuzz/run-all.sh SECONDS [TargetClass ...]" >&2; exit 2; }
[[ $# -ge 1 && $1 =~ ^[1-9][0-9]*$ ]] || usage
seconds=$1
shift
cd "$(dirname "$0")/../.."

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(find server/src/test/java -name '*FuzzTargetTest.java' -printf '%f\n' | sed 's/\.java$//' | sort)
fi
[[ ${#targets[@]} -gt 0 ]] || { echo "run-all: no fuzz targets found" >&2; exit 2; }

mkdir -p server/target/fuzz-runs
log="server/target/fuzz-runs/run-$(date -u +%Y%m%dT%H%M%SZ)-${seconds}s.log"
echo "fuzzing ${#targets[@]} targets for ${seconds} s each; Maven log: $log"
list=$(IFS=,; echo "${targets[*]}")
# A finding fails its test class; the other targets still run, and this script reports them all.
# shellcheck disable=SC2086
mvn -B -ntp ${MVN_OPTS:-} -pl server -am test -Pfuzz-long -Dfuzz.seconds="$seconds" -Dtest="$list" \
  -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true >"$log" 2>&1 || {
  echo "run-all: Maven failed; see $log" >&2
  tail -20 "$log" >&2
  exit 2
}

# The forks run one after another, so each target's libFuzzer output lies between its "Running" line and the next.
awk -v wanted="$list" '
  function flush() {
    if (target == "") return
    status = findings > 0 ? findings " (" finding ")" : (done ? "0" : "none, but the run did not finish: see the log")
    printf "%-32s executions %12s   cov %6s   ft %7s   corp %6s   findings %s\n", target, runs, cov, ft, corp, status
    total_runs += runs; total_findings += findings; if (findings > 0 || !done) failed = failed " " target
    targets++
  }
  /\[INFO\] Running io\.voicegather\./ {
    flush()
    name = $NF; gsub(/\033\[[0-9;]*m/, "", name); sub(/.*\./, "", name)
    target = name; runs = 0; cov = "-"; ft = "-"; corp = "-"; findings = 0; finding = ""; done = 0
    next
  }
  target == "" { next }
  / cov: [0-9]+ ft: [0-9]+/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "cov:") cov = $(i + 1)
      if ($i == "ft:") ft = $(i + 1)
      if ($i == "corp:") { corp = $(i + 1); sub(/\/.*/, "", corp) }
    }
  }
  /^stat::number_of_executed_units:/ { runs = $2; done = 1 }
  /^Done [0-9]+ runs/ { runs = $2; done = 1 }
  /== Java Exception:|FuzzTestFindingException|==[0-9]+== ERROR: libFuzzer|Test unit written to/ {
    if (/Test unit written to/) { findings++; file = $NF; sub(/.*\//, "", file); finding = finding (finding == "" ? "" : ", ") file }
  }
  END {
    flush()
    printf "summary: %d targets, %d s each, %d executions, %d findings%s\n", targets, '"$seconds"', total_runs,
      total_findings, failed == "" ? "" : "; look at:" failed
    exit total_findings > 0 || failed != "" ? 1 : 0
  }
' "$log"
