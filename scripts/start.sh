#!/usr/bin/env bash
# npm start: build this package and run it inside a real local n8n 2.41.1 on http://localhost:5678.
# Self-installing (Node 24 + n8n from the npm registry into .n8n-local/), cached after the first run.
#   N8N_LOCAL_PACKAGE_DIR=/path/to/built-pkg npm start   # load another, already built package instead
#   N8N_LOCAL_LINK_MODE=symlink npm start                 # symlink the repo instead of unpacking npm pack
#   N8N_PORT=5690 N8N_RUNNERS_BROKER_PORT=5691 npm start  # beside another n8n (editor port, task broker port)
#   N8N_LOCAL_N8N_VERSION=1.123.81 npm start              # another n8n version (own install in .n8n-local/n8n-<version>/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/n8n-local.sh
source scripts/lib/n8n-local.sh
# shellcheck source=scripts/lib/dev-dependencies.sh
source scripts/lib/dev-dependencies.sh
step() { STEP="$*"; printf '\n==> %s\n' "$*" >&2; }
trap 'printf "\n==> npm start FAILED during: %s\n" "${STEP:-setup}" >&2' ERR

if [[ -z ${N8N_LOCAL_PACKAGE_DIR:-} ]]; then
  ensure_dev_dependencies
  step "npm run build"
  npm run build
else
  step "skipping this repo's build: loading prebuilt package $N8N_LOCAL_PACKAGE_DIR"
fi

step "local n8n $N8N_LOCAL_N8N_VERSION on Node 24 ($N8N_LOCAL_INSTALL_LABEL)"
n8n_local_install
n8n_local_env
step "linking the package into $N8N_USER_FOLDER/.n8n/custom/node_modules"
n8n_local_link_package "${N8N_LOCAL_PACKAGE_DIR:-.}"
step "starting n8n: open http://$N8N_HOST:$N8N_PORT once n8n says it is accessible"
cat >&2 <<EOF
    First visit: n8n asks you to create the owner account (kept in .n8n-local/, local only).
    Loaded? In a workflow, open the nodes panel (+) and search "TikTok": the TikTok node and its
    three triggers are listed (n8n shows this package as CUSTOM.tikTok). Stop n8n with Ctrl+C.
EOF
n8n_local_start "$@"   # npm start -- <args> passes args to `n8n start`
