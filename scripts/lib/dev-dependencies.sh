# shellcheck shell=bash
# Sourceable: installs this repository's dev dependencies when node_modules is missing or older than
# package-lock.json (npm rewrites node_modules/.package-lock.json on every install, so it dates
# node_modules), or lacks one of the packages named as arguments.
#
#   source scripts/lib/dev-dependencies.sh
#   ensure_dev_dependencies [package-dir-under-node_modules...]

ensure_dev_dependencies() {
  local missing=0 name
  for name in "$@"; do [[ -d node_modules/$name ]] || missing=1; done
  if [[ -f node_modules/.package-lock.json && ! package-lock.json -nt node_modules/.package-lock.json ]] && (( !missing )); then
    return 0
  fi
  STEP="npm ci (dev dependencies)"   # what the calling script's failure message names
  printf '\n==> %s\n' "$STEP" >&2
  # --ignore-scripts: isolated-vm (pulled in by n8n-core) only builds on Node 24 and is not needed here.
  # npm ci refuses a lockfile that lists optional platform packages the registry lacks (see
  # scripts/complete-lockfile.mjs); npm install resolves the same tree, and --no-save keeps it from
  # rewriting the tracked package-lock.json.
  npm ci --ignore-scripts --no-audit --no-fund || {
    printf '==> npm ci refused package-lock.json; falling back to npm install --no-save\n' >&2
    npm install --no-save --ignore-scripts --no-audit --no-fund
  }
}
