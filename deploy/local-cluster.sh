#!/usr/bin/env bash
# The whole cluster on one machine, for trying it and for tests: PostgreSQL with its own data folder, Kamailio on
# 127.0.0.1 in front of N voicegather nodes on 127.0.0.2 ... 127.0.0.(N+1), each with its own HTTP API, SIP and RTP
# range, all sharing the PostgreSQL database (docs/cluster.md).
#
# usage: deploy/local-cluster.sh up N --api-key KEY --webhook-url URL [more server flags, given to every node]
#        deploy/local-cluster.sh down
#
# "up" installs what is missing (Debian's postgresql and kamailio), builds the server jar if needed, starts everything, returns once
# every node is ready and prints, one per line:
#   sip=127.0.0.1:5060                      where phones call (Kamailio)
#   api=http://127.0.0.2:8080/v2            one line per node; any node takes any call's commands
#   public_key=...                          verifies every node's webhooks (the nodes share one signing key)
#   database=jdbc:postgresql://127.0.0.1:54320/voicegather
# "down" stops everything "up" started.
#
# Environment: CLUSTER_DIR (state: data folders, the database, logs, pid files; default ./data/local-cluster; as root,
# the postgres user must be able to reach it), SIP_PORT (5060), HTTP_PORT (8080), PG_PORT (54320), RTP_BASE (20000),
# RTP_PER_NODE (1000 ports), VOICEGATHER_JAR (server/target/voicegather.jar), VOICEGATHER_CMD (how a node is started,
# default "java -jar $VOICEGATHER_JAR"; the tests start it from classes).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/data/local-cluster}
SIP_PORT=${SIP_PORT:-5060}
HTTP_PORT=${HTTP_PORT:-8080}
RTP_BASE=${RTP_BASE:-20000}
RTP_PER_NODE=${RTP_PER_NODE:-1000}
JAR=${VOICEGATHER_JAR:-$ROOT/server/target/voicegather.jar}
read -r -a NODE_CMD <<< "${VOICEGATHER_CMD:-java -jar $JAR}"
PG_PORT=${PG_PORT:-54320}
KAMAILIO=/usr/sbin/kamailio
DB_USER=voicegather
DB_NAME=voicegather

die() { echo "local-cluster: $*" >&2; exit 2; }
# the database's password: made once per cluster folder, given to the nodes by environment, never on a command line
DB_PASSWORD=${DB_PASSWORD:-$( [[ -f ${CLUSTER_DIR}/db-password ]] && cat "${CLUSTER_DIR}/db-password" || head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}

node_ip() { echo "127.0.0.$(($1 + 1))"; }

pg_bin() { # the newest installed PostgreSQL's binaries
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $dir ]] && echo "$dir"
}

install_missing() {
  local missing=()
  [[ -x $KAMAILIO ]] || missing+=(kamailio)
  [[ -n $(pg_bin) ]] || missing+=(postgresql)
  ((${#missing[@]})) || return 0
  echo "local-cluster: installing ${missing[*]}" >&2
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

as_pg() { # PostgreSQL's tools refuse to run as root: as the postgres user then
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin pg=$CLUSTER_DIR/postgres
  bin=$(pg_bin)
  mkdir -p "$pg"
  echo "$DB_PASSWORD" > "$CLUSTER_DIR/db-password"
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$pg" "$CLUSTER_DIR/db-password"
  as_pg "$bin/initdb" -D "$pg/data" -U "$DB_USER" --pwfile="$CLUSTER_DIR/db-password" --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C --no-instructions > "$CLUSTER_DIR/postgres-init.log" 2>&1 \
    || die "initdb failed; see $CLUSTER_DIR/postgres-init.log"
  as_pg "$bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $pg -c listen_addresses=127.0.0.1 -c max_connections=200" start > /dev/null \
    || die "PostgreSQL did not start; see $pg/server.log"
  PGPASSWORD=$DB_PASSWORD "$bin/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d postgres \
    -c "CREATE DATABASE $DB_NAME" > /dev/null || die "cannot create the database"
}

wait_ready() { # URL SECONDS
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

start_node() { # I N FLAGS...
  local i=$1 n=$2; shift 2
  local ip; ip=$(node_ip "$i")
  local rtp_min=$((RTP_BASE + (i - 1) * RTP_PER_NODE))
  local nodes="" j
  for ((j = 1; j <= n; j++)); do nodes+="${nodes:+,}$j=http://$(node_ip "$j"):$HTTP_PORT"; done
  mkdir -p "$CLUSTER_DIR/node-$i"
  VOICEGATHER_DATABASE_PASSWORD=$DB_PASSWORD nohup "${NODE_CMD[@]}" \
    --database-url "jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME" --database-user "$DB_USER" --http-host "$ip" --http-port "$HTTP_PORT" --sip-host "$ip" --sip-port "$SIP_PORT" \
    --advertised-host "$ip" --rtp-ports "$rtp_min-$((rtp_min + RTP_PER_NODE - 1))" \
    --data-dir "$CLUSTER_DIR/node-$i" --node-id "$i" --cluster-nodes "$nodes" --sip-allow 127.0.0.1 "$@" \
    > "$CLUSTER_DIR/node-$i.log" 2>&1 &
  echo $! > "$CLUSTER_DIR/node-$i.pid"
  wait_ready "http://$ip:$HTTP_PORT/ready" 60 || die "node $i did not become ready; see $CLUSTER_DIR/node-$i.log"
}

up() {
  local n=${1:-}
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "usage: $0 up N --api-key KEY --webhook-url URL [server flags]"
  shift
  ((n <= 200)) || die "at most 200 nodes"
  [[ -e $CLUSTER_DIR/kamailio.pid || -e $CLUSTER_DIR/postgres/data/postmaster.pid ]] \
    && die "already up (CLUSTER_DIR=$CLUSTER_DIR); run: $0 down"
  install_missing
  [[ -n ${VOICEGATHER_CMD:-} || -f $JAR ]] || (cd "$ROOT" && mvn -q -DskipTests package)
  mkdir -p "$CLUSTER_DIR"
  rm -rf "$CLUSTER_DIR/postgres"
  start_postgres
  # node 1 seeds the cluster's signing key and API keys in the database; the others start with them
  start_node 1 "$n" "$@"
  local i
  for ((i = 2; i <= n; i++)); do start_node "$i" "$n" "$@"; done
  : > "$CLUSTER_DIR/dispatcher.list"
  for ((i = 1; i <= n; i++)); do echo "1 sip:$(node_ip "$i"):$SIP_PORT" >> "$CLUSTER_DIR/dispatcher.list"; done
  mkdir -p "$CLUSTER_DIR/kamailio-run"
  nohup "$KAMAILIO" -DD -E -f "$ROOT/deploy/kamailio/kamailio.cfg" \
    -l "udp:127.0.0.1:$SIP_PORT" -l "tcp:127.0.0.1:$SIP_PORT" -Y "$CLUSTER_DIR/kamailio-run" -m 64 -M 8 \
    -A "DS_LIST=\"$CLUSTER_DIR/dispatcher.list\"" > "$CLUSTER_DIR/kamailio.log" 2>&1 &
  echo $! > "$CLUSTER_DIR/kamailio.pid"
  sleep 1
  kill -0 "$(cat "$CLUSTER_DIR/kamailio.pid")" 2>/dev/null || die "kamailio did not start; see $CLUSTER_DIR/kamailio.log"

  echo "sip=127.0.0.1:$SIP_PORT"
  for ((i = 1; i <= n; i++)); do echo "api=http://$(node_ip "$i"):$HTTP_PORT/v2"; done
  echo "public_key=$(sed -n 's/^ *public key *\([^ ]*\).*/\1/p' "$CLUSTER_DIR/node-1.log" | head -1)"
  echo "database=jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME"
}

down() {
  local pidfile pid
  shopt -s nullglob
  for pidfile in "$CLUSTER_DIR"/kamailio.pid "$CLUSTER_DIR"/node-*.pid; do
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pidfile in "$CLUSTER_DIR"/kamailio.pid "$CLUSTER_DIR"/node-*.pid; do
    pid=$(cat "$pidfile")
    # a node drains first: its live calls finish (at most its --drain-timeout-seconds, 30 by default)
    for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  if [[ -f $CLUSTER_DIR/postgres/data/postmaster.pid ]]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$CLUSTER_DIR/postgres/data" -m fast -w stop > /dev/null || true
  fi
  echo "local-cluster: down"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  *) die "usage: $0 up N --api-key KEY --webhook-url URL [server flags] | $0 down" ;;
esac
