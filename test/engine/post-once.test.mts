/**
 * Every post exactly once, through the real engine: the publish ledger tells posts apart (loops,
 * identical items, a failed upload followed by another file), and an init whose answer was lost
 * is never sent again where TikTok may already be publishing it.
 */
import { createHash } from 'node:crypto';

import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { inlineBinary, storeBinary } from '../harness/binary.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const VIDEO_URL = 'https://media.example.test/verified/clip.mp4';
const PHOTOS_A = [
	'https://media.example.test/verified/a1.jpg',
	'https://media.example.test/verified/a2.webp',
];
const PHOTOS_B = ['https://media.example.test/verified/b1.jpg'];

/** An MP4-looking file of any size: a real ftyp box, then a payload patterned by `seed`. */
function syntheticMp4(size: number, seed: number): Buffer {
	const buffer = Buffer.alloc(size);
	buffer.writeUInt32BE(24, 0);
	buffer.write('ftypisom', 4, 'latin1');
	for (let i = 24; i + 8 <= size; i += 4096) {
		buffer.writeUInt32BE(i >>> 0, i);
		buffer.writeUInt32BE(seed, i + 4);
	}
	return buffer;
}
const CLIP_A = syntheticMp4(400_000, 1);
const CLIP_B = syntheticMp4(300_000, 2);

type BinaryMode = 'filesystem' | 'in-memory';

async function videoItem(
	content: Buffer,
	fileName: string,
	mode: BinaryMode = 'filesystem',
): Promise<INodeExecutionData> {
	const binary: IBinaryData =
		mode === 'filesystem'
			? await storeBinary(content, fileName, 'video/mp4')
			: inlineBinary(content, fileName, 'video/mp4');
	return { json: { file: fileName }, binary: { data: binary } };
}

const draftVideo = { resource: 'post', operation: 'createVideo', source: 'binary', mode: 'draft' };
const digestOf = (env: TikTokTestEnv, item: INodeExecutionData) =>
	env.fake.posts.publishes.get(String(item.json.publish_id))?.digest;
const requested = (env: TikTokTestEnv) => env.fake.requests.map((r) => `${r.method} ${r.path}`);

describe('#9.1 the publish ledger tells posts apart', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('#9.1 Loop Over Items (batch size 1): two different clips give two posts, each with its own bytes', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: draftVideo,
			credentials,
			items: [await videoItem(CLIP_A, 'first.mp4'), await videoItem(CLIP_B, 'second.mp4')],
			loop: { batchSize: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(requested(env)).toEqual([
			'POST /v2/post/publish/inbox/video/init/',
			'PUT /upload/',
			'POST /v2/post/publish/inbox/video/init/',
			'PUT /upload/',
		]);
		expect(result.runs.map((run) => run.length)).toEqual([1, 1]);
		const [first, second] = result.items;
		expect(first.json.publish_id).not.toBe(second.json.publish_id);
		expect(digestOf(env, first)).toBe(sha256(CLIP_A));
		expect(digestOf(env, second)).toBe(sha256(CLIP_B));
		expect(env.fake.posts.posts).toHaveLength(2);
	});

	it('#9.1 identical clips, two per Loop Over Items batch: every item is its own post, in one run and across runs', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const same = await videoItem(CLIP_A, 'again.mp4');
		const result = await env.n8n.run({
			parameters: draftVideo,
			credentials,
			items: [same, same, same, same],
			loop: { batchSize: 2 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits).toHaveLength(4);
		expect(result.runs.map((run) => run.map((item) => item.pairedItem))).toEqual([
			[{ item: 0 }, { item: 1 }],
			[{ item: 0 }, { item: 1 }],
		]);
		expect(new Set(result.items.map((item) => item.json.publish_id)).size).toBe(4);
		for (const item of result.items) expect(digestOf(env, item)).toBe(sha256(CLIP_A));
		expect(env.fake.posts.posts).toHaveLength(4);
	});

	it("#9.1 in n8n's in-memory binary mode (no binary id): two clips of the same size through a loop give two posts", async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const [a, b] = [syntheticMp4(1_000_000, 1), syntheticMp4(1_000_000, 2)];
		const result = await env.n8n.run({
			parameters: draftVideo,
			credentials,
			items: [await videoItem(a, 'a.mp4', 'in-memory'), await videoItem(b, 'b.mp4', 'in-memory')],
			loop: { batchSize: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits).toHaveLength(2);
		expect(result.items.map((item) => digestOf(env, item))).toEqual([sha256(a), sha256(b)]);
	});

	it.each<[BinaryMode]>([['filesystem'], ['in-memory']])(
		"#9.1 a clip that failed mid-upload, then another file of the same size (%s binary): a new post with the new file's bytes",
		async (binaryMode) => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			// Two chunks of 6 MB each; the second chunk of the first clip fails on every attempt.
			const [failing, next] = [syntheticMp4(12_000_000, 1), syntheticMp4(12_000_000, 2)];
			env.fake.posts.uploadFaults.push(
				...Array.from({ length: 4 }, () => ({ status: 500, body: 'down', onChunk: 1 })),
			);
			const result = await env.n8n.run({
				parameters: { ...draftVideo, options: { chunkSize: 6 } },
				credentials,
				items: [
					await videoItem(failing, 'failing.mp4', binaryMode),
					await videoItem(next, 'next.mp4', binaryMode),
				],
				loop: { batchSize: 1 },
				continueOnFail: true,
			});
			expect(result.error).toBeUndefined();
			const [failed, posted] = result.items;
			expect(failed.json.error).toBe(
				'TikTok answered chunk 2 of 2 (bytes 6000000-11999999) with HTTP 500',
			);
			const [firstInit, secondInit] = env.fake.posts.inits;
			expect(secondInit).toBeDefined();
			const firstPublish = [...env.fake.posts.publishes.values()][0];
			expect(firstPublish).toMatchObject({ chunksReceived: 1, complete: false });
			expect(firstInit.json).toEqual(secondInit.json);
			expect(posted.json.publish_id).not.toBe(firstPublish.publishId);
			expect(digestOf(env, posted)).toBe(sha256(next));
			expect(env.fake.posts.posts.map((p) => p.publishId)).toEqual([posted.json.publish_id]);
		},
	);

	it('#9.1 photo posts: two different photo sets through Loop Over Items give two posts', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: '={{ $json.photos }}',
				mode: 'draft',
			},
			credentials,
			items: [{ json: { photos: PHOTOS_A } }, { json: { photos: PHOTOS_B } }],
			loop: { batchSize: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(
			env.fake.posts.inits.map((init) => (init.json as { source_info: unknown }).source_info),
		).toEqual([
			{ source: 'PULL_FROM_URL', photo_cover_index: 0, photo_images: PHOTOS_A },
			{ source: 'PULL_FROM_URL', photo_cover_index: 0, photo_images: PHOTOS_B },
		]);
		expect(result.items.map((item) => item.json.photo_count)).toEqual([2, 1]);
		expect(new Set(result.items.map((item) => item.json.publish_id)).size).toBe(2);
		expect(env.fake.posts.posts).toHaveLength(2);
	});

	it('#9.1 photo posts: identical items, two per Loop Over Items batch, give one post each', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS_A,
				mode: 'draft',
				title: 'Same',
			},
			credentials,
			items: [{ json: {} }, { json: {} }, { json: {} }, { json: {} }],
			loop: { batchSize: 2 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits).toHaveLength(4);
		expect(new Set(result.items.map((item) => item.json.publish_id)).size).toBe(4);
		expect(env.fake.posts.posts).toHaveLength(4);
	});
});

describe('#9.2 an init whose answer is lost is never sent again where TikTok may be posting it', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const retryOnFail = { maxTries: 3, waitBetweenTries: 0 };
	const urlVideo = (mode: string) => ({
		resource: 'post',
		operation: 'createVideo',
		source: 'url',
		videoUrl: VIDEO_URL,
		mode,
		...(mode === 'directPost' ? { caption: 'Lost answer', privacyLevel: 'SELF_ONLY' } : {}),
	});

	it.each([
		['draft', '/v2/post/publish/inbox/video/init/', "the creator's TikTok inbox"],
		['directPost', '/v2/post/publish/video/init/', "the creator's TikTok profile"],
	])(
		'#9.2 a URL video (%s) whose init answer is lost: Retry On Fail (3 tries) posts once and says where to check',
		async (mode, initPath, where) => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			env.fake.dropAnswers('POST', initPath);
			const result = await env.n8n.run({ parameters: urlVideo(mode), credentials, retryOnFail });
			expect(result.error?.message).toBe(
				'TikTok may already have this post: the answer to the request that starts it was lost',
			);
			expect(result.error?.description).toContain(`Check ${where}`);
			expect(result.error?.description).toContain(
				'n8n does not send it again, not even on Retry On Fail',
			);
			const inits = env.fake.requestsTo(initPath);
			expect(inits).toHaveLength(1);
			expect(inits[0]).toMatchObject({ status: 200, answerDropped: true });
			expect(inits[0].json).toMatchObject({
				source_info: { source: 'PULL_FROM_URL', video_url: VIDEO_URL },
			});
			// The retries stop before asking TikTok anything: the init went out once.
			expect(requested(env)).toEqual(
				mode === 'directPost'
					? ['POST /v2/post/publish/creator_info/query/', `POST ${initPath}`]
					: [`POST ${initPath}`],
			);
			expect(env.fake.posts.posts).toHaveLength(1);
		},
	);

	it('#9.2 a photo post whose init answer is lost: Retry On Fail (3 tries) posts once and says where to check', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.dropAnswers('POST', '/v2/post/publish/content/init/');
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS_A,
				mode: 'directPost',
				title: 'Lost',
				privacyLevel: 'SELF_ONLY',
			},
			credentials,
			retryOnFail,
		});
		expect(result.error?.message).toBe(
			'TikTok may already have this post: the answer to the request that starts it was lost',
		);
		expect(result.error?.description).toContain("Check the creator's TikTok profile");
		expect(env.fake.posts.inits).toHaveLength(1);
		expect(env.fake.posts.inits[0].answerDropped).toBe(true);
		expect(env.fake.requestsTo('/v2/post/publish/creator_info/query/')).toHaveLength(3);
		expect(env.fake.posts.posts).toHaveLength(1);
	});

	it('#9.2 a lost init answer without Retry On Fail already says TikTok may have the post, not "try again"', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.dropAnswers('POST', '/v2/post/publish/content/init/');
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS_B,
				mode: 'draft',
			},
			credentials,
		});
		expect(result.error?.message).toBe(
			'TikTok may already have this post: the answer to the request that starts it was lost',
		);
		expect(result.error?.description).toContain("Check the creator's TikTok inbox");
		expect(env.fake.posts.posts).toHaveLength(1);
	});

	it('#9.2 a 502 from a gateway (no answer from TikTok itself) counts as a lost answer for a URL video', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.injectFault('POST', '/v2/post/publish/inbox/video/init/', 1, {
			status: 502,
			headers: { 'content-type': 'text/html' },
			body: '<html>Bad Gateway</html>',
		});
		const result = await env.n8n.run({ parameters: urlVideo('draft'), credentials, retryOnFail });
		expect(result.error?.message).toBe(
			'TikTok may already have this post: the answer to the request that starts it was lost',
		);
		expect(env.fake.posts.inits).toHaveLength(1);
	});

	it('#9.2 FILE_UPLOAD: a lost init answer is sent again on Retry On Fail, and the first init never becomes a post', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.dropAnswers('POST', '/v2/post/publish/inbox/video/init/');
		const result = await env.n8n.run({
			parameters: draftVideo,
			credentials,
			items: [await videoItem(CLIP_A, 'clip.mp4')],
			retryOnFail,
		});
		expect(result.error).toBeUndefined();
		expect(requested(env)).toEqual([
			'POST /v2/post/publish/inbox/video/init/',
			'POST /v2/post/publish/inbox/video/init/',
			'PUT /upload/',
		]);
		const [orphan, used] = [...env.fake.posts.publishes.values()];
		expect(orphan).toMatchObject({ source: 'FILE_UPLOAD', receivedBytes: 0, complete: false });
		expect(used.publishId).toBe(result.items[0].json.publish_id);
		expect(used.digest).toBe(sha256(CLIP_A));
		expect(env.fake.posts.posts.map((p) => p.publishId)).toEqual([used.publishId]);
		// What TikTok says of the orphan, asked through the node: still waiting for its upload.
		const status = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId: orphan.publishId },
			credentials,
		});
		expect(status.error).toBeUndefined();
		expect(status.items[0].json).toMatchObject({
			publish_id: orphan.publishId,
			status: 'PROCESSING_UPLOAD',
			post_ids: [],
			uploaded_bytes: 0,
		});
	});

	it('#9.2 an init TikTok answered with an error (429) created nothing: Retry On Fail sends it again, one post', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.injectFault('POST', '/v2/post/publish/inbox/video/init/', 1, env.fake.rateLimited());
		const result = await env.n8n.run({ parameters: urlVideo('draft'), credentials, retryOnFail });
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits.map((init) => init.status)).toEqual([429, 200]);
		expect(env.fake.posts.posts.map((p) => p.publishId)).toEqual([result.items[0].json.publish_id]);
	});

	it('#9.2 a connection refused before the init left: Retry On Fail sends it, one post', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.injectFault('POST', '/v2/post/publish/content/init/', 1, { status: 0, refuse: true });
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS_A,
				mode: 'draft',
			},
			credentials,
			retryOnFail,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits.map((init) => init.status)).toEqual([200]);
		expect(env.fake.posts.posts.map((p) => p.publishId)).toEqual([result.items[0].json.publish_id]);
	});
});

describe("#9.1/#9.2 the TikTok node as an AI agent's tool (each call, and each try of Retry On Fail, is a new run of the node)", () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const urlDraft = {
		resource: 'post',
		operation: 'createVideo',
		source: 'url',
		videoUrl: VIDEO_URL,
		mode: 'draft',
	};
	const toolRuns = (result: Awaited<ReturnType<TikTokTestEnv['n8n']['run']>>) =>
		result.run.data.resultData.runData.TikTok ?? [];

	it('#9.1 an AI agent calling the tool twice in one execution gets two posts', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: urlDraft,
			credentials,
			agent: { calls: [{}, {}] },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits).toHaveLength(2);
		const ids = result.items.map(
			(answer) => (answer.json.response as Array<{ publish_id: string }>)[0].publish_id,
		);
		expect(ids).toHaveLength(2);
		expect(ids[0]).not.toBe(ids[1]);
		expect(env.fake.posts.posts.map((p) => p.publishId).sort()).toEqual([...ids].sort());
		expect(toolRuns(result)).toHaveLength(2);
	});

	it("#9.2 a tool call whose init answer is lost: the tool's Retry On Fail (3 tries, 3 runs) sends no second init", async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.dropAnswers('POST', '/v2/post/publish/inbox/video/init/');
		const result = await env.n8n.run({
			parameters: urlDraft,
			credentials,
			agent: { calls: [{}] },
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.items).toHaveLength(1);
		expect(String(result.items[0].json.error)).toMatch(
			/^TikTok may already have this post: the answer to the request that starts it was lost/,
		);
		expect(toolRuns(result)).toHaveLength(3);
		expect(env.fake.posts.inits).toHaveLength(1);
		expect(env.fake.posts.posts).toHaveLength(1);
	});

	it("#9.1 a tool call that failed after its init is continued by the tool's Retry On Fail (a new run), not posted again", async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		// Status checks fail through every transport retry during the first try.
		env.fake.injectFault('POST', '/v2/post/publish/status/fetch/', 4);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS_A,
				mode: 'draft',
				options: { waitForCompletion: true },
			},
			credentials,
			agent: { calls: [{}] },
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(toolRuns(result)).toHaveLength(2);
		expect(env.fake.posts.inits).toHaveLength(1);
		const [answer] = result.items;
		expect(answer.json.response).toEqual([
			expect.objectContaining({
				publish_id: env.fake.posts.posts[0].publishId,
				status: 'PUBLISH_COMPLETE',
			}),
		]);
	});
});
