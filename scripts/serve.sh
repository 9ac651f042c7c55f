#!/usr/bin/env bash
# `make run`: the development web server and a task worker, started together and stopped together
# (Ctrl+C, or either one ending, stops both). Usage: scripts/serve.sh PORT MANAGE-COMMAND...
set -uo pipefail
set -m  # each child in its own process group, so stopping one stops everything it started
port="$1"
shift
"$@" run_worker &
worker=$!
"$@" runserver "127.0.0.1:$port" &
web=$!
stop() {
  trap - INT TERM EXIT
  kill -TERM -- "-$web" "-$worker" 2>/dev/null
  wait "$web" "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT TERM
trap stop EXIT
wait -n "$web" "$worker"
status=$?
echo "serve.sh: the $( kill -0 "$web" 2>/dev/null && echo worker || echo web server ) stopped (status $status); stopping the other" >&2
exit "$status"
