/**
 * Review of #9: Stop at every point of a post, hostile downloads, cursor lists.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { storeBinary, syntheticMp4 } from '../harness/binary.mts';
import { startN8n } from '../harness/engine.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const VIDEO_URL = 'https://media.example.test/verified/clip.mp4';
const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

describe('review: #9.3 Stop before the post is started', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const paths = () => env.fake.requests.map((r) => `${r.method} ${r.path}`);

	it('review: (guard) #9.3 Stop while creator info is asked (URL direct post): the init is never sent, nothing is published', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const stop = deferred();
		env.fake.beforeHandle = async (request) => {
			if (request.path !== '/v2/post/publish/creator_info/query/') return;
			stop.resolve();
			await delay(200);
		};
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: VIDEO_URL,
				mode: 'directPost',
				privacyLevel: 'SELF_ONLY',
				caption: 'Stopped',
			},
			credentials,
			cancelWhen: stop.promise,
		});
		expect(result.run.status).toBe('canceled');
		expect(paths()).toEqual(['POST /v2/post/publish/creator_info/query/']);
		expect(env.fake.posts.posts).toHaveLength(0);
	});

	it('review: (guard) #9.3 Stop while creator info is retried after a 500 (back-off): no init', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const stop = deferred();
		env.fake.injectFault('POST', '/v2/post/publish/creator_info/query/', 1);
		env.fake.beforeHandle = (request) => {
			if (request.path === '/v2/post/publish/creator_info/query/') stop.resolve();
		};
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: ['https://media.example.test/verified/a1.jpg'],
				mode: 'directPost',
				privacyLevel: 'SELF_ONLY',
				title: 'x',
			},
			credentials,
			cancelWhen: stop.promise,
		});
		expect(result.run.status).toBe('canceled');
		expect(paths().filter((p) => p.includes('/init/'))).toEqual([]);
		expect(env.fake.posts.posts).toHaveLength(0);
	});
});

describe('review: #9.2 the last chunk reached TikTok but no answer came back', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('review: #9.2 every answer to the last chunk lost, caption from an expression that changes per try: Retry On Fail does not post a second time', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const clip = syntheticMp4(400_000);
		// TikTok takes the only chunk (the video is complete: a post), then every answer is lost,
		// also those to the three PUTs sent again.
		env.fake.posts.uploadFaults.push({ status: 0, onChunk: 0, answerLost: true });
		for (let i = 0; i < 3; i++)
			env.fake.posts.uploadFaults.push({ status: 0, onChunk: 1, answerLost: true });
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'binary',
				mode: 'directPost',
				privacyLevel: 'SELF_ONLY',
				caption: '={{ "Clip " + Math.random() }}',
			},
			credentials,
			items: [{ json: {}, binary: { data: await storeBinary(clip, 'clip.mp4', 'video/mp4') } }],
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(env.fake.posts.posts).toHaveLength(1);
		expect(env.fake.posts.inits).toHaveLength(1);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ publish_id: env.fake.posts.posts[0].publishId });
	});
});

describe('review: #9.3 Stop during waits', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("review: (guard) #9.3 Stop during a chunk retry's back-off: no further PUT, nothing published, the node returns at once", async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const stop = deferred();
		env.fake.posts.uploadFaults.push({ status: 500, body: 'busy', onChunk: 0 });
		env.fake.posts.holdUpload = async () => {
			// The 500 is answered, the node sleeps: stop it during the back-off.
			void delay(100).then(stop.resolve);
		};
		const n8n = await startN8n(env.store, { uploadRetry: { delayMs: 30_000 } });
		const started = Date.now();
		const result = await n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'binary',
				mode: 'directPost',
				privacyLevel: 'SELF_ONLY',
				caption: 'x',
			},
			credentials,
			items: [
				{
					json: {},
					binary: { data: await storeBinary(syntheticMp4(400_000), 'clip.mp4', 'video/mp4') },
				},
			],
			cancelWhen: stop.promise,
		});
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(result.run.status).toBe('canceled');
		expect(env.fake.requestsTo('/upload/').map((r) => r.status)).toEqual([500]);
		expect(env.fake.posts.posts).toHaveLength(0);
	});

	it('review: (guard) #9.3 Stop during Wait for Completion: polling ends at once', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const stop = deferred();
		let polls = 0;
		env.fake.beforeHandle = (request) => {
			if (request.path === '/v2/post/publish/status/fetch/' && ++polls === 1)
				void delay(100).then(stop.resolve);
		};
		const n8n = await startN8n(env.store, { publishPoll: { intervalMs: 30_000 } });
		const started = Date.now();
		const result = await n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: VIDEO_URL,
				mode: 'draft',
				options: { waitForCompletion: true, waitTimeout: 600 },
			},
			credentials,
			cancelWhen: stop.promise,
		});
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(result.run.status).toBe('canceled');
		expect(polls).toBe(1);
	});
});
