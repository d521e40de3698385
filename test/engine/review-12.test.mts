/**
 * Review of #12: the kernel reading answers itself on the generic credentials, token errors found
 * by their message on n8n 1.x, and the editor changes, attacked as users would hit them.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { untilWaitingForAnotherSave } from '../harness/credentials.mts';
import { type N8nInstance, type RunResult, serialiseForLeakCheck } from '../harness/engine.mts';
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

/**
 * n8n 1.x's rule for "Continue (using error output)" (n8n-core 1.122.48,
 * dist/execution-engine/workflow-execute.js, handleNodeErrorOutput): an item goes to the error
 * output when it carries `error`, or its json has only `error`, or only `error` and `message`.
 * (2.x also accepts `details`.) Any other item stays on the success output.
 */
function routedToErrorOutputOnN8n1x(item: INodeExecutionData): boolean {
	if (item.error) return true;
	const keys = Object.keys(item.json);
	if (item.json.error && keys.length === 1) return true;
	return Boolean(item.json.error && item.json.message && keys.length === 2);
}

describe('review: #12 failed items under "Continue (using error output)" on n8n 1.x', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('review: a missing scope (router): the failed item is one n8n 1.x routes to the error output', async () => {
		const credentials = await storeRefreshTokenCredential(env, ['user.info.basic']);
		const result = await env.n8n.run({
			parameters: {
				resource: 'user',
				operation: 'get',
				authentication: 'refreshToken',
				fields: ['follower_count'],
			},
			credentials,
			errorOutput: true,
		});
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems.map(routedToErrorOutputOnN8n1x)).toEqual([true]);
	});

	it('review: Video > Get, a video TikTok did not return (batch): the failed item is one n8n 1.x routes to the error output', async () => {
		const credentials = await storeRefreshTokenCredential(env, ['user.info.basic', 'video.list']);
		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				authentication: 'refreshToken',
				videoId: { __rl: true, mode: 'id', value: '7399999999999999999' },
				fields: ['id'],
			},
			credentials,
			errorOutput: true,
		});
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems.map(routedToErrorOutputOnN8n1x)).toEqual([true]);
	});
});

describe.each(lines)('review: #12 %s: refusals of a post init (guards)', (_line, start) => {
	let env: TikTokTestEnv;
	let n8n: N8nInstance;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await start(env);
	});
	afterEach(async () => await env.stop());

	const gateway401 = {
		status: 401,
		headers: { 'content-type': 'text/html' },
		body: '<html><body><h1>401 Authorization Required</h1></body></html>',
	};

	it('review: (guard) a gateway 401 with an HTML body twice: one refresh, the init sent twice at most, never posted, Retry On Fail may send it again', async () => {
		const credentials = await storeRefreshTokenCredential(env, POSTING_SCOPES);
		env.fake.injectFault('POST', '/v2/post/publish/inbox/video/init/', 2, gateway401);
		const result = await n8n.run({
			parameters: draftUrlVideo,
			credentials,
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits.map((init) => init.status)).toEqual([401, 401, 200]);
		expect(env.fake.posts.posts).toHaveLength(1);
	});

	it('review: (guard) scope_not_authorized (401) on a post init: no refresh, sent once', async () => {
		const credentials = await storeRefreshTokenCredential(env, ['user.info.basic']);
		const result = await n8n.run({
			parameters: draftUrlVideo,
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error?.message).toMatch(/video.upload|permission|scope/i);
		expect(env.fake.requestsTo('/v2/oauth/token/')).toHaveLength(1);
		expect(env.fake.posts.inits.length).toBeLessThanOrEqual(3);
		expect(env.fake.posts.posts).toHaveLength(0);
	});

	it('review: (guard) an expired token on a post init whose resent answer is lost: posted once, never sent a third time', async () => {
		const credentials = await storeRefreshTokenCredential(env, POSTING_SCOPES);
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
		let initsSeen = 0;
		env.fake.beforeHandle = async (request) => {
			if (request.path !== '/v2/post/publish/inbox/video/init/') return;
			initsSeen++;
			if (initsSeen === 2) env.fake.dropAnswers('POST', '/v2/post/publish/inbox/video/init/');
		};
		const result = await n8n.run({
			parameters: draftUrlVideo,
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(env.fake.posts.inits.map((init) => init.status)).toEqual([401, 200]);
		expect(result.error?.message).toBe(MAY_EXIST);
	});
});

describe('review: #12 n8n 1.x: two workers refresh the Refresh Token credential at once', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("review: (guard) the worker TikTok refuses waits for the other's late save, then succeeds", async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const parameters = {
			resource: 'user',
			operation: 'get',
			authentication: 'refreshToken',
			fields: ['open_id'],
		};
		const workerA = await startN8n1x(env.store);
		expect((await workerA.run({ parameters, credentials })).error).toBeUndefined();
		env.fake.expireAllAccessTokens();
		vi.resetModules();
		const workerB = await startN8n1x(env.store);
		let workerBRun: Promise<RunResult> | undefined;
		env.store.beforeWrite = async () => {
			if (workerBRun) return;
			workerBRun = workerB.run({ parameters, credentials });
			// Worker A's save waits until worker B, with the old refresh token, has been refused.
			await untilWaitingForAnotherSave(
				env.store,
				() => env.fake.requestsTo('/v2/oauth/token/').at(-1)?.status === 400,
			);
		};
		const a = await workerA.run({ parameters, credentials });
		const b = await workerBRun!;
		expect(a.error).toBeUndefined();
		expect(b.error?.message).toBeUndefined();
		expect(b.items).toHaveLength(1);
		expect(env.fake.rotations).toBe(2);
	});
});

describe.each(lines)('review: #12 %s: answers that quote the token', (_line, start) => {
	let env: TikTokTestEnv;
	let n8n: N8nInstance;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await start(env);
	});
	afterEach(async () => await env.stop());

	const getProfile = {
		resource: 'user',
		operation: 'get',
		authentication: 'refreshToken',
		fields: ['open_id'],
	};

	it.each([
		[
			'a gateway 502 with JSON but no envelope',
			502,
			'application/json',
			(t: string) => JSON.stringify({ message: `upstream refused Authorization: Bearer ${t}` }),
		],
		[
			'a gateway 401 with HTML',
			401,
			'text/html',
			(t: string) => `<html><p>Bearer ${t} rejected</p></html>`,
		],
		[
			'TikTok-shaped 400 whose message quotes it',
			400,
			'application/json',
			(t: string) =>
				JSON.stringify({
					error: { code: 'invalid_params', message: `token ${t} malformed`, log_id: `log-${t}` },
				}),
		],
	])(
		'review: (guard) %s: no token in what the execution keeps',
		async (_name, status, contentType, body) => {
			const credentials = await storeRefreshTokenCredential(env);
			expect((await n8n.run({ parameters: getProfile, credentials })).error).toBeUndefined();
			const { accessToken, refreshToken } = await env.store.read(
				credentials.tikTokRefreshTokenApi.id!,
			);
			const text = body(`${String(accessToken)} ${String(refreshToken)}`);
			env.fake.injectFault('GET', '/v2/user/info/', 10, {
				status,
				headers: { 'content-type': contentType },
				body: text,
			});
			const result = await n8n.run({ parameters: getProfile, credentials });
			expect(result.error).toBeDefined();
			const kept = serialiseForLeakCheck(result);
			expect(env.fake.issuedSecrets.filter((secret) => kept.includes(secret))).toEqual([]);
		},
	);
});
