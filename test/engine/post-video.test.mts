/**
 * Post > Create Video Post through the real engine: requests TikTok receives (creator info,
 * init, chunk PUTs, status) and items n8n outputs, for binary and URL sources.
 */
import { createHash } from 'node:crypto';

import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readFixture } from '../fixtures/fixtures.mts';
import { inlineBinary, storeBinary, syntheticMp4 } from '../harness/binary.mts';
import { startN8n } from '../harness/engine.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const MP4 = readFixture('sample-3s-720x1280.mp4');
const MOV = readFixture('sample-2s-720x1280.mov');
const WEBM = readFixture('sample-2s-720x1280.webm');
const PNG = readFixture('not-a-video.png');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];

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

describe('Post > Create Video Post', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const direct = (extra: Record<string, unknown> = {}) => ({
		resource: 'post',
		operation: 'createVideo',
		source: 'binary',
		mode: 'directPost',
		caption: 'Sunset timelapse #n8n',
		privacyLevel: 'SELF_ONLY',
		...extra,
	});
	/** The init of a direct "Only Me" post with the defaults (interactions off, no branding), MP4 fixture in one chunk. */
	const selfOnlyPostInfo = {
		privacy_level: 'SELF_ONLY',
		disable_comment: true,
		disable_duet: true,
		disable_stitch: true,
		brand_content_toggle: false,
		brand_organic_toggle: false,
	};
	const oneChunkSource = {
		source: 'FILE_UPLOAD',
		video_size: MP4.length,
		chunk_size: MP4.length,
		total_chunk_count: 1,
	};
	/** What a direct post of the MP4 fixture outputs besides its status. */
	const oneChunkDirectPost = {
		mode: 'directPost',
		source: 'binary',
		video_size: MP4.length,
		chunk_size: MP4.length,
		total_chunk_count: 1,
		chunks: 1,
		duration_seconds: 3,
	};

	it('direct-posts a binary MP4: creator info, init, one chunk PUT, exact requests and output', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: direct(),
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(result.error).toBeUndefined();

		const [creatorInfo, init, put] = env.fake.requests;
		expect(env.fake.requests).toHaveLength(3);
		expect(creatorInfo).toMatchObject({
			method: 'POST',
			host: 'open.tiktokapis.com',
			path: '/v2/post/publish/creator_info/query/',
			query: {},
			bodyText: '',
		});
		expect(creatorInfo.headers.authorization).toMatch(/^Bearer act\./);

		expect(init).toMatchObject({
			method: 'POST',
			host: 'open.tiktokapis.com',
			path: '/v2/post/publish/video/init/',
			query: {},
		});
		expect(init.headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(init.json).toEqual({
			post_info: { title: 'Sunset timelapse #n8n', ...selfOnlyPostInfo },
			source_info: oneChunkSource,
		});

		const uploadHost = new URL(env.uploadHost).host;
		expect(put).toMatchObject({
			method: 'PUT',
			host: uploadHost,
			path: '/upload/',
			bodyLength: MP4.length,
			status: 201,
		});
		expect(put.query.upload_id).toMatch(/^v_pub_file~v2-1\./);
		expect(put.headers['content-type']).toBe('video/mp4');
		expect(put.headers['content-length']).toBe(String(MP4.length));
		expect(put.headers['content-range']).toBe(`bytes 0-${MP4.length - 1}/${MP4.length}`);
		expect(put.headers.authorization).toBeUndefined();

		const publish = env.fake.posts.publishes.get(put.query.upload_id)!;
		expect(publish.digest).toBe(sha256(MP4));
		expect(result.items).toEqual([
			{
				json: {
					publish_id: publish.publishId,
					status: 'SUBMITTED',
					...oneChunkDirectPost,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('allows interactions only when chosen, and never where the creator disabled them', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.creator.duet_disabled = true;
		const result = await env.n8n.run({
			parameters: direct({
				options: {
					disableComment: false,
					disableDuet: false,
					isAigc: true,
					videoCoverTimestampMs: 1500,
				},
			}),
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo('/v2/post/publish/video/init/')[0].json).toMatchObject({
			post_info: {
				disable_comment: false,
				disable_duet: true,
				disable_stitch: true,
				is_aigc: true,
				video_cover_timestamp_ms: 1500,
			},
		});
	});

	it.each([
		['MOV', MOV, 'clip.mov', 'video/quicktime', 2],
		['WebM', WEBM, 'clip.webm', 'video/webm', 2],
	])(
		'sends a %s draft to the inbox with only source_info and the right Content-Type',
		async (_name, bytes, fileName, mime, duration) => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			const result = await env.n8n.run({
				parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
				credentials,
				items: [await binaryItem(bytes, fileName, 'application/octet-stream')],
			});
			expect(result.error).toBeUndefined();
			const [init, put] = env.fake.requests;
			expect(env.fake.requests).toHaveLength(2);
			expect(init.path).toBe('/v2/post/publish/inbox/video/init/');
			expect(init.json).toEqual({
				source_info: {
					source: 'FILE_UPLOAD',
					video_size: bytes.length,
					chunk_size: bytes.length,
					total_chunk_count: 1,
				},
			});
			expect(put.headers['content-type']).toBe(mime);
			expect(result.items[0].json).toMatchObject({
				mode: 'draft',
				status: 'SUBMITTED',
				duration_seconds: duration,
			});
			expect(String(result.items[0].json.publish_id)).toMatch(/^v_inbox_file~/);
		},
	);

	it('reads a video kept inline (n8n default binary mode) too', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
			credentials,
			items: [{ json: {}, binary: { data: inlineBinary(MP4, 'clip.mp4', 'video/mp4') } }],
		});
		expect(result.error).toBeUndefined();
		const publishId = String(result.items[0].json.publish_id);
		expect(env.fake.posts.publishes.get(publishId)?.digest).toBe(sha256(MP4));
	});

	it('splits a 129 MB video into 3 equal chunks and PUTs them in order, 206 then 201', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const video = syntheticMp4(129_000_000);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
			credentials,
			items: [await binaryItem(video, 'big.mp4', 'video/mp4')],
		});
		expect(result.error).toBeUndefined();
		const init = env.fake.requestsTo('/v2/post/publish/inbox/video/init/')[0];
		expect(init.json).toEqual({
			source_info: {
				source: 'FILE_UPLOAD',
				video_size: 129_000_000,
				chunk_size: 43_000_000,
				total_chunk_count: 3,
			},
		});
		const puts = env.fake.requests.filter((r) => r.method === 'PUT');
		expect(puts.map((p) => [p.headers['content-range'], p.status])).toEqual([
			['bytes 0-42999999/129000000', 206],
			['bytes 43000000-85999999/129000000', 206],
			['bytes 86000000-128999999/129000000', 201],
		]);
		expect(env.fake.posts.publishes.get(String(result.items[0].json.publish_id))?.digest).toBe(
			sha256(video),
		);
	});

	it('honours a smaller Chunk Size option', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const video = syntheticMp4(20_000_000);
		await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'binary',
				mode: 'draft',
				options: { chunkSize: 8 },
			},
			credentials,
			items: [await binaryItem(video, 'mid.mp4', 'video/mp4')],
		});
		const init = env.fake.requestsTo('/v2/post/publish/inbox/video/init/')[0];
		expect(init.json).toEqual({
			source_info: {
				source: 'FILE_UPLOAD',
				video_size: 20_000_000,
				chunk_size: 6_666_666,
				total_chunk_count: 3,
			},
		});
		expect(env.fake.requests.filter((r) => r.method === 'PUT').map((p) => p.bodyLength)).toEqual([
			6_666_666, 6_666_666, 6_666_668,
		]);
	});

	it('retries a chunk by range after a dropped connection and a 503', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const video = syntheticMp4(70_000_000);
		env.fake.posts.uploadFaults.push({ status: 0, drop: true }, { status: 503, body: 'busy' });
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
			credentials,
			items: [await binaryItem(video, 'v.mp4', 'video/mp4')],
		});
		expect(result.error).toBeUndefined();
		const puts = env.fake.requests.filter((r) => r.method === 'PUT');
		expect(puts.map((p) => [p.headers['content-range'], p.status])).toEqual([
			['bytes 0-34999999/70000000', 0],
			['bytes 0-34999999/70000000', 503],
			['bytes 0-34999999/70000000', 206],
			['bytes 35000000-69999999/70000000', 201],
		]);
		expect(env.fake.posts.publishes.get(String(result.items[0].json.publish_id))?.digest).toBe(
			sha256(video),
		);
	});

	it('explains an upload URL that expired (TikTok allows one hour)', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.uploadUrlLifetimeMs = -1;
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toBe(
			`TikTok's upload URL expired while sending chunk 1 of 1 (bytes 0-${MP4.length - 1})`,
		);
		expect(result.error?.description).toContain('TikTok allows one hour for an upload');
		expect((result.error as { httpCode?: string }).httpCode).toBe('403');
		// 403 is final: not retried.
		expect(env.fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
	});

	it("explains a range TikTok did not expect (416) with TikTok's progress", async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.uploadFaults.push({
			status: 416,
			headers: { 'content-range': 'bytes 0-999/425584' },
			body: '',
		});
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toBe(
			`TikTok did not accept the byte range of chunk 1 of 1 (bytes 0-${MP4.length - 1})`,
		);
		expect(result.error?.description).toContain('TikTok reports it has bytes 0-999/425584.');
	});

	it('#9.2 a 416 whose progress shows TikTok has every byte says the post goes on and not to run again (which would post twice)', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.uploadFaults.push({
			status: 416,
			headers: { 'content-range': 'bytes 0-11999999/12000000' },
			body: '',
			onChunk: 0,
		});
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'binary',
				mode: 'draft',
				options: { chunkSize: 6 },
			},
			credentials,
			items: [await binaryItem(syntheticMp4(12_000_000), 'clip.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toBe(
			'TikTok did not accept the byte range of chunk 1 of 2 (bytes 0-5999999)',
		);
		const [publishId] = env.fake.posts.publishes.keys();
		expect(result.error?.description).toBe(
			`TikTok's upload progress does not match what n8n sent, but TikTok has every byte of the video (bytes 0-11999999/12000000), so it goes on with the post. Do not run again: check it with Post > Get Status (publish ID ${publishId}).`,
		);
	});

	describe('waiting for completion', () => {
		it('ends in PUBLISH_COMPLETE with the 19-digit post ID exact and the post link', async () => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			env.fake.posts.nextOutcome = {
				final: 'PUBLISH_COMPLETE',
				pollsUntilDone: 2,
				postIds: ['7300000000000000001'],
			};
			const result = await env.n8n.run({
				parameters: direct({
					privacyLevel: 'PUBLIC_TO_EVERYONE',
					options: { waitForCompletion: true },
				}),
				credentials,
				items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
			});
			expect(result.error).toBeUndefined();
			const statusCalls = env.fake.requestsTo('/v2/post/publish/status/fetch/');
			expect(statusCalls).toHaveLength(3);
			for (const call of statusCalls) {
				expect(call.headers['content-type']).toBe('application/json; charset=UTF-8');
				expect(call.json).toEqual({ publish_id: result.items[0].json.publish_id });
			}
			expect(result.items[0].json).toMatchObject({
				status: 'PUBLISH_COMPLETE',
				post_ids: ['7300000000000000001'],
				post_url: 'https://www.tiktok.com/@demo.creator/video/7300000000000000001',
				uploaded_bytes: MP4.length,
			});
		});

		it('ends in FAILED with advice', async () => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			env.fake.posts.nextOutcome = {
				final: 'FAILED',
				pollsUntilDone: 1,
				failReason: 'frame_rate_check_failed',
			};
			const result = await env.n8n.run({
				parameters: direct({ options: { waitForCompletion: true } }),
				credentials,
				items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
			});
			expect(result.error?.message).toBe(
				'TikTok could not publish the video (frame_rate_check_failed)',
			);
			expect(result.error?.description).toContain('Use a frame rate between 23 and 60 FPS.');
			expect(result.error?.description).toMatch(/Publish ID: v_pub_file~/);
		});

		it('returns the last status when the timeout passes, without posting again', async () => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			env.fake.posts.nextOutcome = { final: 'PUBLISH_COMPLETE', pollsUntilDone: 1_000_000 };
			const n8n = await startN8n(env.store, { publishPoll: { intervalMs: 1000 } });
			const result = await n8n.run({
				parameters: direct({ options: { waitForCompletion: true, waitTimeout: 5 } }),
				credentials,
				items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({
				status: 'PROCESSING_UPLOAD',
				timed_out: true,
				post_ids: [],
			});
			expect(String(result.items[0].json.advice)).toContain('do not post again');
			expect(env.fake.posts.inits).toHaveLength(1);
			// Polled every second for 5 s (fewer on a slow machine), never posted again.
			expect(env.fake.requestsTo('/v2/post/publish/status/fetch/').length).toBeGreaterThanOrEqual(
				3,
			);
		});
	});

	it('does not start a second post when n8n retries the node (Retry On Fail)', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const video = syntheticMp4(70_000_000);
		// Every attempt at the second chunk fails during the node's first run, so the node fails once.
		env.fake.posts.uploadFaults.push(
			...Array.from({ length: 4 }, () => ({ status: 500, body: 'down', onChunk: 1 })),
		);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' },
			credentials,
			items: [await binaryItem(video, 'v.mp4', 'video/mp4')],
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(result.error).toBeUndefined();
		// One post: the retry resumed the upload at the failed chunk instead of starting over.
		expect(env.fake.posts.inits).toHaveLength(1);
		const puts = env.fake.requests.filter((r) => r.method === 'PUT');
		expect(puts.map((p) => [p.headers['content-range'], p.status])).toEqual([
			['bytes 0-34999999/70000000', 206],
			...Array.from({ length: 4 }, () => ['bytes 35000000-69999999/70000000', 500]),
			['bytes 35000000-69999999/70000000', 201],
		]);
		const publishId = String(result.items[0].json.publish_id);
		expect(env.fake.posts.publishes.get(publishId)?.digest).toBe(sha256(video));
		expect(result.items).toHaveLength(1);
	});

	it('#9.4 a direct post to friends is done at PUBLISH_COMPLETE without a post ID: no wait until the timeout, no moderation advice', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		// TikTok never gives friends posts a post ID (the fake withholds it as TikTok does).
		env.fake.posts.nextOutcome = {
			final: 'PUBLISH_COMPLETE',
			pollsUntilDone: 1,
			postIds: ['7300000000000000001'],
		};
		const result = await env.n8n.run({
			parameters: direct({
				privacyLevel: 'MUTUAL_FOLLOW_FRIENDS',
				options: { waitForCompletion: true, waitTimeout: 5 },
			}),
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(result.error).toBeUndefined();
		// One fetch while processing, one at PUBLISH_COMPLETE, then done.
		expect(env.fake.requestsTo('/v2/post/publish/status/fetch/').map((r) => r.status)).toEqual([
			200, 200,
		]);
		const publishId = String(result.items[0].json.publish_id);
		expect(result.items).toEqual([
			{
				json: {
					publish_id: publishId,
					status: 'PUBLISH_COMPLETE',
					post_ids: [],
					advice:
						'Published for Friends (Followers You Follow Back). TikTok gives a post ID, and so a link, only for posts public to everyone.',
					uploaded_bytes: MP4.length,
					...oneChunkDirectPost,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it.each([
		['left empty', ''],
		['only spaces (from an expression)', '={{ "   " }}'],
	])(
		'#9.5 a direct post with the caption %s goes out without a title ("the post will not have any captions")',
		async (_name, title) => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			const result = await env.n8n.run({
				parameters: direct({ caption: title }),
				credentials,
				items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
			});
			expect(result.error).toBeUndefined();
			expect(env.fake.requestsTo('/v2/post/publish/video/init/')[0].json).toEqual({
				post_info: selfOnlyPostInfo,
				source_info: oneChunkSource,
			});
			expect(result.items[0].json).toMatchObject({ status: 'SUBMITTED', mode: 'directPost' });
			expect(env.fake.posts.publishes.get(String(result.items[0].json.publish_id))?.digest).toBe(
				sha256(MP4),
			);
		},
	);

	it('#9.6 branded content as "Only Me" is refused before any call to TikTok, with the reason and the fix; to friends it is posted', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: direct({ options: { brandContentToggle: true } }),
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toBe('"Branded Content" cannot be posted as "Only Me"');
		expect(result.error?.description).toBe(
			'TikTok\'s Content Sharing Guidelines: "Branded content visibility cannot be set to private." Choose another "Privacy Level" (Everyone, Friends or Followers), or turn off "Branded Content" if the post promotes no third party.',
		);
		expect(env.fake.requests).toEqual([]);

		const friends = await env.n8n.run({
			parameters: direct({
				privacyLevel: 'MUTUAL_FOLLOW_FRIENDS',
				options: { brandContentToggle: true },
			}),
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(friends.error).toBeUndefined();
		expect(env.fake.requestsTo('/v2/post/publish/video/init/')[0].json).toMatchObject({
			post_info: {
				privacy_level: 'MUTUAL_FOLLOW_FRIENDS',
				brand_content_toggle: true,
				brand_organic_toggle: false,
			},
		});
	});

	it('#9.7 creator info before the init carries Content-Type: application/json; charset=UTF-8 and an empty body', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: direct(),
			credentials,
			items: [await binaryItem(MP4, 'clip.mp4', 'video/mp4')],
		});
		expect(result.error).toBeUndefined();
		const posts = env.fake.requests.filter((r) => r.host === 'open.tiktokapis.com');
		expect(posts.map((r) => `${r.method} ${r.path} ${r.headers['content-type']}`)).toEqual([
			'POST /v2/post/publish/creator_info/query/ application/json; charset=UTF-8',
			'POST /v2/post/publish/video/init/ application/json; charset=UTF-8',
		]);
		expect(posts[0]).toMatchObject({ bodyText: '', headers: { 'content-length': '0' } });
	});

	it.each([
		[
			'a caption that is an object',
			{ caption: '={{ $json.caption }}' },
			'"Caption" must be text, but the expression gave an object',
			'{{ $json.caption.text }}',
		],
		[
			'a caption that is a list',
			{ caption: '={{ $json.tags }}' },
			'"Caption" must be text, but the expression gave a list of 2 values',
			"join(' ')",
		],
		[
			'a video URL that is an object',
			{ source: 'url', videoUrl: '={{ $json.video }}' },
			'"Video URL" must be text, but the expression gave an object',
			'Map the text field inside it',
		],
		[
			'a privacy level that is a list',
			{ privacyLevel: '={{ $json.tags }}' },
			'"Privacy Level" must be text, but the expression gave a list of 2 values',
			'Map a single entry',
		],
	])(
		'#9.13 refuses %s before any call to TikTok, naming the parameter and the fix',
		async (_name, extra, message, fix) => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			const item = await binaryItem(MP4, 'clip.mp4', 'video/mp4');
			item.json = {
				caption: { text: 'Sunset' },
				tags: ['#a', '#b'],
				video: { url: 'https://media.example.test/verified/a.mp4' },
			};
			const result = await env.n8n.run({ parameters: direct(extra), credentials, items: [item] });
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toContain(fix);
			expect(env.fake.requests).toEqual([]);
		},
	);
});

describe('Post > Create Video Post refuses bad input before posting', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const draft = { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' };

	it('no binary in the named field', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: { ...draft, binaryPropertyName: 'video' },
			credentials,
			items: [await binaryItem(MP4, 'a.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toContain("'video'");
		expect(env.fake.requests).toHaveLength(0);
	});

	it('a PNG instead of a video', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: draft,
			credentials,
			items: [await binaryItem(PNG, 'image.png', 'image/png')],
		});
		expect(result.error?.message).toBe(
			'The file in "data" (image.png) is a PNG image, not a video TikTok accepts',
		);
		expect(result.error?.description).toContain(
			'TikTok accepts MP4 (H.264 recommended), MOV and WebM videos. Received image.png (image/png).',
		);
		expect(env.fake.requests).toHaveLength(0);
	});

	it("a video over 4 GB (size from n8n's binary metadata, nothing read)", async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const stored = await storeBinary(MP4, 'huge.mp4', 'video/mp4');
		const huge: IBinaryData = {
			...stored,
			bytes: 4_100_000_000,
			fileSize: '4.1 GB',
		} as IBinaryData;
		const result = await env.n8n.run({
			parameters: draft,
			credentials,
			items: [{ json: {}, binary: { data: huge } }],
		});
		expect(result.error?.message).toBe(
			'The file in "data" (huge.mp4) is 4.10 GB; TikTok accepts videos up to 4 GB',
		);
		expect(result.error?.description).toContain("TikTok's limit is 4,000,000,000 bytes");
		expect(env.fake.requests).toHaveLength(0);
	});

	it('a caption over 2200 characters', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: {
				...draft,
				mode: 'directPost',
				caption: 'x'.repeat(2201),
				privacyLevel: 'SELF_ONLY',
			},
			credentials,
			items: [await binaryItem(MP4, 'a.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toBe('The "Caption" is 2201 characters long; TikTok allows 2200');
		expect(env.fake.requests).toHaveLength(0);
	});

	it('a privacy level creator info does not offer: only creator info is asked, nothing is posted', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.creator.privacy_level_options = [
			'FOLLOWER_OF_CREATOR',
			'MUTUAL_FOLLOW_FRIENDS',
			'SELF_ONLY',
		];
		const result = await env.n8n.run({
			parameters: {
				...draft,
				mode: 'directPost',
				caption: 'Hi',
				privacyLevel: 'PUBLIC_TO_EVERYONE',
			},
			credentials,
			items: [await binaryItem(MP4, 'a.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toBe(
			'The privacy level "PUBLIC_TO_EVERYONE" is not offered for this TikTok account',
		);
		expect(result.error?.description).toContain(
			'TikTok offers: FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY.',
		);
		expect(env.fake.requests.map((r) => r.path)).toEqual(['/v2/post/publish/creator_info/query/']);
	});

	it('a video longer than the creator may post', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.creator.max_video_post_duration_sec = 2;
		const result = await env.n8n.run({
			parameters: { ...draft, mode: 'directPost', caption: 'Hi', privacyLevel: 'SELF_ONLY' },
			credentials,
			items: [await binaryItem(MP4, 'a.mp4', 'video/mp4')],
		});
		expect(result.error?.message).toBe(
			'The video is 3.0 s long; this creator may post at most 2 s',
		);
		expect(env.fake.posts.inits).toHaveLength(0);
	});

	it('an http URL for TikTok to pull', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: { ...draft, source: 'url', videoUrl: 'http://media.example.test/verified/a.mp4' },
			credentials,
		});
		expect(result.error?.message).toBe('"Video URL" must start with https://');
		expect(env.fake.requests).toHaveLength(0);
	});
});

describe('Post > Create Video Post from a URL', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('lets TikTok pull a verified URL (PULL_FROM_URL)', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const url = 'https://media.example.test/verified/clip.mp4';
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: url,
				mode: 'draft',
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requests).toHaveLength(1);
		expect(env.fake.requests[0].json).toEqual({
			source_info: { source: 'PULL_FROM_URL', video_url: url },
		});
		expect(result.items[0].json).toMatchObject({
			status: 'SUBMITTED',
			mode: 'draft',
			source: 'url',
		});
		expect(String(result.items[0].json.publish_id)).toMatch(/^v_inbox_url~/);
	});

	it('explains url_ownership_unverified and how to fix it', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: 'https://cdn.other.test/clip.mp4',
				mode: 'draft',
			},
			credentials,
		});
		expect(result.error?.message).toBe(
			'TikTok has not verified that your app owns this media URL (url_ownership_unverified)',
		);
		expect(result.error?.description).toContain('URL properties');
		expect(result.error?.description).toContain('Download and Upload as File');
		expect((result.error as { httpCode?: string }).httpCode).toBe('403');
	});

	it('downloads and uploads as a file, streaming, when asked', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.mediaFiles.set('/unverified/clip.mp4', { body: MP4, contentType: 'video/mp4' });
		const url = 'https://media.example.test/unverified/clip.mp4';
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: url,
				mode: 'draft',
				options: { downloadAndUpload: true },
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [download, init, put] = env.fake.requests;
		expect(download).toMatchObject({
			method: 'GET',
			host: 'media.example.test',
			path: '/unverified/clip.mp4',
		});
		expect(download.headers.authorization).toBeUndefined();
		expect(init.json).toEqual({
			source_info: {
				source: 'FILE_UPLOAD',
				video_size: MP4.length,
				chunk_size: MP4.length,
				total_chunk_count: 1,
			},
		});
		expect(put.headers['content-type']).toBe('video/mp4');
		expect(env.fake.posts.publishes.get(String(result.items[0].json.publish_id))?.digest).toBe(
			sha256(MP4),
		);
	});

	describe('with "Download and Upload as File", refuses before asking TikTok for anything', () => {
		const run = (path: string) =>
			storeConnectedOAuth2(env, POSTING_SCOPES).then(
				async (credentials) =>
					await env.n8n.run({
						parameters: {
							resource: 'post',
							operation: 'createVideo',
							source: 'url',
							videoUrl: `https://media.example.test${path}`,
							mode: 'draft',
							options: { downloadAndUpload: true },
						},
						credentials,
					}),
			);
		const requested = () => env.fake.requests.map((r) => `${r.method} ${r.host}${r.path}`);

		it('a URL that does not answer with a file', async () => {
			const result = await run('/missing.mp4');
			expect(result.error?.message).toBe(
				'Could not download "Video URL": Request failed with status code 404',
			);
			expect(result.error?.description).toBe(
				'Check that the URL is reachable from the n8n server and returns the video itself (not a web page).',
			);
			expect(requested()).toEqual(['GET media.example.test/missing.mp4']);
		});

		it('a download that is not a video', async () => {
			env.fake.mediaFiles.set('/clip.mp4', { body: PNG, contentType: 'video/mp4' });
			const result = await run('/clip.mp4');
			expect(result.error?.message).toBe(
				'The video at "Video URL" is a PNG image, not a video TikTok accepts',
			);
			expect(result.error?.description).toBe(
				'TikTok accepts MP4 (H.264 recommended), MOV and WebM videos. Received https://media.example.test/clip.mp4. Convert it to MP4 first.',
			);
			expect(requested()).toEqual(['GET media.example.test/clip.mp4']);
		});

		it('a download whose size the server does not say', async () => {
			env.fake.injectFault('GET', '/streamed.mp4', 1, {
				status: 200,
				headers: { 'content-type': 'video/mp4' },
				body: MP4,
			});
			const result = await run('/streamed.mp4');
			expect(result.error?.message).toBe(
				'The server of "Video URL" did not say how large the video is',
			);
			expect(result.error?.description).toContain('sent no Content-Length');
			expect(requested()).toEqual(['GET media.example.test/streamed.mp4']);
		});
	});

	it('never repeats an init, even on a rate limit', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.injectFault('POST', '/v2/post/publish/inbox/video/init/', 1, env.fake.rateLimited());
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: 'https://media.example.test/verified/a.mp4',
				mode: 'draft',
			},
			credentials,
		});
		expect(result.error?.message).toBe('TikTok rate limit reached (rate_limit_exceeded)');
		expect(env.fake.requestsTo('/v2/post/publish/inbox/video/init/')).toHaveLength(1);
	});
});
