/**
 * Review of #12: the kernel reading answers itself on the generic credentials, token errors found
 * by their message on n8n 1.x, and the editor changes, attacked as users would hit them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { N8nInstance } from '../harness/engine.mts';
import { startN8n1x } from '../harness/n8n-1x.mts';
import {
	createTikTokTestEnv,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const VIDEO_URL = 'https://media.example.test/verified/clip.mp4';
const MAY_EXIST =
	'TikTok may already have this post: the answer to the request that starts it was lost';
const draftUrlVideo = {
	resource: 'post',
	operation: 'createVideo',
	authentication: 'refreshToken',
	source: 'url',
	videoUrl: VIDEO_URL,
	mode: 'draft',
};

const lines: [string, (env: TikTokTestEnv) => Promise<N8nInstance>][] = [
	['n8n 2.x', async (env) => env.n8n],
	['n8n 1.x', async (env) => await startN8n1x(env.store)],
];

describe.each(lines)(
	'review: #12 %s: a token refresh that fails before a post init',
	(_line, start) => {
		let env: TikTokTestEnv;
		let n8n: N8nInstance;
		beforeEach(async () => {
			env = await createTikTokTestEnv();
			n8n = await start(env);
		});
		afterEach(async () => await env.stop());

		it('review: the token answer is lost after a 401, the init never went out: not reported as "TikTok may already have this post"', async () => {
			const credentials = await storeRefreshTokenCredential(env, POSTING_SCOPES);
			// A first run stores an access token; then it expires, so the init is refused with 401.
			expect(
				(
					await n8n.run({
						parameters: {
							resource: 'user',
							operation: 'get',
							authentication: 'refreshToken',
							fields: ['open_id'],
						},
						credentials,
					})
				).error,
			).toBeUndefined();
			env.fake.expireAllAccessTokens();
			env.fake.dropAnswers('POST', '/v2/oauth/token/');
			const result = await n8n.run({
				parameters: draftUrlVideo,
				credentials,
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			});
			expect(env.fake.posts.inits.filter((init) => init.status === 200)).toHaveLength(0);
			expect(result.error?.message).not.toBe(MAY_EXIST);
		});

		it('review: the first token request of a new credential loses its answer: the init never went out', async () => {
			const credentials = await storeRefreshTokenCredential(env, POSTING_SCOPES);
			env.fake.dropAnswers('POST', '/v2/oauth/token/');
			const result = await n8n.run({
				parameters: draftUrlVideo,
				credentials,
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			});
			expect(env.fake.posts.inits).toHaveLength(0);
			expect(result.error?.message).not.toBe(MAY_EXIST);
		});
	},
);
