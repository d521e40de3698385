#!/usr/bin/env bash
# npm run bench: the 1 GiB upload benchmark (see test/bench/upload.bench.test.mts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/dev-dependencies.sh
source scripts/lib/dev-dependencies.sh
ensure_dev_dependencies
npx vitest run --config vitest.bench.config.mts --reporter=default --reporter=json --reporter=./scripts/lib/unhandled-errors-reporter.mjs --outputFile=.tmp/bench-report.json
