/**
 * Post > Create Handoff Pack through the real engine: no credential, no call to TikTok; the
 * pack's three files byte for byte; TikTok's limits refused with clear messages; the input
 * video reused from n8n's binary storage, not copied.
 */
import { createHash } from 'node:crypto';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { readFixture } from '../fixtures/fixtures.mts';
import { inlineBinary, storeBinary } from '../harness/binary.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const MP4 = readFixture('sample-3s-720x1280.mp4');
const MOV = readFixture('sample-2s-720x1280.mov');
const WEBM = readFixture('sample-2s-720x1280.webm');
const PNG = readFixture('not-a-video.png');
const JPG = readFixture('sample-1080x1920.jpg');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const CAPTION = 'Sunset timelapse from the rooftop 🌇 @demo.creator #n8n';

async function bytesOf(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

async function binaryItem(
	content: Buffer,
	fileName: string,
	mimeType: string,
): Promise<INodeExecutionData> {
	return {
		json: { file: fileName },
		binary: { data: await storeBinary(content, fileName, mimeType) },
	};
}

/** An MP4 whose movie header says `seconds` long: ftyp, then moov > mvhd (version 0). */
function mp4WithDuration(seconds: number): Buffer {
	const ftyp = Buffer.alloc(24);
	ftyp.writeUInt32BE(24, 0);
	ftyp.write('ftypisom', 4, 'latin1');
	const mvhd = Buffer.alloc(108);
	mvhd.writeUInt32BE(108, 0);
	mvhd.write('mvhd', 4, 'latin1');
	mvhd.writeUInt32BE(1000, 20); // timescale
	mvhd.writeUInt32BE(seconds * 1000, 24); // duration
	const moov = Buffer.concat([Buffer.from([0, 0, 0, 116]), Buffer.from('moov', 'latin1'), mvhd]);
	return Buffer.concat([ftyp, moov, Buffer.alloc(1000)]);
}

describe('Post > Create Handoff Pack', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => {
		vi.restoreAllMocks();
		await env.stop();
	});

	const pack = (extra: Record<string, unknown> = {}) => ({
		resource: 'post',
		operation: 'createHandoffPack',
		source: 'binary',
		caption: CAPTION,
		...extra,
	});

	it('packs a binary MP4: the same stored video, the caption file and the metadata, byte-exact, without any credential', async () => {
		const input = await binaryItem(MP4, 'rooftop.mp4', 'video/mp4');
		const result = await env.n8n.run({ parameters: pack(), items: [input] });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(Object.keys(item.binary!).sort()).toEqual(['caption', 'metadata', 'video']);

		// The video: the input's stored file itself (same id), not a copy.
		const video = item.binary!.video;
		expect(video.id).toBe(input.binary!.data.id);
		expect(video).toMatchObject({
			fileName: 'rooftop.mp4',
			mimeType: 'video/mp4',
			fileExtension: 'mp4',
		});
		expect(sha256(await bytesOf(video))).toBe(sha256(MP4));

		const caption = item.binary!.caption;
		expect(caption).toMatchObject({ fileName: 'rooftop.caption.txt', mimeType: 'text/plain' });
		expect((await bytesOf(caption)).equals(Buffer.from(CAPTION, 'utf8'))).toBe(true);

		const metadata = item.binary!.metadata;
		expect(metadata).toMatchObject({
			fileName: 'rooftop.metadata.json',
			mimeType: 'application/json',
		});
		const metadataBytes = await bytesOf(metadata);
		expect(metadataBytes.toString('utf8')).toBe(`${JSON.stringify(item.json, null, 2)}\n`);

		expect(item.json).toMatchObject({
			video: {
				file_name: 'rooftop.mp4',
				mime_type: 'video/mp4',
				container: 'mp4',
				size_bytes: MP4.length,
				duration_seconds: 3,
				source: 'binary',
				input_binary_field: 'data',
			},
			caption: {
				text: CAPTION,
				length: CAPTION.length,
				max_length: 2200,
				hashtags: ['n8n'],
				mentions: ['demo.creator'],
			},
			intended_privacy_level: 'PUBLIC_TO_EVERYONE',
			checks: {
				container: { passed: true, value: 'mp4' },
				size: { passed: true, bytes: MP4.length, max_bytes: 4_000_000_000 },
				duration: { passed: true, seconds: 3, max_seconds: 600 },
				caption_length: { passed: true, length: CAPTION.length, max_length: 2200 },
			},
			files: {
				video: 'rooftop.mp4',
				caption: 'rooftop.caption.txt',
				metadata: 'rooftop.metadata.json',
			},
		});
		const directPost = item.json.direct_post as {
			possible: boolean;
			blockers: Array<{ code: string; message: string }>;
			requirements: Array<{ code: string }>;
		};
		expect(directPost.possible).toBe(false);
		expect(directPost.blockers.map((b) => b.code)).toEqual(['privacy_needs_audit']);
		expect(directPost.blockers[0].message).toMatch(/Only Me.*SELF_ONLY/);
		expect(directPost.requirements.map((r) => r.code)).toContain('unaudited_private_account');
		expect(env.fake.requests).toEqual([]);
	});

	it.each([
		['MOV', MOV, 'clip.mov', 'mov', 'video/quicktime', 2],
		['WebM', WEBM, 'clip.webm', 'webm', 'video/webm', 2],
	])(
		'packs a %s, labelling it with its real type',
		async (_name, bytes, fileName, container, mime, duration) => {
			const result = await env.n8n.run({
				parameters: pack(),
				items: [await binaryItem(bytes, fileName, 'application/octet-stream')],
			});
			expect(result.error).toBeUndefined();
			const [item] = result.items;
			expect(item.binary!.video).toMatchObject({ mimeType: mime, fileExtension: container });
			expect(sha256(await bytesOf(item.binary!.video))).toBe(sha256(bytes));
			expect(item.json.video).toMatchObject({
				container,
				mime_type: mime,
				duration_seconds: duration,
			});
		},
	);

	it('reads a video kept inline (n8n default binary mode) and appends hashtags to the caption', async () => {
		const result = await env.n8n.run({
			parameters: pack({
				caption: 'Rooftop',
				options: { hashtags: 'sunset, #timelapse', fileName: 'launch', privacyLevel: 'SELF_ONLY' },
			}),
			items: [{ json: {}, binary: { data: inlineBinary(MP4, 'clip.mp4', 'video/mp4') } }],
		});
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect((await bytesOf(item.binary!.video)).equals(MP4)).toBe(true);
		expect((await bytesOf(item.binary!.caption)).toString('utf8')).toBe(
			'Rooftop #sunset #timelapse',
		);
		expect(item.binary!.caption.fileName).toBe('launch.caption.txt');
		expect(item.binary!.metadata.fileName).toBe('launch.metadata.json');
		expect(item.json.direct_post).toMatchObject({ possible: true, blockers: [] });
	});

	it("downloads a URL into n8n's binary storage and packs it", async () => {
		env.fake.mediaFiles.set('/campaign/rooftop.mp4', {
			body: MP4,
			contentType: 'application/octet-stream',
		});
		const result = await env.n8n.run({
			parameters: pack({
				source: 'url',
				videoUrl: 'https://media.example.test/campaign/rooftop.mp4',
			}),
		});
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.binary!.video.id).toMatch(/^filesystem/);
		expect(item.binary!.video).toMatchObject({ fileName: 'rooftop.mp4', mimeType: 'video/mp4' });
		expect(sha256(await bytesOf(item.binary!.video))).toBe(sha256(MP4));
		expect(item.json.video).toMatchObject({
			source: 'url',
			url: 'https://media.example.test/campaign/rooftop.mp4',
			size_bytes: MP4.length,
			duration_seconds: 3,
		});
		expect(env.fake.requests.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([
			'GET media.example.test/campaign/rooftop.mp4',
		]);
	});

	it('marks the duration unknown when the header does not tell, without refusing', async () => {
		const noMoov = Buffer.concat([mp4WithDuration(1).subarray(0, 24), Buffer.alloc(4096)]);
		const result = await env.n8n.run({
			parameters: pack(),
			items: [await binaryItem(noMoov, 'raw.mp4', 'video/mp4')],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.checks).toMatchObject({
			duration: { passed: null, seconds: null },
		});
		expect(result.items[0].json.video).toMatchObject({ duration_seconds: null });
	});

	describe('refusals', () => {
		it('refuses a file over 4 GB from its recorded size, reading nothing', async () => {
			const readStream = vi.spyOn(BinaryDataService.prototype, 'getAsStream');
			const readBuffer = vi.spyOn(BinaryDataService.prototype, 'getAsBuffer');
			const huge: IBinaryData = {
				data: 'filesystem-v2',
				id: 'filesystem-v2:workflows/wf-tiktok-test/executions/upstream/binary_data/does-not-exist',
				mimeType: 'video/mp4',
				fileName: 'feature-film.mp4',
				fileSize: '5 GB',
				bytes: 5_000_000_000,
			};
			const result = await env.n8n.run({
				parameters: pack(),
				items: [{ json: {}, binary: { data: huge } }],
			});
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(
				'The file in "data" (feature-film.mp4) is 5.00 GB; TikTok accepts videos up to 4 GB',
			);
			expect(result.error?.description).toContain('4,000,000,000 bytes');
			expect(readStream).not.toHaveBeenCalled();
			expect(readBuffer).not.toHaveBeenCalled();
		});

		it('refuses a URL whose declared size is over 4 GB without downloading it', async () => {
			env.fake.injectFault('GET', '/huge.mp4', 1, {
				status: 200,
				headers: { 'content-type': 'video/mp4', 'content-length': '5000000000' },
				body: MP4.subarray(0, 1024),
			});
			const store = vi.spyOn(BinaryDataService.prototype, 'store');
			const result = await env.n8n.run({
				parameters: pack({ source: 'url', videoUrl: 'https://media.example.test/huge.mp4' }),
			});
			expect(result.error?.message).toBe(
				'The video at "Video URL" is 5.00 GB; TikTok accepts videos up to 4 GB',
			);
			expect(store).not.toHaveBeenCalled();
		});

		it.each([
			['a PNG', PNG, 'not-a-video.png', 'image/png', 'is a PNG image, not a video TikTok accepts'],
			[
				'a JPEG named .mp4',
				JPG,
				'photo.mp4',
				'video/mp4',
				'is a JPEG image, not a video TikTok accepts',
			],
		])(
			'refuses %s by its bytes, whatever its name or type says',
			async (_name, bytes, fileName, mime, message) => {
				const result = await env.n8n.run({
					parameters: pack(),
					items: [await binaryItem(bytes, fileName, mime)],
				});
				expect(result.items).toEqual([]);
				expect(result.error?.message).toBe(`The file in "data" (${fileName}) ${message}`);
				expect(result.error?.description).toMatch(
					/TikTok accepts MP4 \(H\.264 recommended\), MOV and WebM videos\. Received .*Convert it to MP4 first\./,
				);
			},
		);

		it('says when the URL cannot be downloaded', async () => {
			const result = await env.n8n.run({
				parameters: pack({ source: 'url', videoUrl: 'https://media.example.test/gone.mp4' }),
			});
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(
				'Could not download "Video URL": Request failed with status code 404',
			);
			expect(result.error?.description).toBe(
				'Check that the URL is reachable from the n8n server and returns the video itself (not a web page).',
			);
			expect(env.fake.requests.map((r) => `${r.method} ${r.host}${r.path}`)).toEqual([
				'GET media.example.test/gone.mp4',
			]);
		});

		it('refuses a PNG at a URL', async () => {
			env.fake.mediaFiles.set('/img.png', { body: PNG, contentType: 'image/png' });
			const result = await env.n8n.run({
				parameters: pack({ source: 'url', videoUrl: 'https://media.example.test/img.png' }),
			});
			expect(result.error?.message).toBe(
				'The video at "Video URL" is a PNG image, not a video TikTok accepts',
			);
		});

		it('refuses a video over 10 minutes when its header says so', async () => {
			const result = await env.n8n.run({
				parameters: pack(),
				items: [await binaryItem(mp4WithDuration(601), 'long.mp4', 'video/mp4')],
			});
			expect(result.error?.message).toBe(
				'The file in "data" (long.mp4) is 10:01 long; TikTok accepts videos up to 10 minutes',
			);
		});

		it('refuses a caption over 2200 characters, hashtags included, before reading the video', async () => {
			const readStream = vi.spyOn(BinaryDataService.prototype, 'getAsStream');
			const result = await env.n8n.run({
				parameters: pack({ caption: 'x'.repeat(2196), options: { hashtags: 'n8n' } }),
				items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
			});
			expect(result.error?.message).toBe(
				'The "Caption" is 2201 characters long; TikTok allows 2200',
			);
			expect(result.error?.description).toBe(
				'Shorten the caption or the "Hashtags" option (they count towards the limit) by 1 character.',
			);
			expect(readStream).not.toHaveBeenCalled();
		});

		it('refuses an empty file and a missing binary field with the parameter named', async () => {
			const empty = await env.n8n.run({
				parameters: pack(),
				items: [await binaryItem(Buffer.alloc(0), 'empty.mp4', 'video/mp4')],
			});
			expect(empty.error?.message).toBe('The file in "data" (empty.mp4) is empty');
			const missing = await env.n8n.run({
				parameters: pack({ binaryPropertyName: 'video' }),
				items: [{ json: {} }],
			});
			expect(missing.error?.message).toMatch(/video/);
		});

		it.each([
			[
				'a caption that is an object',
				{ caption: '={{ $json.caption }}' },
				'"Caption" must be text, but the expression gave an object',
			],
			[
				'hashtags that are a list',
				{ options: { hashtags: '={{ $json.tags }}' } },
				'"Hashtags" must be text, but the expression gave a list of 2 values',
			],
		])(
			'#9.13 refuses %s instead of packing "[object Object]" as the caption',
			async (_name, extra, message) => {
				const item = await binaryItem(MP4, 'clip.mp4', 'video/mp4');
				item.json = { caption: { text: 'Sunset' }, tags: ['n8n', 'tiktok'] };
				const result = await env.n8n.run({ parameters: pack(extra), items: [item] });
				expect(result.items).toEqual([]);
				expect(result.error?.message).toBe(message);
			},
		);

		it('#9.5 an empty caption is no blocker for a direct post', async () => {
			const result = await env.n8n.run({
				parameters: pack({ caption: '', options: { appAudited: true } }),
				items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.direct_post).toMatchObject({ possible: true, blockers: [] });
		});

		it('with Continue On Fail, outputs the error paired with its item and packs the others', async () => {
			const result = await env.n8n.run({
				parameters: pack(),
				continueOnFail: true,
				items: [
					await binaryItem(PNG, 'a.png', 'image/png'),
					await binaryItem(MP4, 'b.mp4', 'video/mp4'),
				],
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);
			expect(result.items[0]).toMatchObject({
				json: { error: 'The file in "data" (a.png) is a PNG image, not a video TikTok accepts' },
				pairedItem: { item: 0 },
			});
			expect(result.items[1]).toMatchObject({
				json: { video: { file_name: 'b.mp4' } },
				pairedItem: { item: 1 },
			});
		});
	});
});
