/**
 * What n8n's community-package installer gets: `npm pack` must ship only what n8n needs, and
 * n8n-core's own package loader must find the node and both credentials in it.
 * Needs `npm run build` first (the test script does that).
 */
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { packInto, root } from './packed.mts';

// Unpacked inside the repository so the compiled files resolve n8n-workflow (a peer dependency
// that n8n itself provides) from this checkout's node_modules.
const workDir = join(root, '.tmp', 'pack-test');

describe('npm pack', () => {
	let files: string[] = [];
	let unpacked = '';

	beforeAll(() => {
		({ files, unpacked } = packInto(workDir));
	}, 60_000);

	it('ships only dist, README, LICENSE and package.json', () => {
		const outside = files.filter(
			(f) => !f.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(f),
		);
		expect(outside).toEqual([]);
		expect(files).toContain('README.md');
		expect(files).toContain('LICENSE');
		expect(files).toContain('dist/nodes/TikTok/TikTok.node.js');
		expect(files).toContain('dist/nodes/TikTok/TikTok.node.json');
		expect(files).toContain('dist/nodes/TikTok/TikTokTrigger.node.json');
		expect(files).toContain('dist/nodes/TikTok/TikTokNewVideoTrigger.node.json');
		expect(files).toContain('dist/nodes/TikTok/TikTokNewCommentTrigger.node.json');
		expect(files).toContain('dist/nodes/TikTok/tiktok.svg');
		expect(files).toContain('dist/nodes/TikTok/tiktok.dark.svg');
		expect(files).toContain('dist/credentials/tiktok.svg');
		expect(
			files.filter((f) => f.endsWith('.map') || f.endsWith('.tsbuildinfo') || f.includes('test/')),
		).toEqual([]);
	});

	it("loads through n8n-core's package loader with the four nodes and three credentials", async () => {
		const loader = new PackageDirectoryLoader(unpacked);
		await loader.loadAll();
		expect(loader.packageName).toBe('n8n-nodes-tiktok-api');
		expect(Object.keys(loader.known.nodes).sort()).toEqual([
			'tikTok',
			'tikTokNewCommentTrigger',
			'tikTokNewVideoTrigger',
			'tikTokTrigger',
		]);
		expect(Object.keys(loader.known.credentials).sort()).toEqual([
			'tikTokBusinessOAuth2Api',
			'tikTokOAuth2Api',
			'tikTokRefreshTokenApi',
		]);
		const node = loader.nodeTypes.tikTok.type as {
			description: { usableAsTool?: boolean; credentials?: Array<{ name: string }> };
		};
		expect(node.description.usableAsTool).toBe(true);
		for (const trigger of ['tikTokTrigger', 'tikTokNewVideoTrigger', 'tikTokNewCommentTrigger']) {
			expect(
				(loader.nodeTypes[trigger].type as { description: { usableAsTool?: boolean } }).description
					.usableAsTool,
			).toBeFalsy();
		}
		expect(node.description.credentials?.map((c) => c.name)).toEqual([
			'tikTokOAuth2Api',
			'tikTokRefreshTokenApi',
			'tikTokBusinessOAuth2Api',
		]);
	});
});
