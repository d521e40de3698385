import { createHash } from 'node:crypto';

import type { IBinaryData } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	binaryIdentity,
	canonicalJson,
	postLedgerKey,
	type PostContent,
	type PostSlot,
} from '../../nodes/TikTok/helpers/postIdentity.ts';

const slot: PostSlot = { executionId: '41', nodeId: 'node-1', runIndex: 0, itemIndex: 0 };
const content: PostContent = {
	kind: 'video',
	mode: 'directPost',
	source: 'FILE_UPLOAD',
	media: ['id:filesystem-v2:workflows/1/executions/41/binary_data/aaa'],
	size: 425_584,
	texts: ['Sunset #n8n'],
	privacyLevel: 'SELF_ONLY',
	options: { disableDuet: false, waitForCompletion: true },
};
const base = postLedgerKey(slot, content);

describe('#9.1 postLedgerKey: the same post, and only the same post, gets the same key', () => {
	it('#9.1 is stable for the same slot and content, whatever the order of option keys', () => {
		expect(
			postLedgerKey(
				{ ...slot },
				{ ...content, options: { waitForCompletion: true, disableDuet: false } },
			),
		).toBe(base);
	});

	it.each<[string, Partial<PostSlot>]>([
		['another run of the node (a loop iteration, an agent tool call)', { runIndex: 1 }],
		['another item', { itemIndex: 1 }],
		['another execution', { executionId: '42' }],
		['another node', { nodeId: 'node-2' }],
	])('#9.1 differs for %s', (_name, change) => {
		expect(postLedgerKey({ ...slot, ...change }, content)).not.toBe(base);
	});

	it.each<[string, Partial<PostContent>]>([
		[
			'another file of the same size',
			{ media: ['id:filesystem-v2:workflows/1/executions/41/binary_data/bbb'] },
		],
		['another size', { size: 425_585 }],
		[
			'another URL',
			{
				source: 'PULL_FROM_URL',
				media: ['https://media.example.test/verified/b.mp4'],
				size: undefined,
			},
		],
		['another caption', { texts: ['Sunrise #n8n'] }],
		[
			'the same words split between title and description differently',
			{ texts: ['Sunset', ' #n8n'] },
		],
		['another mode', { mode: 'draft' }],
		['another source', { source: 'PULL_FROM_URL' }],
		['another privacy level', { privacyLevel: 'PUBLIC_TO_EVERYONE' }],
		['another cover', { coverIndex: 1 }],
		['another option', { options: { disableDuet: true, waitForCompletion: true } }],
		['an option more', { options: { disableDuet: false, waitForCompletion: true, isAigc: true } }],
		['a photo instead of a video', { kind: 'photo' }],
	])('#9.1 differs for %s', (_name, change) => {
		expect(postLedgerKey(slot, { ...content, ...change })).not.toBe(base);
	});

	it('#9.1 differs for the same photos in another order', () => {
		const photos = {
			...content,
			kind: 'photo' as const,
			media: ['https://m.test/1.jpg', 'https://m.test/2.jpg'],
		};
		expect(postLedgerKey(slot, { ...photos, media: [...photos.media].reverse() })).not.toBe(
			postLedgerKey(slot, photos),
		);
	});

	it('#9.1 keeps no caption or URL in clear: only the slot and a SHA-256 fingerprint', () => {
		const key = postLedgerKey(slot, {
			...content,
			media: ['https://media.example.test/verified/secret-path.mp4'],
		});
		expect(key.split('\u0000')).toEqual([
			'41',
			'node-1',
			'0',
			'0',
			expect.stringMatching(/^[0-9a-f]{64}$/),
		]);
		expect(key).not.toContain('Sunset');
		expect(key).not.toContain('secret-path');
	});
});

describe('#9.1 binaryIdentity', () => {
	const stored = (id: string): IBinaryData => ({
		id,
		data: 'filesystem-v2',
		mimeType: 'video/mp4',
	});
	const inline = (bytes: Buffer): IBinaryData => ({
		data: bytes.toString('base64'),
		mimeType: 'video/mp4',
	});

	it.each<[string, IBinaryData, string]>([
		['n8n binary id when stored', stored('filesystem-v2:a'), 'id:filesystem-v2:a'],
		[
			'a hash of the data in memory mode (no id)',
			inline(Buffer.from('abc')),
			`sha256:${createHash('sha256').update(Buffer.from('abc').toString('base64')).digest('hex')}`,
		],
	])('#9.1 %s', (_name, binary, identity) => {
		expect(binaryIdentity(binary)).toBe(identity);
	});

	it('#9.1 tells apart in-memory files of the same size, and matches identical ones', () => {
		expect(binaryIdentity(inline(Buffer.from('abc')))).not.toBe(
			binaryIdentity(inline(Buffer.from('abd'))),
		);
		expect(binaryIdentity(inline(Buffer.from('abc')))).toBe(
			binaryIdentity(inline(Buffer.from('abc'))),
		);
	});
});

describe('#9.1 canonicalJson', () => {
	it.each<[string, unknown, string]>([
		[
			'sorts keys at every level',
			{ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } },
			'{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
		],
		['leaves out undefined members, as JSON does', { a: undefined, b: 'x' }, '{"b":"x"}'],
		['keeps undefined array entries as null, as JSON does', [undefined, 1], '[null,1]'],
		['quotes strings', 'a"b', '"a\\"b"'],
	])('#9.1 %s', (_name, value, json) => {
		expect(canonicalJson(value)).toBe(json);
	});
});
