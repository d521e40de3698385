#!/usr/bin/env bash
# npm run bench: the 1 GiB upload benchmark (see test/bench/upload.bench.test.mts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund || npm install --ignore-scripts --no-audit --no-fund
fi
npx vitest run --config vitest.bench.config.mts --reporter=default --reporter=json --outputFile=.tmp/bench-report.json
