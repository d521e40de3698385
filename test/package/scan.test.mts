/**
 * n8n's verification scanner (`@n8n/scan-community-package`) on this package before it is
 * published. The scanner downloads a published version from npm and lints two things with n8n's
 * ESLint rules (restricted globals and imports, no console, package.json rules...): the source at
 * the commit its provenance names, and the compiled files of the tarball. It cannot fetch an
 * unpublished package, so this runs the scanner's own lint (`analyzePackage`, with its config)
 * on the same two inputs: this checkout's sources and `npm pack`'s tarball.
 * Needs `npm run build` first (the test script does that).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	SOURCE_FILE_PATTERNS,
	type ScanResult,
} from '@n8n/scan-community-package/scanner/scanner.mjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { packInto, root } from './packed.mts';

const workDir = join(root, '.tmp', 'scan-test');
/** What the scanner lints in the tarball (scanner.mjs, analyzePackageByName: compiled JavaScript and package.json). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/** The scanner's lint on `folder`, in its own process without the test runner's NODE_ENV (see scan-package.mjs). */
function analyzePackage(folder: string, patterns: string[]): ScanResult {
	const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: join(workDir, 'scanner-tmp') };
	delete env.NODE_ENV;
	const output = execFileSync(
		process.execPath,
		[join(import.meta.dirname, 'scan-package.mjs'), folder, ...patterns],
		{ cwd: root, encoding: 'utf8', env },
	);
	return JSON.parse(output) as ScanResult;
}

describe("n8n's community package scanner", () => {
	let unpacked = '';

	beforeAll(() => {
		({ unpacked } = packInto(workDir));
		// The scanner makes a temporary folder on every start: kept in here, the next run removes it.
		mkdirSync(join(workDir, 'scanner-tmp'), { recursive: true });
	}, 60_000);

	it('passes on the packed tarball', () => {
		const result = analyzePackage(unpacked, TARBALL_FILE_PATTERNS);
		expect(result.details ?? '').toBe('');
		expect(result.passed).toBe(true);
	}, 120_000);

	it('passes on the sources it would fetch through provenance (package.json, nodes, credentials)', () => {
		const result = analyzePackage(root, SOURCE_FILE_PATTERNS);
		expect(result.details ?? '').toBe('');
		expect(result.passed).toBe(true);
	}, 120_000);

	it('fails a tarball whose compiled code reads process.env, calls setTimeout or imports fs', () => {
		const tampered = join(workDir, 'tampered');
		cpSync(unpacked, tampered, { recursive: true });
		appendFileSync(
			join(tampered, 'dist/nodes/TikTok/TikTok.node.js'),
			'\nconst leaked = process.env.SECRET;\nsetTimeout(() => leaked, 1);\n',
		);
		appendFileSync(
			join(tampered, 'dist/credentials/TikTokRefreshTokenApi.credentials.js'),
			"\nconst fs = require('fs');\nexports.readAnything = (path) => fs.readFileSync(path);\n",
		);
		const result = analyzePackage(tampered, TARBALL_FILE_PATTERNS);
		expect(result.passed).toBe(false);
		const details = result.details ?? '';
		expect(details).toContain('dist/nodes/TikTok/TikTok.node.js');
		expect(details).toContain("Use of restricted global 'process'");
		expect(details).toContain("Use of restricted global 'setTimeout'");
		expect(details).toContain('@n8n/community-nodes/no-restricted-globals');
		expect(details).toContain('dist/credentials/TikTokRefreshTokenApi.credentials.js');
		expect(details).toContain('@n8n/community-nodes/no-restricted-imports');
		// Nothing else was flagged: the untouched files still pass.
		expect(details.match(/ error /g)).toHaveLength(3);
	}, 120_000);
});
