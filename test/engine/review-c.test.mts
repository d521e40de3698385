/**
 * Review of #10 (one HTTP kernel, policies injected through the node classes): delivery tags of
 * failed token refreshes, token-shaped text in stored errors, Stop during the kernel's waits, and
 * policies in the shapes n8n builds node types.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeType } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { allSecrets, storeBusinessCredential, VIDEO_ID } from '../harness/business.mts';
import { untilWaitingForAnotherSave } from '../harness/credentials.mts';
import {
	loadPackage,
	N8nInstance,
	type RunResult,
	serialiseForLeakCheck,
	startN8n,
	TIKTOK_NODE_TYPE,
} from '../harness/engine.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const VIDEO_URL = 'https://media.example.test/verified/clip.mp4';
const BUSINESS_PATH = '/open_api/v1.3/business/comment/';
const getProfile = { resource: 'user', operation: 'get', fields: ['open_id', 'display_name'] };
const listComments = {
	resource: 'comment',
	operation: 'getAll',
	videoId: VIDEO_ID,
	returnAll: true,
};
const delay = async (ms: number) => await new Promise((done) => setTimeout(done, ms));

function deferred(): { promise: Promise<void>; resolve: () => void } {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

describe('review: #10 a failed token refresh before a post init is not a lost init answer', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const draftUrlVideo = {
		resource: 'post',
		operation: 'createVideo',
		source: 'url',
		videoUrl: VIDEO_URL,
		mode: 'draft',
	};

	it.each([
		['Refresh Token credential (its own refresh)', 'refreshToken'],
		["Connect credential (n8n's refresh after TikTok's 401)", 'oAuth2'],
	])(
		'review: %s: the token answer is lost, the init never went out: Retry On Fail does not stop at "TikTok may already have this post" and ends with what to do',
		async (_name, authentication) => {
			const credentials =
				authentication === 'refreshToken'
					? await storeRefreshTokenCredential(env, POSTING_SCOPES)
					: await storeConnectedOAuth2(env, POSTING_SCOPES);
			if (authentication === 'oAuth2') env.fake.expireAllAccessTokens();
			// TikTok rotates the refresh token, then the connection drops before its answer arrives.
			env.fake.dropAnswers('POST', '/v2/oauth/token/');
			const result = await env.n8n.run({
				parameters: { ...draftUrlVideo, authentication },
				credentials,
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			});
			const inits = env.fake.posts.inits.filter((init) => init.status === 200);
			expect(inits).toHaveLength(0);
			expect(result.error?.message).not.toBe(
				'TikTok may already have this post: the answer to the request that starts it was lost',
			);
			// The rotated pair was lost with the answer: the refresh token is dead, and the user is told so.
			expect(result.error?.message).toBe(
				'Reconnect the TikTok credential: its refresh token is no longer valid',
			);
		},
	);
});

describe('review: #10 nothing token-shaped in what an execution keeps', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const leaked = (result: RunResult) => {
		const text = serialiseForLeakCheck(result);
		return allSecrets(env.fake).filter((secret) => text.includes(secret));
	};

	it('review: TikTok for Developers: an error message that quotes the access token is redacted in the error the execution stores, not only in its description', async () => {
		const credentials = await storeConnectedOAuth2(env);
		const { access_token: accessToken } = (await env.store.read(credentials.tikTokOAuth2Api.id!))
			.oauthTokenData as { access_token: string };
		env.fake.injectFault(
			'GET',
			'/v2/user/info/',
			1,
			env.fake.envelope(
				400,
				'invalid_params',
				`Header Authorization: Bearer ${accessToken} is malformed`,
			),
		);
		const result = await env.n8n.run({ parameters: getProfile, credentials });
		expect(result.error?.description).toContain('[redacted]');
		expect(leaked(result)).toEqual([]);
	});

	it('review: TikTok API for Business: an error message that quotes the access token is redacted in the error the execution stores, not only in its description', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 1);
		expect((await env.n8n.run({ parameters: listComments, credentials })).error).toBeUndefined();
		const { accessToken } = await env.store.read(credentials.tikTokBusinessOAuth2Api.id!);
		env.fake.injectFault(
			'GET',
			`${BUSINESS_PATH}list/`,
			1,
			env.fake.business.answer(40002, `Access-Token ${String(accessToken)} cannot read this video`),
		);
		const result = await env.n8n.run({ parameters: listComments, credentials });
		expect(result.error?.description).toContain('[redacted]');
		expect(leaked(result)).toEqual([]);
	});

	it("review: an error code, log ID or request ID that quotes a token (a proxy's JSON) is shown without it", async () => {
		const developers = await storeConnectedOAuth2(env);
		const { access_token: accessToken } = (await env.store.read(developers.tikTokOAuth2Api.id!))
			.oauthTokenData as { access_token: string };
		const proxied = (body: object) => ({
			status: 400,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		env.fake.injectFault(
			'GET',
			'/v2/user/info/',
			1,
			proxied({ data: {}, error: { code: `token_${accessToken}`, message: 'x', log_id: '1' } }),
		);
		env.fake.injectFault(
			'GET',
			'/v2/user/info/',
			1,
			proxied({ data: {}, error: { code: 'invalid_params', message: 'x', log_id: accessToken } }),
		);
		const refreshToken = await storeRefreshTokenCredential(env);
		const { refreshToken: storedRefreshToken } = await env.store.read(
			refreshToken.tikTokRefreshTokenApi.id!,
		);
		env.fake.injectFault(
			'POST',
			'/v2/oauth/token/',
			1,
			proxied({ error: 'invalid_grant', error_description: 'x', log_id: storedRefreshToken }),
		);
		const business = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 1);
		const { refreshToken: businessRefreshToken } = await env.store.read(
			business.tikTokBusinessOAuth2Api.id!,
		);
		env.fake.injectFault('POST', '/open_api/v1.3/tt_user/oauth2/refresh_token/', 1, {
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ code: 40107, message: 'x', request_id: businessRefreshToken }),
		});

		const results = [
			await env.n8n.run({ parameters: getProfile, credentials: developers }),
			await env.n8n.run({ parameters: getProfile, credentials: developers }),
			await env.n8n.run({
				parameters: { ...getProfile, authentication: 'refreshToken' },
				credentials: refreshToken,
			}),
			await env.n8n.run({ parameters: listComments, credentials: business }),
		];
		for (const result of results) expect(result.error).toBeDefined();
		expect(results.flatMap(leaked)).toEqual([]);
	});
});

describe("review: #10 Stop during the kernel's waits (guards)", () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("review: (guard) Stop during a Business read's rate-limit back-off: the node returns at once, nothing more is sent", async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 2);
		env.fake.injectFault(
			'GET',
			`${BUSINESS_PATH}list/`,
			1,
			env.fake.business.answer(40100, 'App reaches the QPS limit.'),
		);
		const stop = deferred();
		env.fake.beforeHandle = (request) => {
			if (request.path === `${BUSINESS_PATH}list/`) void delay(100).then(stop.resolve);
		};
		const n8n = await startN8n(env.store, { businessRetry: { rateLimitDelayMs: 30_000 } });
		const started = Date.now();
		const result = await n8n.run({
			parameters: listComments,
			credentials,
			cancelWhen: stop.promise,
		});
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(result.run.status).toBe('canceled');
		expect(env.fake.requestsTo(`${BUSINESS_PATH}list/`)).toHaveLength(1);
	});

	it("review: (guard) Stop while a refused worker waits for another worker's rotation: it returns at once and calls nothing", async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const parameters = { ...getProfile, authentication: 'refreshToken' };
		expect((await env.n8n.run({ parameters, credentials })).error).toBeUndefined();
		env.fake.expireAllAccessTokens();
		const workerA = env.n8n;
		// A second process (its own module state) that would wait a minute for the other's save.
		vi.resetModules();
		const workerB = new N8nInstance(
			env.store,
			await loadPackage({ rotationWait: { waitMs: 60_000, intervalMs: 20 } }),
		);
		const stop = deferred();
		let workerBDone: Promise<{ result: RunResult; ms: number }> | undefined;
		env.store.beforeWrite = async () => {
			if (workerBDone) return;
			const started = Date.now();
			// Worker B refreshes with the refresh token worker A just used: refused, so it waits.
			workerBDone = workerB
				.run({ parameters, credentials, cancelWhen: stop.promise })
				.then((result) => ({ result, ms: Date.now() - started }));
			// Stop once TikTok has refused worker B's refresh: it is waiting for a newer saved token.
			await untilWaitingForAnotherSave(
				env.store,
				() => env.fake.requestsTo('/v2/oauth/token/').at(-1)?.status === 400,
			);
			stop.resolve();
			await workerBDone;
		};
		const a = await workerA.run({ parameters, credentials });
		const b = await workerBDone!;
		expect(a.error).toBeUndefined();
		expect(b.result.run.status).toBe('canceled');
		expect(b.ms).toBeLessThan(10_000);
		const tokenCalls = env.fake
			.requestsTo('/v2/oauth/token/')
			.slice(1)
			.map((call) => call.status);
		expect(tokenCalls).toEqual([200, 400]);
		expect(
			env.fake.requestsTo('/v2/user/info/').filter((call) => call.status !== 401),
		).toHaveLength(2);
	});
});

/** A node type as n8n 2.41's NodeTypes.getByNameAndVersion offers it to agents: an object whose prototype is the node instance. */
function toolAsN8nBuildsIt(nodeType: INodeType): INodeType {
	const description = Object.create(nodeType.description, {
		name: { value: `${nodeType.description.name}Tool` },
		inputs: { value: [] },
		outputs: { value: ['ai_tool'] },
	}) as INodeType['description'];
	return Object.create(nodeType, { description: { value: description } }) as INodeType;
}

describe('review: #10 policies reach every entry point n8n calls (guards)', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("review: (guard) as an AI agent's tool built the way n8n builds it (Object.create over the node instance), the instance's policies apply", async () => {
		const credentials = await storeConnectedOAuth2(env);
		env.fake.injectFault('GET', '/v2/user/info/', 2);
		const n8n = await startN8n(env.store, {
			developersRetry: { maxAttempts: 1, serverErrorDelayMs: 60_000 },
		});
		const types = (n8n.nodeTypes as unknown as { types: Record<string, INodeType> }).types;
		types[`${TIKTOK_NODE_TYPE}Tool`] = toolAsN8nBuildsIt(n8n.pkg.nodeTypes[TIKTOK_NODE_TYPE]);
		const started = Date.now();
		const result = await n8n.run({ parameters: getProfile, credentials, agent: { calls: [{}] } });
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(result.items[0].json.error).toBeDefined();
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(1);
	});

	it('review: (guard) two node instances in one process keep their own policies', async () => {
		const credentials = await storeConnectedOAuth2(env);
		const once = await startN8n(env.store, { developersRetry: { maxAttempts: 1 } });
		env.fake.injectFault('GET', '/v2/user/info/', 1);
		expect((await once.run({ parameters: getProfile, credentials })).error?.message).toBeDefined();
		env.fake.injectFault('GET', '/v2/user/info/', 1);
		expect((await env.n8n.run({ parameters: getProfile, credentials })).error).toBeUndefined();
		env.fake.injectFault('GET', '/v2/user/info/', 1);
		expect((await once.run({ parameters: getProfile, credentials })).error?.message).toBeDefined();
		expect(env.fake.requestsTo('/v2/user/info/').map((call) => call.status)).toEqual([
			500, 500, 200, 500,
		]);
	});

	it("review: (guard) the built package, loaded by n8n-core's package loader (no constructor arguments), binds the production defaults in execute, poll, loadOptions, listSearch and the tool view", async () => {
		const root = resolve(import.meta.dirname, '../..');
		if (!existsSync(join(root, 'dist/nodes/TikTok/TikTok.node.js')))
			throw new Error('Run `npm run build` before this test.');
		const loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
		const require = createRequire(import.meta.url);
		const { DEFAULT_POLICIES, policiesOf } = require(
			join(root, 'dist/nodes/TikTok/transport/policies.js'),
		) as typeof import('../../nodes/TikTok/transport/policies.ts');
		const stopHere = new Error('stop here');
		/** A context whose first use ends the entry point: enough to see what it bound. */
		const context = () =>
			new Proxy(
				{},
				{
					get: () => () => {
						throw stopHere;
					},
				},
			);
		const tikTok = loader.nodeTypes.tikTok.type as INodeType;
		const trigger = loader.nodeTypes.tikTokNewVideoTrigger.type as INodeType;
		const entries: Array<[string, (ctx: object) => Promise<unknown>]> = [
			['execute', async (ctx) => await tikTok.execute!.call(ctx as never)],
			['tool view', async (ctx) => await toolAsN8nBuildsIt(tikTok).execute!.call(ctx as never)],
			['poll', async (ctx) => await trigger.poll!.call(ctx as never)],
			[
				'loadOptions',
				async (ctx) => await tikTok.methods!.loadOptions!.getPrivacyLevels.call(ctx as never),
			],
			[
				'listSearch',
				async (ctx) => await tikTok.methods!.listSearch!.searchVideos.call(ctx as never),
			],
		];
		for (const [name, entry] of entries) {
			const ctx = context();
			await expect(entry(ctx), name).rejects.toBe(stopHere);
			expect(policiesOf(ctx), name).toBe(DEFAULT_POLICIES);
		}
		expect(DEFAULT_POLICIES.developersRetry.rateLimitDelayMs).toBe(15_000);
		expect(DEFAULT_POLICIES.rotationWait.waitMs).toBe(5_000);
	});
});
