#!/usr/bin/env bash
# npm test: everything the unit, engine and package suites need, from a fresh clone: dev dependencies,
# build, lint, type checks (package and test code), then the suites.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/dev-dependencies.sh
source scripts/lib/dev-dependencies.sh
ensure_dev_dependencies
echo "==> build"
npm run build --silent
echo "==> lint (n8n community-node rules)"
npm run lint --silent
echo "==> typecheck (nodes, credentials, and the tests with their own test/tsconfig.json)"
npm run typecheck --silent
echo "==> vitest: unit, engine and package tests"
npx vitest run --reporter=default --reporter=json --reporter=./scripts/lib/unhandled-errors-reporter.mjs --outputFile=.tmp/vitest-report.json
