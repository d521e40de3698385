#!/usr/bin/env bash
# npm run test:all: every suite, as CI runs it: unit + engine + package tests (npm test), the 1 GiB
# upload benchmark with its memory and throughput limits (npm run bench), and the end-to-end suite
# against a real n8n (npm run test:e2e). Every suite runs even if an earlier one failed; the run
# ends with one "N passed, M failed" line over all of them (scripts/test-totals.mjs: what did not run,
# such as a test file that fails to load, counts as failed) and fails if any suite did.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .tmp
rm -f .tmp/vitest-report.json .tmp/bench-report.json .tmp/*.unhandled.json .tmp/e2e-output.log .tmp/git-status-before .tmp/git-status-after
started=$SECONDS
# A test run must leave the checkout as it found it (nothing tracked rewritten, nothing new unignored).
git_status() { git status --porcelain --untracked-files=all 2>/dev/null > "$1" || rm -f "$1"; }
git_status .tmp/git-status-before

# The run needs about 6 GB of disk: dev dependencies (1 GB), n8n 2.41.1 + Node 24 (3 GB), the
# benchmark's 1 GiB video in n8n's binary storage, npm's cache. Say so up front when it is short,
# since npm's ENOSPC comes minutes later and far from the cause.
free_kb=$(df -Pk . /tmp 2>/dev/null | awk 'NR > 1 { print $4 }' | sort -n | head -1)
if [[ -n $free_kb ]] && (( free_kb < 6 * 1024 * 1024 )); then
  printf '==> warning: only %s MB free on this disk (or /tmp); the full run needs about 6 GB\n' "$((free_kb / 1024))" >&2
fi

bash scripts/test.sh
test_status=$?
bash scripts/bench.sh
bench_status=$?
bash scripts/e2e.sh 2>&1 | tee .tmp/e2e-output.log
e2e_status=${PIPESTATUS[0]}

git_status .tmp/git-status-after
totals=$(node scripts/test-totals.mjs --vitest .tmp/vitest-report.json --vitest .tmp/bench-report.json --e2e .tmp/e2e-output.log \
  --checkout .tmp/git-status-before,.tmp/git-status-after)
totals_status=0
[[ $totals == *" 0 failed" ]] || totals_status=1
echo "==> all suites took $((SECONDS - started)) s (npm test: exit $test_status, bench: exit $bench_status, e2e: exit $e2e_status)"
echo "$totals"
(( test_status == 0 && bench_status == 0 && e2e_status == 0 && totals_status == 0 ))
