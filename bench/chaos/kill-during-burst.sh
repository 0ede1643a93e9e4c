#!/usr/bin/env bash
# Chaos run for webhook delivery: a burst of SIPp calls, then either a SIGKILL of the server mid-burst (default) or
# an application that is down for a while. Afterwards every event the server committed must have reached the app.
#
# usage: bench/chaos/kill-during-burst.sh                            SIGKILL mid-burst, restart on the same data folder
#        bench/chaos/kill-during-burst.sh --receiver-down [SECONDS]  the app's hook port refuses connections for
#                                                                    SECONDS (default 600), then comes up
#
# CALLS SIPp calls (at most CONCURRENT at once, RATE new ones per second) play DIGITS_PER_CALL RFC 4733 digits and
# a '#'. ChaosApp (bench/src/main/java/io/voicegather/bench/chaos) answers each call with webhook_url set to its
# hook port and starts a gather, so a call makes DIGITS_PER_CALL + 5 events (initiated, answered, the keys,
# gather.ended, hangup). ChaosApp verifies every signature with the public key in the server's data folder and
# logs every accepted delivery. At the end ChaosCheck compares that log with the server's outbox, which keeps every
# committed event (delivered rows for an hour) with its seq and call:
#   lost = committed events never received; gaps = calls where an event arrived while an earlier committed event of
#   the call never did; duplicates = deliveries beyond the first (allowed: at least once).
# Last line: "events: N  lost: L  gaps: G  duplicates: D"; exit 0 only when lost and gaps are 0.
# --receiver-down also reports the server's RSS and heap (used after a full GC) before, during and after the outage.
#
# Needs: server/target/voicegather.jar and bench classes (mvn -o -q -pl dist,bench -am package -DskipTests), sipp
# with CAP_NET_RAW (plays pcaps), java 17 with jcmd and jstat.
# Environment overrides: CALLS CONCURRENT RATE DIGITS_PER_CALL CALL_MS KILL_AFTER SETTLE_SECONDS HTTP_PORT SIP_PORT
# HOOK_PORT APP_PORT SIPP_PORT MEDIA_BASE RTP_PORTS VOICEGATHER_JAR KEEP_WORK
set -euo pipefail

die() { echo "kill-during-burst: $*" >&2; exit 2; }

DOWN=0
case "${1:-}" in
  "") ;;
  --receiver-down) DOWN=${2:-600} ;;
  *) die "usage: $0 [--receiver-down SECONDS]" ;;
esac
[[ "$DOWN" =~ ^[0-9]+$ ]] || die "--receiver-down takes whole seconds"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${VOICEGATHER_JAR:-$ROOT/server/target/voicegather.jar}
BENCH_CLASSES=$ROOT/bench/target/classes
CP="$BENCH_CLASSES:$JAR"                   # the shaded server jar holds Jackson and the SQLite driver
SCENARIO=$ROOT/server/src/test/resources/e2e/sipp/uac_pcap.xml
CALLS=${CALLS:-300}
CONCURRENT=${CONCURRENT:-100}
RATE=${RATE:-20}
DIGITS_PER_CALL=${DIGITS_PER_CALL:-40}
CALL_MS=${CALL_MS:-10000}
KILL_AFTER=${KILL_AFTER:-15}               # seconds after the first call: mid-burst
SETTLE_SECONDS=${SETTLE_SECONDS:-600}      # how long to wait for the last deliveries after the calls
HTTP_PORT=${HTTP_PORT:-28080}
SIP_PORT=${SIP_PORT:-25060}
HOOK_PORT=${HOOK_PORT:-28081}
APP_PORT=${APP_PORT:-28083}
SIPP_PORT=${SIPP_PORT:-25062}
MEDIA_BASE=${MEDIA_BASE:-46000}
RTP_PORTS=${RTP_PORTS:-30000-34999}

# shellcheck source=../lib/processes.sh
source "$ROOT/bench/lib/processes.sh"   # stop_pid, wait_tcp, require_sipp_pcap, sipp_stat_col
require_sipp_pcap
command -v jstat > /dev/null && command -v jcmd > /dev/null || die "jcmd and jstat (JDK) are missing"
[[ -f "$JAR" ]] || die "$JAR is missing: mvn -o -q -pl dist,bench -am package -DskipTests"
[[ -f "$BENCH_CLASSES/io/voicegather/bench/chaos/ChaosApp.class" ]] || die "bench classes are missing"
(( MEDIA_BASE + 4 * CALLS + 4 < 65536 )) || die "too many calls for MEDIA_BASE=$MEDIA_BASE"

WORK=$(mktemp -d -t chaos.XXXXXX)
DATA=$WORK/data
API_KEY="chaos-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
SERVER_PID=; APP_PID=; SIPP_PID=

cleanup() {
  stop_pid "$SIPP_PID" 5; stop_pid "$APP_PID" 5; stop_pid "$SERVER_PID" 10
  [[ -n "${KEEP_WORK:-}" ]] && echo "work dir kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

start_server() {   # start_server LOG: the jar on the run's data folder; waits for its HTTP port
  java -jar "$JAR" --http-port "$HTTP_PORT" --sip-port "$SIP_PORT" --rtp-ports "$RTP_PORTS" --data-dir "$DATA" \
       --webhook-url "http://127.0.0.1:$APP_PORT/app" --api-key "$API_KEY" > "$1" 2>&1 & SERVER_PID=$!
  wait_tcp "$HTTP_PORT" 60 "$SERVER_PID" || { tail -50 "$1" >&2; die "server did not open HTTP port $HTTP_PORT"; }
}

memory() {   # memory LABEL: the server's RSS and its heap in use after a full GC
  local rss heap
  rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$SERVER_PID/status")
  jcmd "$SERVER_PID" GC.run > /dev/null
  heap=$(jstat -gc "$SERVER_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
         { print int(($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024) }')
  printf '  %-34s RSS %5d MB   heap used after GC %4d MB   pending events %s\n' "$1" "$rss" "$heap" "$(pending)"
}

pending() { java -cp "$CP" io.voicegather.bench.chaos.ChaosCheck --pending "$DATA"; }

ulimit -n 65536 2> /dev/null || true

# 1. the server, then the app (it reads the signing key the server created in the data folder)
mkdir -p "$DATA"
start_server "$WORK/server-1.log"
java -cp "$CP" io.voicegather.bench.chaos.ChaosApp --app-port "$APP_PORT" --hook-port "$HOOK_PORT" \
     --down-seconds "$DOWN" --api "http://127.0.0.1:$HTTP_PORT" --api-key "$API_KEY" --data-dir "$DATA" \
     --max-digits "$DIGITS_PER_CALL" --log "$WORK/deliveries.tsv" > "$WORK/app.log" 2>&1 & APP_PID=$!
DOWN_SINCE=$(date +%s)

# 2. the calls
DIGITS=$(printf '1234567890%.0s' $(seq 1 $(( (DIGITS_PER_CALL + 9) / 10 ))) | cut -c1-"$DIGITS_PER_CALL")#
PLAY_MS=$(java -cp "${APP_CLASSPATH:-$BENCH_CLASSES:$JAR}" io.voicegather.bench.load.DigitsPcap "$WORK/digits.pcap" "$DIGITS" "$CALL_MS")
if (( DOWN > 0 )); then echo "memory:"; memory "before the calls"; fi
echo "kill-during-burst: $CALLS calls, $CONCURRENT at once, $RATE/s, $((DIGITS_PER_CALL + 1)) keys in ${PLAY_MS} ms each"
sipp "127.0.0.1:$SIP_PORT" -sf "$SCENARIO" -key pcap "$WORK/digits.pcap" -recv_timeout $((PLAY_MS + 1000)) \
     -i 127.0.0.1 -mi 127.0.0.1 -p "$SIPP_PORT" -mp "$MEDIA_BASE" -s 1000 -key caller chaos -cid_str "chaos-%u-%p@%s" \
     -m "$CALLS" -l "$CONCURRENT" -r "$RATE" -rp 1000 -nostdin -timeout 900s \
     -trace_stat -stf "$WORK/sipp-stat.csv" -fd 1 -trace_err -error_file "$WORK/sipp-errors.log" \
     > "$WORK/sipp.out" 2>&1 & SIPP_PID=$!

# 3. the chaos
if (( DOWN == 0 )); then
  sleep "$KILL_AFTER"
  kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2> /dev/null || true
  echo "server killed (SIGKILL) ${KILL_AFTER} s into the burst, with $(java -cp "$CP" io.voicegather.bench.chaos.ChaosCheck \
       --committed "$DATA") events committed and $(pending) of them undelivered; restarting it on the same data folder"
  start_server "$WORK/server-2.log"
  echo "server back after $(( $(date +%s) - DOWN_SINCE - KILL_AFTER )) s"
fi
while kill -0 "$SIPP_PID" 2> /dev/null; do
  if (( DOWN > 0 && $(date +%s) - DOWN_SINCE < DOWN )); then memory "app down, $(( $(date +%s) - DOWN_SINCE )) s"; sleep 20
  else sleep 1; fi
done
set +e; wait "$SIPP_PID"; SIPP_RC=$?; set -e; SIPP_PID=
while (( DOWN > 0 && $(date +%s) - DOWN_SINCE < DOWN )); do
  memory "app down, $(( $(date +%s) - DOWN_SINCE )) s"; sleep $(( DOWN / 10 > 5 ? DOWN / 10 : 5 ))
done

# 4. until every committed event is delivered (or the settle time is up)
SETTLED_AT=$(( $(date +%s) + SETTLE_SECONDS ))
while (( $(pending) > 0 && $(date +%s) < SETTLED_AT )); do sleep 2; done
if (( DOWN > 0 )); then memory "after delivery ($(( $(date +%s) - DOWN_SINCE )) s)"; fi
stop_pid "$SERVER_PID" 20; SERVER_PID=
stop_pid "$APP_PID" 10; APP_PID=

stat_col() {   # stat_col NAME: that column of the last row of SIPp's statistics
  sipp_stat_col "$WORK/sipp-stat.csv" "$1"
}
echo "sipp: calls placed $(stat_col 'OutgoingCall(C)'), succeeded $(stat_col 'SuccessfulCall(C)'), failed $(stat_col 'FailedCall(C)') (exit $SIPP_RC)"
grep -h "rejected deliveries" "$WORK/app.log" || echo "app: no summary (see $WORK/app.log)"
java -cp "$CP" io.voicegather.bench.chaos.ChaosCheck "$DATA" "$WORK/deliveries.tsv"
