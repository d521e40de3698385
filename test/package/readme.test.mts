/**
 * The README as the npm page shows it (issue 12, editor review): it opens with what the package
 * does and a picture, then Install; its pictures are absolute links into the repository named in
 * package.json (relative links break on npmjs.com), each to a screenshot that exists; and it
 * shows the editor pictures the issue asks for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	repository: { url: string };
};

/** `owner/name` from `git+https://github.com/owner/name.git`. */
const repository = /github\.com\/([^/]+\/[^/.]+)(?:\.git)?$/.exec(packageJson.repository.url)?.[1];
const screenshotBase = `https://raw.githubusercontent.com/${repository}/main/docs/screenshots/`;
const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);

describe('README on the npm page', () => {
	it('every picture is an absolute link to a screenshot in this repository that exists', () => {
		expect(repository).toBe('n8n-nodes-tiktok-api/n8n-nodes-tiktok-api');
		expect(images.length).toBeGreaterThan(0);
		const wrong = images.filter(
			(url) =>
				!url.startsWith(screenshotBase) ||
				!existsSync(join(root, 'docs/screenshots', url.slice(screenshotBase.length))),
		);
		expect(wrong).toEqual([]);
	});

	it('opens with what the package does, the two commands, and a picture, before any section; then Install comes first after What it does', () => {
		const opening = readme.slice(0, readme.indexOf('\n## '));
		expect(opening).toMatch(/community node package for TikTok/);
		expect(opening).toContain('`npm start`');
		expect(opening).toContain('`npm run test:all`');
		expect(opening).toMatch(/!\[[^\]]+\]\(https:\/\//);
		const sections = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
		expect(sections.slice(0, 2)).toEqual(['What it does', 'Install']);
		expect(sections.indexOf('Development')).toBeGreaterThan(sections.indexOf('Install'));
	});

	it("shows the credential's Scopes list, the canvas with subtitles in words and the TikTok tool's panel", () => {
		for (const file of ['credential-scopes.png', 'demo-workflow.png', 'agent-tool-panel.png'])
			expect(images).toContain(`${screenshotBase}${file}`);
	});
});
