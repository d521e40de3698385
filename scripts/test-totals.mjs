#!/usr/bin/env node
// The closing "N passed, M failed" line of `npm run test:all`, over vitest JSON reports and the
// end-to-end log. Usage: node scripts/test-totals.mjs [--vitest REPORT.json]... [--e2e LOG]... [--checkout BEFORE,AFTER]
// Whatever did not run counts as a failure, so the line can never look better than the run was:
// a report never written (install, build or lint failed), a test file that failed to load (vitest
// counts zero tests in it), each unhandled error (a rejection or a crash outside every test, counted
// by scripts/lib/unhandled-errors-reporter.mjs), a failing run with no failed test, an e2e log
// without its own totals line (the driver died), and a checkout the run changed (--checkout).
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

let passed = 0;
let failed = 0;
const note = (message) => process.stderr.write(`==> counted as failed: ${message}\n`);
const listFailure = (message) => process.stderr.write(`==> failed: ${message}\n`);

function countVitest(file) {
	if (!existsSync(file)) {
		failed += 1;
		note(`${file} was never written`);
		return;
	}
	const report = JSON.parse(readFileSync(file, 'utf8'));
	passed += report.numPassedTests;
	let reportFailures = report.numFailedTests;
	for (const result of report.testResults) {
		// Each failed test by name, with the first line of its failure: CI shows only a run's last lines.
		for (const assertion of result.assertionResults) {
			if (assertion.status !== 'failed') continue;
			const reason = (assertion.failureMessages ?? []).join('\n').split('\n')[0].slice(0, 300);
			listFailure(`${relative(process.cwd(), result.name)} > ${assertion.fullName}: ${reason}`);
		}
		// A file that failed at import, or in a hook outside every test, has no failed test of its own.
		if (result.status === 'failed' && !result.assertionResults.some((a) => a.status === 'failed')) {
			reportFailures += 1;
			const firstLine = (result.message ?? '').split('\n')[0];
			note(`${relative(process.cwd(), result.name)}: ${firstLine || 'failed outside its tests'}`);
		}
	}
	// Unhandled errors (see scripts/lib/unhandled-errors-reporter.mjs) are in no test's result.
	const unhandledFile = `${file}.unhandled.json`;
	if (existsSync(unhandledFile)) {
		const unhandled = JSON.parse(readFileSync(unhandledFile, 'utf8'));
		if (unhandled.count > 0) {
			reportFailures += unhandled.count;
			note(
				`${file}: ${unhandled.count} unhandled error${unhandled.count === 1 ? '' : 's'} (${unhandled.messages.join('; ')})`,
			);
		}
	}
	if (!report.success && reportFailures === 0) {
		reportFailures = 1;
		note(`${file}: the run failed without a failed test (an unhandled error?)`);
	}
	failed += reportFailures;
}

function countE2e(file) {
	const log = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const totals = /^(\d+) passed, (\d+) failed$/m.exec(log);
	for (const line of log.split('\n')) if (line.startsWith('FAIL ')) listFailure(line.slice(0, 400));
	if (totals) {
		passed += Number(totals[1]);
		failed += Number(totals[2]);
	} else {
		failed += 1;
		note(`${file} has no "N passed, M failed" line`);
	}
}

/** `git status --porcelain` before and after the run (files): a test run must leave it as it found it. */
function countCheckout(files) {
	const [before, after] = files
		.split(',')
		.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null));
	if (before === null || after === null) return; // Not a git checkout (an unpacked tarball): nothing to compare.
	const was = new Set(before.split('\n').filter(Boolean));
	const changed = after.split('\n').filter((line) => line && !was.has(line));
	if (changed.length) {
		failed += 1;
		note(`the run changed the checkout (git status): ${changed.join('; ')}`);
	}
}

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
	const [flag, file] = [args[i], args[i + 1]];
	if (flag === '--vitest' && file) countVitest(file);
	else if (flag === '--e2e' && file) countE2e(file);
	else if (flag === '--checkout' && file) countCheckout(file);
	else {
		process.stderr.write(
			`usage: node scripts/test-totals.mjs [--vitest REPORT.json]... [--e2e LOG]... [--checkout BEFORE,AFTER]\n`,
		);
		process.exit(2);
	}
}
console.log(`${passed} passed, ${failed} failed`);
