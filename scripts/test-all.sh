#!/usr/bin/env bash
# npm run test:all: every test suite, as CI runs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/test.sh
