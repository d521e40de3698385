#!/usr/bin/env bash
# npm start: build this package and run it inside a real local n8n 2.41.1 on http://localhost:5678.
# Self-installing (Node 24 + n8n from the npm registry into .n8n-local/), cached after the first run.
#   N8N_LOCAL_PACKAGE_DIR=/path/to/built-pkg npm start   # load another, already built package instead
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/n8n-local.sh
source scripts/lib/n8n-local.sh
step() { printf '\n==> %s\n' "$*" >&2; }

if [[ -z ${N8N_LOCAL_PACKAGE_DIR:-} ]]; then
  # npm rewrites node_modules/.package-lock.json on every install, so it dates node_modules reliably.
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    step "npm ci (node_modules missing or older than package-lock.json)"
    npm ci --ignore-scripts --no-audit --no-fund
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
n8n_local_link_package
step "starting n8n: open http://$N8N_HOST:$N8N_PORT once it prints 'Editor is now accessible via'"
n8n_local_start
