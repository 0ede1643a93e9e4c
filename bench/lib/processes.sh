# Shell functions shared by the bench scripts (source this file; a failed check calls the script's own die). They
# only touch processes the calling script started.

stop_pid() {   # stop_pid PID SECONDS: TERM, wait, then KILL
  local pid=$1 grace=$2
  [[ -n "$pid" ]] && kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2> /dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2> /dev/null || true
}

wait_tcp() {   # wait_tcp PORT SECONDS PID: until the port accepts, the time is up or the process is gone
  for ((i = 0; i < $2 * 10; i++)); do
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
    kill -0 "$3" 2> /dev/null || return 1
    sleep 0.1
  done
  return 1
}

sipp_stat_col() {   # sipp_stat_col CSV NAME: that column of the last row of SIPp's statistics file
  awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
                          NF > 1 { v = $c } END { print (c && v != "" ? v : 0) }' "$1"
}

require_sipp_pcap() {   # require_sipp_pcap: sipp is installed and may play pcaps, or die
  command -v sipp > /dev/null || die "sipp is missing: apt-get install -y sip-tester"
  # play_pcap_audio sends over a raw socket: root, or CAP_NET_RAW on the sipp binary
  if [[ $(id -u) -ne 0 ]] && ! getcap "$(command -v sipp)" 2> /dev/null | grep -q cap_net_raw; then
    die "SIPp needs CAP_NET_RAW to play pcaps: run as root or sudo setcap cap_net_raw+ep $(command -v sipp)"
  fi
}
