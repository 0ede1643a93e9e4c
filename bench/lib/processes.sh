# Shell functions shared by the bench scripts (source this file). They only touch processes the calling script started.

stop_pid() {   # stop_pid PID SECONDS: TERM, wait, then KILL
  local pid=$1 grace=$2
  [[ -n "$pid" ]] && kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2> /dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2> /dev/null || true
}
