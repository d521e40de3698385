#!/usr/bin/env bash
# npm run test:all: every suite, as CI runs it: unit + engine + package tests (npm test), the 1 GiB
# upload benchmark with its memory and throughput limits (npm run bench), and the end-to-end suite
# against a real n8n (npm run test:e2e). Ends with one "N passed, M failed" line over all of them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .tmp
started=$SECONDS

bash scripts/test.sh
bash scripts/bench.sh
bash scripts/e2e.sh 2>&1 | tee .tmp/e2e-output.log
e2e_status=${PIPESTATUS[0]}

totals=$(node -e '
  const fs = require("fs");
  let passed = 0, failed = 0;
  for (const f of [".tmp/vitest-report.json", ".tmp/bench-report.json"]) {
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests;
  }
  const e2e = /^(\d+) passed, (\d+) failed$/m.exec(fs.readFileSync(".tmp/e2e-output.log", "utf8"));
  if (e2e) { passed += Number(e2e[1]); failed += Number(e2e[2]); } else { failed += 1; }
  console.log(passed + " passed, " + failed + " failed");
')
echo "==> all suites took $((SECONDS - started)) s"
echo "$totals"
exit "$e2e_status"
