#!/usr/bin/env bash
# npm run test:e2e: the package in a REAL n8n 2.41.1, driven over n8n's REST API and webhooks,
# against a local TikTok emulator that only the n8n process can reach (test/e2e/).
# Self-installing like `npm start` (Node 24 + n8n into .n8n-local/, cached); everything listens on
# 127.0.0.1 and every process started here is stopped on the way out, also on failure or Ctrl-C.
#   N8N_LOCAL_PACKAGE_DIR=/path/to/built-pkg npm run test:e2e   # test another, already built package
#   TIKTOK_E2E_DEADLINE_SECONDS=900                              # bound for the whole run (default 900)
#   TIKTOK_E2E_ONLY='loop|Stop'                                  # run only the scenarios whose name matches (while developing)
#   TIKTOK_E2E_VIDEO_MB=150                                      # size of the uploaded video (default 150)
#   TIKTOK_E2E_SCREENSHOTS_DIR=DIR                               # where the editor screenshots go (default .n8n-local/e2e/screenshots, git-ignored)
#   --screenshots (npm run screenshots)                          # only the demo and editor scenarios, screenshots into docs/screenshots (the README's)
#   TIKTOK_E2E_CPU_THROTTLE=4                                    # slow the editor's CPU, as on a slow CI machine
#   TIKTOK_E2E_CHROMIUM=/usr/bin/chromium                        # the Chromium the editor scenarios drive
#   TIKTOK_E2E_N8N_VERSION=1.123.81                              # another n8n than 2.41.1 (own cached install and logs in .n8n-local/n8n-<version>/)
# The editor scenarios drive Debian's chromium (headless, loopback only) with playwright-core; it is
# installed here with apt-get when missing (as root, or with passwordless sudo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -n ${TIKTOK_E2E_N8N_VERSION:-} ]]; then export N8N_LOCAL_N8N_VERSION="$TIKTOK_E2E_N8N_VERSION"; fi
# shellcheck source=scripts/lib/n8n-local.sh
source scripts/lib/n8n-local.sh
# shellcheck source=scripts/lib/dev-dependencies.sh
source scripts/lib/dev-dependencies.sh
step() { STEP="$*"; printf '\n==> %s\n' "$*" >&2; }

E2E_DIR="$N8N_LOCAL_INSTALL_DIR/e2e"
if [[ ${1:-} == --screenshots ]]; then
  # The README's pictures are replaced only on request, never by a test run.
  export TIKTOK_E2E_SCREENSHOTS_DIR="$PWD/docs/screenshots"
  screenshot_scenarios="^npm run demo's setup|\(screenshot "   # the scenarios that take them, and the demo they open
  export TIKTOK_E2E_ONLY="${TIKTOK_E2E_ONLY:-$screenshot_scenarios}"
elif (( $# )); then
  printf 'usage: bash scripts/e2e.sh [--screenshots]\n' >&2
  exit 2
fi
DRIVER_PID=""

# Last resort if the driver could not clean up (killed with SIGKILL, crashed): end the processes
# it recorded in $E2E_DIR/pids, by id, and only if they still are what was started.
cleanup() {
  local rc=$?
  if [[ -n $DRIVER_PID ]] && kill -0 "$DRIVER_PID" 2>/dev/null; then
    kill -TERM "$DRIVER_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$DRIVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$DRIVER_PID" 2>/dev/null || true
  fi
  if [[ -f $E2E_DIR/pids ]]; then
    local kind pid
    while read -r kind pid; do
      [[ -r /proc/$pid/cmdline ]] || continue
      case "$kind:$(tr '\0' ' ' < "/proc/$pid/cmdline")" in
        n8n:*n8n/bin/n8n*) kill -KILL -- "-$pid" 2>/dev/null || true ;;   # n8n and its task runner (own group)
        emulator:*emulator.mts*) kill -KILL "$pid" 2>/dev/null || true ;;
      esac
    done < "$E2E_DIR/pids"
  fi
  if (( rc != 0 )); then
    printf '\n==> test:e2e FAILED%s. n8n log: %s\n' "${STEP:+ during: $STEP}" "$E2E_DIR/n8n.log" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z ${N8N_LOCAL_PACKAGE_DIR:-} ]]; then
  ensure_dev_dependencies tsx axios playwright-core   # what the driver needs
  step "npm run build"
  npm run build
fi

# Debian's chromium for the editor scenarios (screenshots). Bounded; without it those scenarios fail
# and say why, the others run.
CHROMIUM_BIN="${TIKTOK_E2E_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x $CHROMIUM_BIN ]]; then
  step "installing Debian's chromium for the editor scenarios (apt-get, once)"
  as_root=()
  if (( EUID != 0 )); then as_root=(sudo -n); fi
  { timeout 900 "${as_root[@]}" apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive timeout 900 "${as_root[@]}" apt-get install -y -qq chromium >/dev/null; } \
    || printf '==> could not install chromium (needs root or passwordless sudo): the editor scenarios will fail\n' >&2
fi

step "local n8n $N8N_LOCAL_N8N_VERSION on Node 24 ($N8N_LOCAL_INSTALL_LABEL)"
n8n_local_install
# A fresh user folder per run (SQLite DB, encryption key, binary data, the unpacked package).
rm -rf "$E2E_DIR"
mkdir -p "$E2E_DIR"
export N8N_USER_FOLDER="$E2E_DIR/home"
n8n_local_env

step "installing the package as n8n's community installer would (npm pack, unpacked into .n8n/custom)"
N8N_LOCAL_LINK_MODE=pack n8n_local_link_package "${N8N_LOCAL_PACKAGE_DIR:-.}"

step "running the end-to-end scenarios"
started=$SECONDS
# In the background so the traps can still act while it runs; tsx as an --import hook keeps the
# driver a single process (no CLI wrapper between this script and its signal handling).
TIKTOK_E2E_DIR="$E2E_DIR" \
TIKTOK_E2E_N8N_VERSION="$N8N_LOCAL_N8N_VERSION" \
N8N_LOCAL_NODE="$N8N_LOCAL_NODE_PKG/bin/node" \
N8N_LOCAL_N8N_BIN="$N8N_LOCAL_N8N_BIN" \
  node --import tsx test/e2e/run.mts &
DRIVER_PID=$!
rc=0
wait "$DRIVER_PID" || rc=$?
DRIVER_PID=""
printf '==> end-to-end run took %ss\n' "$((SECONDS - started))" >&2
if (( rc == 0 )); then
  rm -rf "$E2E_DIR/home"   # n8n's copy of the 150 MB video; logs stay in $E2E_DIR
else
  STEP="the scenarios (see FAIL lines above)"
fi
exit "$rc"
