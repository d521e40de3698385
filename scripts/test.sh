#!/usr/bin/env bash
# npm test: everything the unit, engine and package suites need, from a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# npm rewrites node_modules/.package-lock.json on every install, so it dates node_modules.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "==> npm ci (dev dependencies)"
  # --ignore-scripts: isolated-vm (pulled in by n8n-core) only builds on Node 24 and is not needed here.
  # If the lockfile lost its optional platform entries (see scripts/complete-lockfile.mjs), `npm ci`
  # refuses it; a plain install resolves the same tree.
  npm ci --ignore-scripts --no-audit --no-fund || npm install --ignore-scripts --no-audit --no-fund
fi
echo "==> build"
npm run build --silent
echo "==> lint (n8n community-node rules)"
npm run lint --silent
echo "==> vitest: unit, engine and package tests"
npx vitest run --reporter=default --reporter=json --outputFile=.tmp/vitest-report.json
