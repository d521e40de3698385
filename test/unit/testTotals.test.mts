/**
 * The closing "N passed, M failed" line of `npm run test:all` (scripts/test-totals.mjs), over a
 * report the installed vitest really writes: a test file that fails to load must count as a failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
// Inside the repository (git-ignored .tmp/) so the throwaway tests resolve vitest from node_modules.
const workDir = join(root, '.tmp', 'test-totals');
const report = join(workDir, 'report.json');
const e2eLog = join(workDir, 'e2e.log');

function totals(...args: string[]): { line: string; notes: string } {
	const run = spawnSync(process.execPath, [join(root, 'scripts/test-totals.mjs'), ...args], {
		cwd: root,
		encoding: 'utf8',
	});
	expect(run.status).toBe(0);
	return { line: run.stdout.trim(), notes: run.stderr };
}

describe('test totals', () => {
	beforeAll(() => {
		rmSync(workDir, { recursive: true, force: true });
		mkdirSync(workDir, { recursive: true });
		writeFileSync(
			join(workDir, 'vitest.config.mjs'),
			"export default { test: { include: ['*.test.mjs'] } };\n",
		);
		writeFileSync(
			join(workDir, 'loads.test.mjs'),
			"import { expect, it } from 'vitest';\nit('one', () => expect(1).toBe(1));\nit('two', () => expect(2).toBe(2));\n",
		);
		writeFileSync(
			join(workDir, 'fails-to-load.test.mjs'),
			"import { expect, it } from 'vitest';\nimport { missing } from './no-such-module.mjs';\nit('never runs', () => expect(missing).toBe(1));\n",
		);
		writeFileSync(
			join(workDir, 'asserts.test.mjs'),
			"import { expect, it } from 'vitest';\nit('three', () => expect(3).toBe(3));\nit('a flaky one', () => expect('late').toBe('on time'));\n",
		);
		// The run fails (exit 1) by design; only its report matters here.
		try {
			execFileSync(
				process.execPath,
				[
					join(root, 'node_modules/vitest/vitest.mjs'),
					'run',
					'--reporter=json',
					`--outputFile=${report}`,
				],
				{ cwd: workDir, stdio: 'ignore' },
			);
		} catch {}
		writeFileSync(e2eLog, '[e2e] PASS something\n3 passed, 0 failed\n');
	}, 60_000);
	afterAll(() => rmSync(workDir, { recursive: true, force: true }));

	it('#9.18 a test file that fails to load counts as one failure in the closing line, and is named', () => {
		const { line, notes } = totals('--vitest', report);
		expect(line).toBe('3 passed, 2 failed');
		expect(notes).toMatch(/fails-to-load\.test\.mjs: .*no-such-module/);
	});

	it('each failed test is named with the first line of its failure, so the last lines of a CI log say what failed', () => {
		const { notes } = totals('--vitest', report);
		expect(notes).toMatch(
			/^==> failed: \.tmp\/test-totals\/asserts\.test\.mjs > a flaky one: AssertionError: expected 'late' to be 'on time'/m,
		);
		const secondLog = join(workDir, 'e2e-output-named.log');
		writeFileSync(
			secondLog,
			'PASS [n8n 1.123.81] one\nFAIL [n8n 1.123.81] two: why\n1 passed, 1 failed\n',
		);
		expect(totals('--e2e', secondLog).notes).toBe('==> failed: FAIL [n8n 1.123.81] two: why\n');
	});

	it('#9.18 the closing line adds vitest reports and the e2e totals; a missing report or e2e line counts as a failure', () => {
		expect(totals('--vitest', report, '--e2e', e2eLog).line).toBe('6 passed, 2 failed');
		expect(
			totals('--vitest', join(workDir, 'never-written.json'), '--e2e', join(workDir, 'no-log.log'))
				.line,
		).toBe('0 passed, 2 failed');
	});

	it('the e2e runs against two n8n versions both count: one totals line per log', () => {
		const secondLog = join(workDir, 'e2e-output-1.x.log');
		writeFileSync(
			secondLog,
			'PASS [n8n 1.123.81] one\nFAIL [n8n 1.123.81] two: why\n1 passed, 1 failed\n',
		);
		expect(totals('--e2e', e2eLog, '--e2e', secondLog).line).toBe('4 passed, 1 failed');
	});

	it('#9.19 a run that changed the checkout (git status differs from before) counts as a failure, and names the files', () => {
		const before = join(workDir, 'status-before');
		const after = join(workDir, 'status-after');
		writeFileSync(before, '?? notes-of-mine.txt\n');
		writeFileSync(after, '?? notes-of-mine.txt\n M docs/screenshots/credential.png\n');
		const changed = totals('--e2e', e2eLog, '--checkout', `${before},${after}`);
		expect(changed.line).toBe('3 passed, 1 failed');
		expect(changed.notes).toContain(
			'the run changed the checkout (git status):  M docs/screenshots/credential.png',
		);
		// What was already there before the run is not the run's doing.
		writeFileSync(after, '?? notes-of-mine.txt\n');
		expect(totals('--e2e', e2eLog, '--checkout', `${before},${after}`).line).toBe(
			'3 passed, 0 failed',
		);
	});
});

describe('review: test totals with unhandled errors', () => {
	const dir = join(root, '.tmp', 'test-totals-unhandled');
	const errorsReport = join(dir, 'report.json');
	beforeAll(() => {
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		writeFileSync(
			join(dir, 'vitest.config.mjs'),
			"export default { test: { include: ['*.test.mjs'] } };\n",
		);
		writeFileSync(
			join(dir, 'fails-to-load.test.mjs'),
			"import { expect, it } from 'vitest';\nimport { missing } from './no-such-module.mjs';\nit('never runs', () => expect(missing).toBe(1));\n",
		);
		// Passes, but leaves a rejection nobody handles: vitest fails the run, its JSON report shows no failure.
		writeFileSync(
			join(dir, 'unhandled.test.mjs'),
			"import { expect, it } from 'vitest';\nit('passes, then a rejection', async () => { void Promise.reject(new Error('late')); await new Promise((r) => setTimeout(r, 20)); expect(1).toBe(1); });\n",
		);
		// As scripts/test.sh runs vitest.
		try {
			execFileSync(
				process.execPath,
				[
					join(root, 'node_modules/vitest/vitest.mjs'),
					'run',
					'--reporter=json',
					`--reporter=${join(root, 'scripts/lib/unhandled-errors-reporter.mjs')}`,
					`--outputFile=${errorsReport}`,
				],
				{ cwd: dir, stdio: 'ignore' },
			);
		} catch {}
	}, 60_000);
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('review: #9.18 an unhandled error counts as a failure even when another file also failed to load', () => {
		const { line, notes } = totals('--vitest', errorsReport);
		expect(line).toBe('1 passed, 2 failed');
		expect(notes).toMatch(/1 unhandled error/);
	});
});
