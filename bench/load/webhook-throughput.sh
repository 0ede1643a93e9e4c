#!/usr/bin/env bash
# Webhook throughput: CALLS x EVENTS_PER_CALL call.dtmf.received events recorded through the real outbox (SQLite
# in a temporary data folder) and delivered by the real dispatcher to a receiver in a separate JVM that verifies
# every signature and each call's order.
#
# usage: bench/load/webhook-throughput.sh [CALLS] [EVENTS_PER_CALL] [EVENTS_PER_SECOND]
#        (defaults 1000 20 0; a rate of 0 offers every event at once)
#
# Prints the sender's CPU per delivered event (process and per thread group), emit and emit-to-commit times,
# and last: deliveries/s: N  p50: X ms  p99: Y ms (record to 2xx). Exits 1 on a bad signature, an order
# violation or a missing event.
#
# Needs: bench/target/voicegather-bench.jar (mvn -pl bench -am package -DskipTests), java 17.
# Environment overrides: JAVA_OPTS (flags of the sending JVM), KEEP_WORK=1 (keep the data folder).
set -euo pipefail

CALLS=${1:-1000}; PER_CALL=${2:-20}; RATE=${3:-0}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=$ROOT/bench/target/voicegather-bench.jar
[[ -f "$JAR" ]] || { echo "webhook-throughput: $JAR is missing: mvn -pl bench -am package -DskipTests" >&2; exit 2; }

WORK=$(mktemp -d -t webhook-throughput.XXXXXX)
[[ "${KEEP_WORK:-}" == 1 ]] || trap 'rm -rf "$WORK"' EXIT

java ${JAVA_OPTS:-} -cp "$JAR" io.voicegather.bench.load.WebhookThroughput "$WORK/data" "$CALLS" "$PER_CALL" "$RATE"
