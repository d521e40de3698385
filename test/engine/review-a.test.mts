/**
 * Review of #9: posts that change between tries, loops after failures, and token edge cases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createHash } from 'node:crypto';

import { storeBinary } from '../harness/binary.mts';
import { serialiseForLeakCheck } from '../harness/engine.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const PHOTOS_A = [
	'https://media.example.test/verified/a1.jpg',
	'https://media.example.test/verified/a2.webp',
];
const VIDEO_URL = 'https://media.example.test/verified/clip.mp4';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An MP4-looking file of any size: a real ftyp box, then a patterned payload. */
function syntheticMp4(size: number): Buffer {
	const buffer = Buffer.alloc(size);
	buffer.writeUInt32BE(24, 0);
	buffer.write('ftypisom', 4, 'latin1');
	for (let i = 24; i + 4 <= size; i += 4096) buffer.writeUInt32BE(i >>> 0, i);
	return buffer;
}

describe('review: #9.1/#9.2 posts once when an expression gives a new value on every try', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('review: #9.2 a photo post whose caption comes from {{ $now }}: Retry On Fail after a lost status answer posts once', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.injectFault('POST', '/v2/post/publish/status/fetch/', 4);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS_A,
				mode: 'draft',
				title: '={{ "Posted " + $now.toMillis() + "-" + Math.random() }}',
				options: { waitForCompletion: true },
			},
			credentials,
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(env.fake.posts.inits).toHaveLength(1);
		expect(env.fake.posts.posts).toHaveLength(1);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.publish_id).toBe(env.fake.posts.posts[0].publishId);
	});

	it('review: #9.2 a URL video whose init answer is lost, caption from an expression that changes per try: no second init', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.dropAnswers('POST', '/v2/post/publish/video/init/');
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: VIDEO_URL,
				mode: 'directPost',
				privacyLevel: 'SELF_ONLY',
				caption: '={{ "Clip " + Math.random() }}',
			},
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error?.message).toBe(
			'TikTok may already have this post: the answer to the request that starts it was lost',
		);
		expect(env.fake.posts.inits).toHaveLength(1);
		expect(env.fake.posts.posts).toHaveLength(1);
	});

	it("review: #9.2 two items, the second one's init answer lost: Retry On Fail does not post the first item again when its caption changed", async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		let inits = 0;
		env.fake.beforeHandle = (request) => {
			if (request.path === '/v2/post/publish/content/init/' && ++inits === 2)
				env.fake.dropAnswers('POST', '/v2/post/publish/content/init/');
		};
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: '={{ $json.photos }}',
				mode: 'draft',
				title: '={{ $json.name + " at " + $now.toMillis() + Math.random() }}',
			},
			credentials,
			items: [
				{ json: { name: 'first', photos: PHOTOS_A } },
				{ json: { name: 'second', photos: [PHOTOS_A[0]] } },
			],
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error?.message).toBe(
			'TikTok may already have this post: the answer to the request that starts it was lost',
		);
		expect(
			env.fake.posts.inits.map(
				(init) =>
					(init.json as { source_info: { photo_images: string[] } }).source_info.photo_images,
			),
		).toEqual([PHOTOS_A, [PHOTOS_A[0]]]);
		expect(env.fake.posts.posts).toHaveLength(2);
	});
});

describe('review: #9.2 a chunk PUT whose answer is lost after TikTok took the chunk', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it.each([
		['the only chunk', 400_000, {}, 0],
		['chunk 1 of 2', 12_000_000, { chunkSize: 6 }, 0],
		['the last of 2 chunks', 12_000_000, { chunkSize: 6 }, 1],
	])(
		'review: #9.2 %s: the PUT sent again finds TikTok has it (416 with its progress) and the post goes on, once',
		async (_name, size, options, lostChunk) => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			const clip = syntheticMp4(size);
			env.fake.posts.uploadFaults.push({ status: 0, onChunk: lostChunk, answerLost: true });
			const result = await env.n8n.run({
				parameters: {
					resource: 'post',
					operation: 'createVideo',
					source: 'binary',
					mode: 'directPost',
					privacyLevel: 'SELF_ONLY',
					caption: 'Lost chunk answer',
					options,
				},
				credentials,
				items: [{ json: {}, binary: { data: await storeBinary(clip, 'clip.mp4', 'video/mp4') } }],
			});
			expect(result.error).toBeUndefined();
			expect(env.fake.posts.inits).toHaveLength(1);
			const puts = env.fake.requestsTo('/upload/').map((r) => r.status);
			expect(puts).toEqual(
				size > 6_000_000 ? (lostChunk === 0 ? [206, 416, 201] : [206, 201, 416]) : [201, 416],
			);
			expect(env.fake.posts.posts).toHaveLength(1);
			expect(env.fake.posts.posts[0].digest).toBe(sha256(clip));
			expect(result.items[0].json).toMatchObject({
				publish_id: env.fake.posts.posts[0].publishId,
				status: 'SUBMITTED',
			});
		},
	);
});

describe('review: #9.4 waits that end', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('review: #9.4 a "Wait Timeout" expression that is not a number is refused before TikTok hears of the post, not a wait without end', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.defaultOutcome = { final: 'PUBLISH_COMPLETE', pollsUntilDone: 1_000_000 };
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS_A,
				mode: 'draft',
				options: { waitForCompletion: true, waitTimeout: '={{ $json.timeout }}' },
			},
			credentials,
			items: [{ json: { timeout: 'two minutes' } }],
		});
		expect(result.error?.message).toContain('Wait Timeout');
		expect(env.fake.posts.inits).toHaveLength(0);
	}, 15_000);
});

describe('review: #9.12 token endpoint answers that quote the tokens', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("review: #9.12 an OAuth error code that quotes the refresh token (a proxy's JSON) is shown without it", async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const parameters = {
			resource: 'user',
			operation: 'get',
			fields: ['open_id'],
			authentication: 'refreshToken',
		};
		expect((await env.n8n.run({ parameters, credentials })).error).toBeUndefined();
		const stored = await env.store.read(credentials.tikTokRefreshTokenApi.id!);
		env.fake.expireAllAccessTokens();
		env.fake.injectFault(
			'POST',
			'/v2/oauth/token/',
			1,
			env.fake.json(400, { error: `bad_request refresh_token=${String(stored.refreshToken)}` }),
		);
		const result = await env.n8n.run({ parameters, credentials });
		expect(result.error?.message).toContain('bad_request refresh_token=[redacted]');
		const text = serialiseForLeakCheck(result);
		for (const secret of env.fake.issuedSecrets) expect(text).not.toContain(secret);
	});
});
