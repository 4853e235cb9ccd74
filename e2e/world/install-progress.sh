# Progress lines for install.sh, sourced by it (it defines quiet and logs_dir).
# Every piece is one step: "[7/9] kubernetes v1.36.3: building ...", then
# "built in 4m12s". A build's output goes to <logs_dir>/<step>.log; while it
# runs, a ticker prints every TICK_SECONDS how long it has been running and,
# for `go build -v`/`go install -v`, how many packages it has compiled and the
# latest one, so a first build of many minutes does not look hung. A failed
# build prints the tail of its log and the log's path.

TICK_SECONDS=30
step_index=0
step_total=0
step_label=""
step_started=0
step_detail=""
ticker_pid=""

log() { printf '[world-install] %s\n' "$*"; }

# duration <seconds>: 42s, 4m05s.
duration() {
  local seconds="$1"
  if [ "${seconds}" -ge 60 ]; then
    printf '%dm%02ds' $((seconds / 60)) $((seconds % 60))
  else
    printf '%ds' "${seconds}"
  fi
}

# step_begin <label>: the next step, e.g. "kubernetes v1.36.3" (what and its pinned version).
step_begin() {
  step_index=$((step_index + 1))
  step_label="$1"
  step_started="${SECONDS}"
  step_detail=""
}

# say <text>: a progress line of the current step.
say() { log "[${step_index}/${step_total}] ${step_label}: $*"; }
# say_building <what>: the first line of a Go build. How long it takes depends
# on Go's caches, not on whether the binary is here (a fresh clone with warm
# caches relinks: helm took 11.9 s here), and a script cannot tell beforehand
# which packages GOCACHE holds; so the line gives both cases, and the step's
# last line says which it was ("every package from Go's build cache" or
# "N packages compiled").
say_building() { say "building $1 (with empty Go caches: several minutes; from Go's build cache: a relink, seconds to a minute)"; }
# say_current <text>: the step needed no work (silent with --quiet).
say_current() { [ "${quiet}" = 1 ] || say "$@"; }
# say_done <text>: the step's last line, with its elapsed time.
say_done() { say "$* in $(duration $((SECONDS - step_started)))${step_detail:+ (${step_detail})}"; }

# compiled_count <log>: lines of `go build -v` naming a compiled package (not "go: downloading ...").
compiled_count() { grep -cv '^go: ' "$1" || true; }

# tick <go|other> <log> <started>: one ticker line.
tick() {
  local kind="$1" log_file="$2" started="$3" compiled
  local after
  after="$(duration $((SECONDS - started)))"
  compiled=0
  [ "${kind}" != go ] || compiled="$(compiled_count "${log_file}")"
  if [ "${compiled}" -gt 0 ]; then
    say "still building after ${after}: ${compiled} packages compiled, latest $(grep -v '^go: ' "${log_file}" | tail -n 1)"
  elif [ "${kind}" = go ]; then
    say "still building after ${after}: nothing compiled yet (packages found in Go's build cache are not listed; linking comes last)"
  else
    say "still working after ${after}: $(tail -n 1 "${log_file}" | cut -c 1-120)"
  fi
}

# in_dir <dir> <command...>: the command run from dir (run_logged runs it in a subshell).
in_dir() {
  cd "$1"
  shift
  "$@"
}

stop_ticker() {
  if [ -n "${ticker_pid}" ]; then
    kill "${ticker_pid}" 2> /dev/null || true
    wait "${ticker_pid}" 2> /dev/null || true
    ticker_pid=""
  fi
}
trap stop_ticker EXIT

# run_logged <go|other> <log name> <command...>: runs the command with its
# output in <logs_dir>/<log name>.log and a ticker beside it (go: the command
# is a `go build -v` or `go install -v`, whose output names each compiled
# package); fails (exit 1) with the log's tail when the command fails.
run_logged() {
  local kind="$1" name="$2" started="${SECONDS}"
  shift 2
  local log_file="${logs_dir}/${name}.log"
  mkdir -p "${logs_dir}"
  : > "${log_file}"
  # sleep's output goes to /dev/null so that a sleep outliving the killed
  # ticker holds no pipe of the caller open.
  (while sleep "${TICK_SECONDS}" < /dev/null > /dev/null 2>&1; do tick "${kind}" "${log_file}" "${started}"; done) &
  ticker_pid=$!
  local status=0
  ("$@") > "${log_file}" 2>&1 || status=$?
  stop_ticker
  if [ "${status}" != 0 ]; then
    say "failed after $(duration $((SECONDS - started))) (exit ${status}); last lines of ${log_file}:"
    tail -n 30 "${log_file}" | sed 's/^/    /'
    exit 1
  fi
  if [ "${kind}" = go ]; then
    local compiled
    compiled="$(compiled_count "${log_file}")"
    if [ "${compiled}" = 0 ]; then step_detail="every package from Go's build cache"; else step_detail="${compiled} packages compiled"; fi
  fi
}
