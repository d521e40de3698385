/**
 * Review of #9: posts that change between tries, loops after failures, and token edge cases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createTikTokTestEnv, storeConnectedOAuth2, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const PHOTOS_A = ['https://media.example.test/verified/a1.jpg', 'https://media.example.test/verified/a2.webp'];
const VIDEO_URL = 'https://media.example.test/verified/clip.mp4';

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
				title: '={{ "Clip " + Math.random() }}',
			},
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error?.message).toBe('TikTok may already have this post: the answer to the request that starts it was lost');
		expect(env.fake.posts.inits).toHaveLength(1);
		expect(env.fake.posts.posts).toHaveLength(1);
	});

	it('review: #9.2 two items, the second one\'s init answer lost: Retry On Fail does not post the first item again when its caption changed', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		let inits = 0;
		env.fake.beforeHandle = (request) => {
			if (request.path === '/v2/post/publish/content/init/' && ++inits === 2) env.fake.dropAnswers('POST', '/v2/post/publish/content/init/');
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
			items: [{ json: { name: 'first', photos: PHOTOS_A } }, { json: { name: 'second', photos: [PHOTOS_A[0]] } }],
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error?.message).toBe('TikTok may already have this post: the answer to the request that starts it was lost');
		expect(env.fake.posts.inits.map((init) => (init.json as { source_info: { photo_images: string[] } }).source_info.photo_images)).toEqual([
			PHOTOS_A,
			[PHOTOS_A[0]],
		]);
		expect(env.fake.posts.posts).toHaveLength(2);
	});
});
