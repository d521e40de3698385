#!/usr/bin/env bash
# npm start: build this package and run it inside a real local n8n 2.41.1 on http://localhost:5678.
# Self-installing (Node 24 + n8n from the npm registry into .n8n-local/), cached after the first run.
#   N8N_LOCAL_PACKAGE_DIR=/path/to/built-pkg npm start   # load another, already built package instead
#   N8N_LOCAL_LINK_MODE=symlink npm start                 # symlink the repo instead of unpacking npm pack
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/n8n-local.sh
source scripts/lib/n8n-local.sh
step() { STEP="$*"; printf '\n==> %s\n' "$*" >&2; }
trap 'printf "\n==> npm start FAILED during: %s\n" "${STEP:-setup}" >&2' ERR

if [[ -z ${N8N_LOCAL_PACKAGE_DIR:-} ]]; then
  # npm rewrites node_modules/.package-lock.json on every install, so it dates node_modules reliably.
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    step "npm ci (node_modules missing or older than package-lock.json)"
    # --ignore-scripts: isolated-vm (from n8n-core) only builds on Node 24 and the package does not need it.
    # npm ci refuses a lockfile that lists optional platform packages this registry lacks (e.g.
    # @unrs/resolver-binding-android-*, 404 here); npm install skips those and leaves the lock as it is.
    npm ci --ignore-scripts --no-audit --no-fund || {
      step "npm ci refused package-lock.json; falling back to npm install"
      npm install --ignore-scripts --no-audit --no-fund
    }
  else
    step "node_modules up to date with package-lock.json"
  fi
  step "npm run build"
  npm run build
else
  step "skipping this repo's build: loading prebuilt package $N8N_LOCAL_PACKAGE_DIR"
fi

step "local n8n $N8N_LOCAL_N8N_VERSION on Node 24 (.n8n-local/)"
n8n_local_install
n8n_local_env
step "linking the package into $N8N_USER_FOLDER/.n8n/custom/node_modules"
n8n_local_link_package "${N8N_LOCAL_PACKAGE_DIR:-.}"
step "starting n8n: the editor is at http://$N8N_HOST:$N8N_PORT once n8n says it is accessible"
n8n_local_start "$@"   # npm start -- <args> passes args to `n8n start`
