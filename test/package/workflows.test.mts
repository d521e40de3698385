/**
 * The GitHub Actions workflows (.github/workflows/): valid against GitHub's workflow schema (the
 * SchemaStore schema, through @action-validator/core from the npm registry), and doing what the
 * README promises: CI runs the README's test command on every supported Node line; a version tag
 * publishes with npm provenance through n8n's release command, after the same tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { validateWorkflow } = require('@action-validator/core') as {
	validateWorkflow: (source: string) => { errors: Array<{ code: string; title: string }> };
};

const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const read = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	engines: { node: string };
	scripts: Record<string, string>;
};

describe('GitHub Actions workflows', () => {
	it("every workflow file is valid against GitHub's workflow schema", () => {
		const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
		expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
		for (const file of files)
			expect([file, validateWorkflow(read(file)).errors]).toEqual([file, []]);
	});

	it.each([
		['a misspelled key', (s: string) => s.replace('runs-on:', 'runs-onn:')],
		['a job without runs-on', (s: string) => s.replace(/\n {4}runs-on: .*\n/, '\n')],
		['no trigger (on: misspelled)', (s: string) => s.replace(/^on:/m, 'onn:')],
		['broken YAML', (s: string) => `${s}\n  - : [`],
	])('the validator refuses a broken workflow: %s', (_what, breakIt) => {
		for (const file of ['ci.yml', 'release.yml']) {
			const broken = breakIt(read(file));
			expect(broken).not.toBe(read(file));
			expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
		}
	});

	it("CI runs the README's test command on pushes and pull requests, on each supported Node line", () => {
		const ci = read('ci.yml');
		expect(ci).toMatch(/^on:\n {2}push:\n {4}branches: \[main\]\n {2}pull_request:/m);
		expect(ci).toContain("node: ['20.x', '22.x', '24.x']");
		expect(ci).toContain('run: npm run test:all');
		expect(packageJson.engines.node).toBe('>=20.15');
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		expect(readme.split('\n').slice(0, 6).join('\n')).toContain('npm run test:all');
		expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/\nnpm run test:all\n?$/);
	});

	it("a version tag is tested, then published with npm provenance by n8n's release command", () => {
		const release = read('release.yml');
		expect(release).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*\.\*\.\*'\]/m);
		expect(release).toMatch(/permissions:\n {6}contents: read\n(?: {6}#.*\n)* {6}id-token: write/);
		expect(release).toContain("registry-url: 'https://registry.npmjs.org/'");
		const steps = ['GITHUB_REF_NAME', 'run: npm run test:all', 'npm run release'].map((step) =>
			release.indexOf(step),
		);
		expect(steps.every((index) => index > 0)).toBe(true);
		expect([...steps].sort((a, b) => a - b)).toEqual(steps);
		// n8n's CLI: `n8n-node release` publishes with NPM_CONFIG_PROVENANCE=true inside Actions, and
		// `npm publish` run any other way is stopped by its prerelease guard.
		expect(packageJson.scripts.release).toBe('n8n-node release');
		expect(packageJson.scripts.prepublishOnly).toBe('n8n-node prerelease');
	});

	it('CHANGELOG.md follows Keep a Changelog with semantic versions', () => {
		const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toMatch(/^# Changelog\n/);
		expect(changelog).toContain('https://keepachangelog.com/en/1.1.0/');
		expect(changelog).toContain('https://semver.org/spec/v2.0.0.html');
		expect(changelog).toMatch(/^## \[Unreleased\]$/m);
		for (const heading of changelog.match(/^## \[[^\]]+\].*$/gm) ?? [])
			expect(heading).toMatch(
				/^## \[(Unreleased|\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?)\]( - \d{4}-\d{2}-\d{2})?$/,
			);
		for (const heading of changelog.match(/^### .*$/gm) ?? [])
			expect([
				'### Added',
				'### Changed',
				'### Deprecated',
				'### Removed',
				'### Fixed',
				'### Security',
			]).toContain(heading);
	});
});
