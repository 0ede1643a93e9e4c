#!/usr/bin/env bash
# Media CPU per call: runs bench/load/gather-load.sh with N concurrent calls and, over a steady-state window after
# the ramp, reads the CPU time of every server thread from /proc/<pid>/task/*/stat. Prints, per thread group, the
# CPU used as % of one core, in all and per call held, with its user/system split; the last line is the media
# threads' share (media-clock + rtp-receive) per call.
#
# usage: bench/load/media-cost.sh N [WARMUP_SECONDS [WINDOW_SECONDS]]    (defaults: 20 s warm-up, 30 s window)
#
# "Calls held" is the average of SIPp's CurrentCall over the rows it wrote during the window. Needs what
# gather-load.sh needs; its environment overrides (ports, RATE, SERVER_JAVA_OPTS, ...) pass through. The run's
# own output is kept in a temporary file whose name is printed; gather-load's result line is repeated at the end.
set -euo pipefail

die() { echo "media-cost: $*" >&2; exit 2; }

N=${1:-}; WARMUP=${2:-20}; WINDOW=${3:-30}
[[ "$N" =~ ^[0-9]+$ && "$WARMUP" =~ ^[0-9]+$ && "$WINDOW" =~ ^[0-9]+$ && $N -gt 0 && $WINDOW -gt 0 ]] \
  || die "usage: $0 N [WARMUP_SECONDS [WINDOW_SECONDS]]"

HERE=$(cd "$(dirname "$0")" && pwd)
INFO=$(mktemp -t media-cost-info.XXXXXX)
RUN_LOG=$(mktemp -t media-cost-run.XXXXXX)
: > "$INFO"
LOAD_PID=
cleanup() {
  # gather-load stops its own server, app and SIPp when it ends; only stop it if we are interrupted first
  [[ -n "$LOAD_PID" ]] && kill -0 "$LOAD_PID" 2> /dev/null && kill -TERM "$LOAD_PID" 2> /dev/null
  rm -f "$INFO"
}
trap cleanup EXIT

# The calls run for warm-up + window, plus a margin so the window never sees the soft stop.
# SIPp: the calls-held figure comes from its statistics
GENERATOR=sipp SERVER_INFO_FILE=$INFO "$HERE/gather-load.sh" "$N" $((WARMUP + WINDOW + 5)) > "$RUN_LOG" 2>&1 & LOAD_PID=$!
for ((i = 0; i < 1200; i++)); do
  [[ -s "$INFO" ]] && break
  kill -0 "$LOAD_PID" 2> /dev/null || { cat "$RUN_LOG" >&2; die "gather-load ended before the calls started"; }
  sleep 0.1
done
[[ -s "$INFO" ]] || die "the calls did not start within 120 s"
# shellcheck disable=SC1090
source "$INFO"

threads() {   # one line per server thread: tid, user ticks, system ticks, name (the name may hold spaces)
  local task stat rest
  for task in /proc/"$SERVER_PID"/task/*; do
    stat=$(cat "$task/stat" 2> /dev/null) || continue
    rest=${stat##*) }
    set -- $rest
    printf '%s\t%s\t%s\t%s\n' "${task##*/}" "${12}" "${13}" "$(cat "$task/comm" 2> /dev/null)"
  done
}
stat_rows() { [[ -f "$WORK/sipp-stat.csv" ]] && wc -l < "$WORK/sipp-stat.csv" || echo 1; }

sleep "$WARMUP"
ROWS0=$(stat_rows); NS0=$(date +%s%N); threads > "$INFO.t0"
sleep "$WINDOW"
ROWS1=$(stat_rows); NS1=$(date +%s%N); threads > "$INFO.t1"

HELD=$(awk -F';' -v from="$ROWS0" -v to="$ROWS1" '
  NR == 1 { for (i = 1; i <= NF; i++) if ($i == "CurrentCall") c = i; next }
  NR > from && NR <= to && c { sum += $c; n++ }
  END { if (n) printf "%.1f", sum / n; else print 0 }' "$WORK/sipp-stat.csv")

echo "media-cost: $N calls, window of ${WINDOW}s after ${WARMUP}s; calls held in the window: $HELD (SIPp CurrentCall)"
echo "run output: $RUN_LOG"
CLK=$(getconf CLK_TCK)
# ticks per thread group over the window (a thread born in the window starts from 0), biggest first
awk -F'\t' '
  function group(name) {
    if (name == "media-clock" || name == "rtp-receive") return name
    if (name ~ /^(GC Thread|G1 |VM Thread|VM Periodic)/) return "gc+vm"
    if (name ~ /^C[12] CompilerThre/) return "jit"
    sub(/[-#]?[0-9]+$/, "", name)
    return name == "" ? "(unnamed)" : name
  }
  FNR == NR { u0[$1] = $2; s0[$1] = $3; next }
  { g = group($4); user[g] += $2 - u0[$1]; sys[g] += $3 - s0[$1] }
  END { for (g in user) printf "%d\t%s\t%d\t%d\n", user[g] + sys[g], g, user[g], sys[g] }
' "$INFO.t0" "$INFO.t1" | sort -t$'\t' -k1,1 -rn | awk -F'\t' -v clk="$CLK" -v ns=$((NS1 - NS0)) -v held="$HELD" '
  function pct(ticks) { return ticks * 100 * 1e9 / clk / ns }
  function line(name, u, s) {
    printf "%-24s %8.2f %10.4f    %6.2f / %6.2f\n", name, pct(u + s), (held > 0 ? pct(u + s) / held : 0), pct(u), pct(s)
  }
  BEGIN { printf "%-24s %8s %10s    %s\n", "threads", "% core", "per call", "user / system" }
  $1 > 0 { line($2, $3, $4) }
  { all_u += $3; all_s += $4 }
  $2 == "media-clock" || $2 == "rtp-receive" { media_u += $3; media_s += $4 }
  END {
    line("media (clock + receive)", media_u, media_s)
    line("all threads", all_u, all_s)
    printf "media CPU per call: %.4f %% of a core (%s calls)\n", (held > 0 ? pct(media_u + media_s) / held : 0), held
  }' > "$INFO.report"
rm -f "$INFO.t0" "$INFO.t1"

wait "$LOAD_PID" && LOAD_RC=0 || LOAD_RC=$?
LOAD_PID=
grep -E '^(calls (attempted|held|succeeded)|digits lost|server CPU|OK|FAIL)' "$RUN_LOG" || true
cat "$INFO.report"
rm -f "$INFO.report"
exit "$LOAD_RC"
