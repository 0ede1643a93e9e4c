#!/usr/bin/env bash
# Gather load test: N concurrent calls, each sending RFC 4733 digits spread over the call, for DURATION seconds,
# against the voicegather server; AutoGatherApp answers every call and runs one gather per call. The calls come from
# GatherCallers (GENERATOR=java, the default: SIP and RTP from one thread, so the load generator takes little of the
# cores it shares with the server; at 1,000 calls 16 % of a core where SIPp takes 52 %) or from SIPp
# (GENERATOR=sipp: the same packets at the same times, from a third-party peer).
#
# usage: bench/load/gather-load.sh N DURATION_SECONDS
#
# Prints the machine's load average at the start, calls attempted / held (peak concurrent) / succeeded, digits
# expected / received / lost, the server's CPU (% of one core, average and peak, from /proc/<pid>/stat) and the
# generator's CPU (same source, over its whole run). Exits 1 if any digit was lost.
#
# Needs: server/target/voicegather.jar (mvn -pl dist -am package -DskipTests), bench classes
# (mvn -pl bench -am compile), sipp (apt-get install sip-tester; not for GENERATOR=java), java 17.
# Environment overrides: GENERATOR HTTP_PORT SIP_PORT HOOK_PORT SIPP_PORT MEDIA_BASE RTP_PORTS DIGITS CALL_MS RATE VOICEGATHER_JAR KEEP_WORK
# RTP_RECEIVE (GENERATOR=java: read = read and drop the server's audio, ignore = leave it to the kernel to drop),
# SERVER_JAVA_OPTS (JVM flags of the server, e.g. -Xlog:gc:file=gc.log), GENERATOR_JAVA_OPTS (the same for GatherCallers), SERVER_CMD (start this instead of the jar; no HTTP readiness wait: used to dry-run the plumbing),
# APP_CLASSPATH (classpath of AutoGatherApp; default bench classes + the shaded server jar, which holds Jackson),
# SERVER_INFO_FILE (written as the calls start: SERVER_PID= and WORK=, for scripts that watch the run, e.g. media-cost.sh).
set -euo pipefail

die() { echo "gather-load: $*" >&2; exit 2; }

N=${1:-}; DURATION=${2:-}
[[ "$N" =~ ^[0-9]+$ && "$DURATION" =~ ^[0-9]+$ && $N -gt 0 && $DURATION -gt 0 ]] \
  || die "usage: $0 N DURATION_SECONDS"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${VOICEGATHER_JAR:-$ROOT/server/target/voicegather.jar}
BENCH_CLASSES=$ROOT/bench/target/classes
SCENARIO=$ROOT/server/src/test/resources/e2e/sipp/uac_pcap.xml
# shellcheck source=../lib/processes.sh
source "$ROOT/bench/lib/processes.sh"   # stop_pid, wait_tcp, require_sipp_pcap, sipp_stat_col
HTTP_PORT=${HTTP_PORT:-18080}
SIP_PORT=${SIP_PORT:-15060}
HOOK_PORT=${HOOK_PORT:-18081}
SIPP_PORT=${SIPP_PORT:-15062}
MEDIA_BASE=${MEDIA_BASE:-40000}      # SIPp's per-call ports ([auto_media_port]); the server uses RTP_PORTS
RTP_PORTS=${RTP_PORTS:-20000-29999}  # the server's RTP range; two runs side by side need ranges apart
DIGITS=${DIGITS:-1234567890#}
CALL_MS=${CALL_MS:-8000}             # media length of each call; the digits are spread over it

GENERATOR=${GENERATOR:-java}
RTP_RECEIVE=${RTP_RECEIVE:-read}
[[ "$GENERATOR" == sipp || "$GENERATOR" == java ]] || die "GENERATOR is sipp or java, not $GENERATOR"
command -v java > /dev/null || die "java is missing"
if [[ "$GENERATOR" == sipp ]]; then require_sipp_pcap; fi
[[ -n "${SERVER_CMD:-}" || -f "$JAR" ]] || die "$JAR is missing: mvn -pl dist -am package -DskipTests"
[[ -f "$BENCH_CLASSES/io/voicegather/bench/load/AutoGatherApp.class" ]] \
  || die "bench classes are missing: mvn -pl bench -am compile"
[[ -f "$SCENARIO" ]] || die "scenario $SCENARIO is missing"
(( MEDIA_BASE + 4 * N + 4 < 65536 )) || die "too many calls for MEDIA_BASE=$MEDIA_BASE"

WORK=$(mktemp -d -t gather-load.XXXXXX)
API_KEY="load-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
SERVER_PID=; APP_PID=; GEN_PID=; SAMPLER_PID=

cleanup() {
  stop_pid "$SAMPLER_PID" 1; stop_pid "$GEN_PID" 5; stop_pid "$APP_PID" 5; stop_pid "$SERVER_PID" 10
  [[ -n "${KEEP_WORK:-}" ]] && echo "work dir kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

cpu_ticks() {   # utime + stime of a pid, in clock ticks (fields 14 and 15; the name field may hold spaces)
  local rest
  rest=$(sed 's/^.*) //' "/proc/$1/stat" 2> /dev/null) || { echo 0; return; }
  set -- $rest
  echo $(( ${12} + ${13} ))
}

ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)" 2> /dev/null || true

# 1. the server
mkdir -p "$WORK/data"
if [[ -n "${SERVER_CMD:-}" ]]; then
  bash -c "exec $SERVER_CMD" > "$WORK/server.log" 2>&1 & SERVER_PID=$!
  sleep 1
else
  java ${SERVER_JAVA_OPTS:-} -jar "$JAR" --http-port "$HTTP_PORT" --sip-port "$SIP_PORT" --rtp-ports "$RTP_PORTS" \
       --data-dir "$WORK/data" --webhook-url "http://127.0.0.1:$HOOK_PORT/webhook" --api-key "$API_KEY" \
       > "$WORK/server.log" 2>&1 & SERVER_PID=$!
  wait_tcp "$HTTP_PORT" 60 "$SERVER_PID" || { tail -50 "$WORK/server.log" >&2; die "server did not open HTTP port $HTTP_PORT"; }
fi
kill -0 "$SERVER_PID" 2> /dev/null || { tail -50 "$WORK/server.log" >&2; die "server exited at start"; }

# 2. the app that answers and gathers
java -cp "${APP_CLASSPATH:-$BENCH_CLASSES:$JAR}" io.voicegather.bench.load.AutoGatherApp --port "$HOOK_PORT" \
     --api "http://127.0.0.1:$HTTP_PORT" --api-key "$API_KEY" --digits "$DIGITS" \
     --summary "$WORK/summary.json" --duration-seconds $((DURATION + CALL_MS / 1000 + 300)) \
     > "$WORK/app.log" 2>&1 & APP_PID=$!
wait_tcp "$HOOK_PORT" 30 "$APP_PID" || { tail -20 "$WORK/app.log" >&2; die "AutoGatherApp did not start"; }

# 3. the media every call plays
PLAY_MS=$(java -cp "${APP_CLASSPATH:-$BENCH_CLASSES:$JAR}" io.voicegather.bench.load.DigitsPcap "$WORK/digits.pcap" "$DIGITS" "$CALL_MS")
CALL_S=$(( (PLAY_MS + 1500 + 999) / 1000 ))   # play + 1 s waiting for a BYE + setup
RATE=${RATE:-$(( N < 200 ? N : 200 ))}        # calls/s; -l N holds the concurrency (a cold server dislikes bursts)

# 4. CPU sampler: one line "percent" per second while the server lives (100 = one core)
CLK=$(getconf CLK_TCK)
(
  prev=$(cpu_ticks "$SERVER_PID"); prev_ns=$(date +%s%N)
  while kill -0 "$SERVER_PID" 2> /dev/null; do
    sleep 1
    now=$(cpu_ticks "$SERVER_PID"); now_ns=$(date +%s%N)
    echo $(( (now - prev) * 100 * 1000000000 / CLK / (now_ns - prev_ns) ))
    prev=$now; prev_ns=$now_ns
  done
) > "$WORK/cpu.txt" & SAMPLER_PID=$!

# 5. the calls
echo "gather-load: $N concurrent calls for ${DURATION}s, ${RATE} calls/s, ${PLAY_MS} ms of media per call, digits $DIGITS, generator $GENERATOR"
echo "load average at start:  $(cut -d' ' -f1-3 /proc/loadavg)"
TICKS0=$(cpu_ticks "$SERVER_PID"); NS0=$(date +%s%N)
[[ -z "${SERVER_INFO_FILE:-}" ]] || printf 'SERVER_PID=%s\nWORK=%s\n' "$SERVER_PID" "$WORK" > "$SERVER_INFO_FILE"
GEN_NS0=$(date +%s%N)
if [[ "$GENERATOR" == java ]]; then
  # it stops starting calls after DURATION by itself and exits when the last call has ended
  java ${GENERATOR_JAVA_OPTS:-} -cp "${APP_CLASSPATH:-$BENCH_CLASSES:$JAR}" io.voicegather.bench.load.GatherCallers \
       --target "127.0.0.1:$SIP_PORT" --rate "$RATE" --limit "$N" --duration "$DURATION" --digits "$DIGITS" \
       --call-ms "$CALL_MS" --timeout-ms $((PLAY_MS + 1000)) --rtp-receive "$RTP_RECEIVE" \
       --stats "$WORK/generator.env" > "$WORK/generator.out" 2>&1 & GEN_PID=$!
else
sipp "127.0.0.1:$SIP_PORT" -sf "$SCENARIO" -key pcap "$WORK/digits.pcap" -recv_timeout $((PLAY_MS + 1000)) \
     -i 127.0.0.1 -mi 127.0.0.1 -p "$SIPP_PORT" -mp "$MEDIA_BASE" -s 1000 -key caller load -cid_str "load-%u-%p@%s" \
     -l "$N" -r "$RATE" -rp 1000 -nostdin -timeout $((DURATION + CALL_S + 60))s \
     -trace_stat -stf "$WORK/sipp-stat.csv" -fd 1 -trace_err -error_file "$WORK/sipp-errors.log" \
     > "$WORK/sipp.out" 2>&1 & GEN_PID=$!
fi
sleep "$DURATION"
[[ "$GENERATOR" == java ]] || kill -USR1 "$GEN_PID" 2> /dev/null || true   # soft stop: no new calls, let the running ones finish
# the generator's CPU ticks are read until it exits (its /proc entry goes with it)
GEN_TICKS=$(cpu_ticks "$GEN_PID"); GEN_NS1=$(date +%s%N)
for ((i = 0; i < (CALL_S + 30) * 10; i++)); do
  t=$(cpu_ticks "$GEN_PID"); kill -0 "$GEN_PID" 2> /dev/null || break
  (( t > GEN_TICKS )) && GEN_TICKS=$t; GEN_NS1=$(date +%s%N)
  sleep 0.1
done
if kill -0 "$GEN_PID" 2> /dev/null; then
  stop_pid "$GEN_PID" 5; SIPP_RC=killed
else
  set +e; wait "$GEN_PID"; SIPP_RC=$?; set -e
fi
GEN_PID=
TICKS1=$(cpu_ticks "$SERVER_PID"); NS1=$(date +%s%N)
sleep 3                                          # last webhooks (gather.ended, hangup) still on their way
stop_pid "$APP_PID" 10; APP_PID=
stop_pid "$SAMPLER_PID" 1; SAMPLER_PID=

# 6. results
stat_col() {   # stat_col NAME: that column of the last row of SIPp's statistics
  sipp_stat_col "$WORK/sipp-stat.csv" "$1"
}
stat_max() {
  awk -F';' -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
                          c && $c + 0 > m { m = $c + 0 } END { print m + 0 }' "$WORK/sipp-stat.csv"
}
if [[ "$GENERATOR" == java ]]; then
  [[ -f "$WORK/generator.env" ]] || { tail -30 "$WORK/generator.out" >&2; die "GatherCallers wrote no statistics"; }
  # shellcheck disable=SC1091
  source "$WORK/generator.env"
  stat_col() { case $1 in 'OutgoingCall(C)') echo "$GEN_CALLS_ATTEMPTED" ;; 'SuccessfulCall(C)') echo "$GEN_CALLS_SUCCEEDED" ;;
                          'FailedCall(C)') echo "$GEN_CALLS_FAILED" ;; esac; }
  stat_max() { echo "$GEN_CALLS_HELD_PEAK"; }
fi
[[ "$GENERATOR" == java || -f "$WORK/sipp-stat.csv" ]] || { tail -30 "$WORK/sipp.out" >&2; die "SIPp wrote no statistics"; }
[[ -f "$WORK/summary.env" ]] || { tail -30 "$WORK/app.log" >&2; die "AutoGatherApp wrote no summary"; }
# shellcheck disable=SC1091
source "$WORK/summary.env"
CPU_AVG=$(( (TICKS1 - TICKS0) * 100 * 1000000000 / CLK / (NS1 - NS0 > 0 ? NS1 - NS0 : 1) ))
CPU_PEAK=$(sort -n "$WORK/cpu.txt" | tail -1); CPU_PEAK=${CPU_PEAK:-0}
GEN_CPU_AVG=$(( GEN_TICKS * 100 * 1000000000 / CLK / (GEN_NS1 - GEN_NS0 > 0 ? GEN_NS1 - GEN_NS0 : 1) ))

echo "calls attempted:        $(stat_col 'OutgoingCall(C)')"
echo "calls held (peak):      $(stat_max 'CurrentCall')"
echo "calls succeeded:        $(stat_col 'SuccessfulCall(C)')   failed: $(stat_col 'FailedCall(C)')   $GENERATOR exit: $SIPP_RC"
echo "calls seen by the app:  ${CALLS_SEEN:-0}   answered: ${CALLS_ANSWERED:-0}   gathers ended: ${GATHERS_ENDED:-0}"
echo "gather.ended statuses:  $(tr -d '\n ' < "$WORK/summary.json" | sed -n 's/.*"gathers_ended_by_status":{\([^}]*\)}.*/\1/p')"
echo "digits expected:        ${DIGITS_EXPECTED:-0}"
echo "digits received:        ${DIGITS_RECEIVED:-0}"
echo "digits lost:            ${DIGITS_LOST:-0}   (gathers with wrong digits: ${GATHERS_WITH_WRONG_DIGITS:-0})"
echo "server CPU (% of a core): average $CPU_AVG, peak $CPU_PEAK"
echo "generator CPU:          $GENERATOR $(( GEN_TICKS * 1000 / CLK )) ms in $(( (GEN_NS1 - GEN_NS0) / 1000000 )) ms, average $GEN_CPU_AVG % of a core"
[[ "$GENERATOR" != java ]] || echo "generator (own count):  late sends ${GEN_LATE_SENDS:-0}   late ticks ${GEN_LATE_TICKS:-0} (longest gap ${GEN_LONGEST_GAP_MS:-0} ms)   RTP sent ${GEN_RTP_SENT:-0}   received ${GEN_RTP_RECEIVED:-0} ($RTP_RECEIVE)   CPU ${GEN_CPU_MS:-0} ms"
echo "command round trip (app):  $(tr -d '\n ' < "$WORK/summary.json" | sed -n 's/.*"command_round_trip_ms":\(.*\)}$/\1/p')"
echo "webhook delivery latency (recorded -> delivered, includes the app's reply):"
java -cp "${APP_CLASSPATH:-$BENCH_CLASSES:$JAR}" io.voicegather.bench.load.OutboxLatency "$WORK/data" 2>&1 \
  || echo "  (not available)"

if (( ${DIGITS_EXPECTED:-0} == 0 )); then echo "FAIL: no call was answered" >&2; exit 1; fi
if (( ${DIGITS_LOST:-0} > 0 )); then echo "FAIL: digits were lost" >&2; exit 1; fi
echo "OK"
