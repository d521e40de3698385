#!/usr/bin/env bash
# npm run demo: this package in a real local n8n 2.41.1 talking to a local TikTok EMULATOR (not
# TikTok), with an owner account, a connected demo credential and a sample workflow, so you can click
# through real executions without a TikTok developer app. Editor on http://127.0.0.1:5680.
#
# Self-installing like `npm start` (Node 24 + n8n into .n8n-local/, cached). Kept apart from it:
# its own user folder (.n8n-local/demo, wiped at every start), its own port, and the proxy settings
# that point n8n at the emulator exist only in that n8n's environment. Ctrl-C stops everything; so
# does the maximum lifetime.
#   TIKTOK_DEMO_PORT=5680          editor port
#   TIKTOK_DEMO_MAX_MINUTES=120    the demo stops itself after this long
#   TIKTOK_DEMO_MEDIA_DIR=DIR      files the emulator's media host serves (default: test/fixtures)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/n8n-local.sh
source scripts/lib/n8n-local.sh
# shellcheck source=scripts/lib/dev-dependencies.sh
source scripts/lib/dev-dependencies.sh
step() { STEP="$*"; printf '\n==> %s\n' "$*" >&2; }

DEMO_DIR="$N8N_LOCAL_INSTALL_DIR/demo"
DEMO_PORT="${TIKTOK_DEMO_PORT:-5680}"
DRIVER_PID=""
OWN_DIR=0   # set once this run has taken over .n8n-local/demo

# Ends processes a previous demo recorded in $DEMO_DIR/pids, by id, and only if they still are that
# demo's n8n (its command line and its user folder), e.g. after the driver was killed with SIGKILL.
kill_recorded() {
  [[ -f $DEMO_DIR/pids ]] || return 0
  local kind pid
  while read -r kind pid; do
    [[ $kind == n8n && -r /proc/$pid/cmdline ]] || continue
    if tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'n8n/bin/n8n' \
      && tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "N8N_USER_FOLDER=$DEMO_DIR/home"; then
      kill -KILL -- "-$pid" 2>/dev/null || true   # n8n and its task runner (own group)
      # Gone (and its port free) before going on.
      for _ in $(seq 1 40); do [[ -d /proc/$pid ]] || break; sleep 0.25; done
    fi
  done < "$DEMO_DIR/pids"
  rm -f "$DEMO_DIR/pids"
}

cleanup() {
  local rc=$?
  if [[ -n $DRIVER_PID ]] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill -TERM "$DRIVER_PID" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$DRIVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$DRIVER_PID" 2>/dev/null || true
  fi
  if (( OWN_DIR )); then kill_recorded; fi
  if (( rc != 0 && rc != 130 )); then
    printf '\n==> npm run demo FAILED%s. n8n log: %s\n' "${STEP:+ during: $STEP}" "$DEMO_DIR/n8n.log" >&2
  fi
}
trap cleanup EXIT
# Ctrl-C is how the demo ends: before the driver runs, just leave (cleanup runs); once it runs, ask
# it to stop n8n and the emulator, and wait for that below.
STOP_REQUESTED=0
on_signal() {
  STOP_REQUESTED=1
  if [[ -n $DRIVER_PID ]]; then kill -TERM "$DRIVER_PID" 2>/dev/null || true; else exit 130; fi
}
trap on_signal INT TERM HUP

# A demo still running elsewhere keeps its folder: refuse rather than pull it from under it.
if [[ -f $DEMO_DIR/pids ]]; then
  while read -r kind pid; do
    if [[ $kind == driver ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'test/e2e/demo.mts'; then
      STEP="checking for a running demo"
      printf '==> a demo is already running (driver pid %s): stop it with Ctrl-C in its terminal first\n' "$pid" >&2
      exit 1
    fi
  done < "$DEMO_DIR/pids"
fi
kill_recorded   # what a demo killed with SIGKILL may have left behind
if (exec 3<>"/dev/tcp/127.0.0.1/$DEMO_PORT") 2>/dev/null; then
  STEP="checking port $DEMO_PORT"
  printf '==> 127.0.0.1:%s is in use by another program: free it, or TIKTOK_DEMO_PORT=5681 npm run demo\n' "$DEMO_PORT" >&2
  exit 1
fi

ensure_dev_dependencies tsx axios   # what the demo driver needs
step "npm run build"
npm run build

step "local n8n $N8N_LOCAL_N8N_VERSION on Node 24 (.n8n-local/)"
n8n_local_install

step "fresh demo user folder .n8n-local/demo (separate from npm start's .n8n-local/home)"
OWN_DIR=1
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"
export N8N_USER_FOLDER="$DEMO_DIR/home"
n8n_local_env
N8N_LOCAL_LINK_MODE=pack n8n_local_link_package .

step "starting the TikTok EMULATOR and n8n (first start: about 20 s)"
TIKTOK_DEMO_DIR="$DEMO_DIR" \
N8N_LOCAL_NODE="$N8N_LOCAL_NODE_PKG/bin/node" \
N8N_LOCAL_N8N_BIN="$N8N_LOCAL_N8N_BIN" \
  node --import tsx test/e2e/demo.mts &
DRIVER_PID=$!
echo "driver $DRIVER_PID" >> "$DEMO_DIR/pids"
rc=0
# `wait` returns early when a trapped signal arrives: keep waiting until the driver has stopped n8n.
while kill -0 "$DRIVER_PID" 2>/dev/null; do
  wait "$DRIVER_PID" && rc=0 || rc=$?
done
DRIVER_PID=""
if (( STOP_REQUESTED )); then rc=0; fi   # stopped on request: not a failure
exit "$rc"
