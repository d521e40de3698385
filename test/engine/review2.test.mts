/**
 * Review 2 of #12: the Connect credential (n8n's OAuth2) with an expired access token, the call
 * sent once more in the mode that throws so that n8n refreshes, on n8n 1.x and 2.x.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type N8nInstance, serialiseForLeakCheck } from '../harness/engine.mts';
import { callListSearch } from '../harness/load-options.mts';
import { startN8n1x } from '../harness/n8n-1x.mts';
import { startTriggerN8n } from '../harness/trigger.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const MEDIA = 'https://media.example.test';
const TOKEN_PATH = '/v2/oauth/token/';
const INIT_PATH = '/v2/post/publish/inbox/video/init/';
const MAY_EXIST =
	'TikTok may already have this post: the answer to the request that starts it was lost';

const lines: [string, (env: TikTokTestEnv) => Promise<N8nInstance>][] = [
	['n8n 2.x', async (env) => env.n8n],
	['n8n 1.x', async (env) => await startN8n1x(env.store)],
];

const draftFromUrl = (videoUrl: string) => ({
	resource: 'post',
	operation: 'createVideo',
	authentication: 'oAuth2',
	source: 'url',
	videoUrl,
	mode: 'draft',
});

describe.each(lines)('review2: %s: Connect credential, expired access token', (_line, start) => {
	let env: TikTokTestEnv;
	let n8n: N8nInstance;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await start(env);
	});
	afterEach(async () => await env.stop());

	it('review2: a post init: exactly one post, and n8n refreshes once', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.expireAllAccessTokens();
		const result = await n8n.run({
			parameters: draftFromUrl(`${MEDIA}/verified/clip.mp4`),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.posts).toHaveLength(1);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
	});

	it('review2: a scope the account did not grant, found after the refresh: names the scope (not "reconnect")', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		env.fake.expireAllAccessTokens();
		const result = await n8n.run({
			parameters: {
				resource: 'video',
				operation: 'getAll',
				authentication: 'oAuth2',
				returnAll: false,
				limit: 5,
			},
			credentials,
		});
		expect(result.error?.message).toBe(
			'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
		);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
	});

	it('review2: a post init TikTok refuses after the refresh (URL not verified): says why, not a bare HTTP status', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.expireAllAccessTokens();
		const result = await n8n.run({
			parameters: draftFromUrl(`${MEDIA}/unverified/clip.mp4`),
			credentials,
		});
		expect(result.error?.message).toBe(
			'TikTok has not verified that your app owns this media URL (url_ownership_unverified)',
		);
		expect(env.fake.posts.posts).toHaveLength(0);
	});

	it('review2: the answer to the resent init is lost: Retry On Fail does not post twice', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.expireAllAccessTokens();
		let inits = 0;
		env.fake.beforeHandle = async (request) => {
			if (request.method !== 'POST' || !request.path.startsWith(INIT_PATH)) return;
			inits++;
			// The init sent with the refreshed token: TikTok starts the post, the answer is lost.
			if (inits === 3) env.fake.dropAnswers('POST', INIT_PATH);
		};
		const result = await n8n.run({
			parameters: draftFromUrl(`${MEDIA}/verified/clip.mp4`),
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(env.fake.posts.posts).toHaveLength(1);
		expect(result.error?.message).toBe(MAY_EXIST);
		const kept = serialiseForLeakCheck(result);
		for (const secret of env.fake.issuedSecrets) expect(kept).not.toContain(secret);
	});
});

describe.each(lines)('review2: %s: Connect credential, a 401 from a gateway', (_line, start) => {
	let env: TikTokTestEnv;
	let n8n: N8nInstance;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await start(env);
	});
	afterEach(async () => await env.stop());

	it('review2: an HTML 401 that quotes the Authorization header: no refresh loop, no token in what the execution keeps', async () => {
		const credentials = await storeConnectedOAuth2(env);
		env.fake.beforeHandle = async (request) => {
			if (!request.path.startsWith('/v2/user/info/')) return;
			env.fake.injectFault('GET', '/v2/user/info/', 1, {
				status: 401,
				headers: { 'content-type': 'text/html' },
				body: `<html><body>401 Unauthorized: ${request.headers.authorization ?? 'none'}</body></html>`,
			});
		};
		const result = await n8n.run({
			parameters: {
				resource: 'user',
				operation: 'get',
				authentication: 'oAuth2',
				fields: ['open_id'],
			},
			credentials,
		});
		expect(result.error).toBeDefined();
		expect(env.fake.requestsTo(TOKEN_PATH).length).toBeLessThanOrEqual(1);
		// Bounded, no loop. On 1.x: the refusal read from the answer, the send that lets n8n refresh
		// (refused, refreshed, refused again), 1.x's own unauthenticated resend, and one more send
		// to read why the refreshed call was refused (1.x kept only the status).
		expect(env.fake.requestsTo('/v2/user/info/').length).toBeLessThanOrEqual(5);
		const kept = serialiseForLeakCheck(result);
		for (const secret of env.fake.issuedSecrets) expect(kept).not.toContain(secret);
	});
});

describe('review2: n8n 2.x: Connect credential, expired access token, outside an execution', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('review2: "From List" of videos: n8n refreshes once and the list comes back', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic', 'video.list']);
		env.fake.expireAllAccessTokens();
		const result = await callListSearch(env.n8n, {
			method: 'searchVideos',
			parameters: { resource: 'video', operation: 'get', authentication: 'oAuth2' },
			credentials,
		});
		expect(Array.isArray(result.results)).toBe(true);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
		expect(env.fake.requestsTo('/v2/video/list/').map((call) => call.status)).toEqual([
			401, 401, 200,
		]);
	});

	it('review2: New Video Trigger: a poll after the token expired refreshes once and reports no error', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic', 'video.list']);
		env.fake.library.seed(3);
		const n8n = await startTriggerN8n(env.store);
		const poller = await n8n.activatePoller({
			parameters: { fields: ['id', 'create_time'] },
			credentials,
		});
		env.fake.expireAllAccessTokens();
		expect(await poller.tick()).toEqual([]);
		expect(poller.errors).toEqual([]);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
		expect(env.fake.requestsTo('/v2/video/list/').map((call) => call.status)).toEqual([
			200, 401, 401, 200,
		]);
		poller.deactivate();
	});
});

describe.each(lines)(
	"review2: %s: Connect credential, n8n's refresh fails on the token service",
	(_line, start) => {
		let env: TikTokTestEnv;
		let n8n: N8nInstance;
		beforeEach(async () => {
			env = await createTikTokTestEnv();
			n8n = await start(env);
		});
		afterEach(async () => await env.stop());

		it('review2: a 502 from the token service before a read: says the token service had an error (nothing to reconnect)', async () => {
			const credentials = await storeConnectedOAuth2(env);
			env.fake.expireAllAccessTokens();
			env.fake.injectFault('POST', TOKEN_PATH, 1, {
				status: 502,
				headers: { 'content-type': 'text/html' },
				body: '<html>502 Bad Gateway</html>',
			});
			const result = await n8n.run({
				parameters: {
					resource: 'user',
					operation: 'get',
					authentication: 'oAuth2',
					fields: ['open_id'],
				},
				credentials,
			});
			expect(result.error?.message).toBe("TikTok's token service had an error (HTTP 502)");
		});

		it('review2: the token service refuses the connection before a post init: nothing posted, Retry On Fail posts once', async () => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			env.fake.expireAllAccessTokens();
			env.fake.injectFault('POST', TOKEN_PATH, 1, { status: 0, refuse: true });
			const result = await n8n.run({
				parameters: draftFromUrl(`${MEDIA}/verified/clip.mp4`),
				credentials,
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			});
			expect(result.error).toBeUndefined();
			expect(env.fake.posts.posts).toHaveLength(1);
		});

		it('review2: a 502 from the token service before a post init: nothing posted, not "may already have this post", Retry On Fail posts once', async () => {
			const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
			env.fake.expireAllAccessTokens();
			env.fake.injectFault('POST', TOKEN_PATH, 1, {
				status: 502,
				headers: { 'content-type': 'text/html' },
				body: '<html>502 Bad Gateway</html>',
			});
			const once = await n8n.run({
				parameters: draftFromUrl(`${MEDIA}/verified/clip.mp4`),
				credentials,
			});
			expect(env.fake.posts.posts).toHaveLength(0);
			expect(once.error?.message).not.toBe(MAY_EXIST);
			expect(once.error?.message).toMatch(/token service/);

			env.fake.expireAllAccessTokens();
			env.fake.injectFault('POST', TOKEN_PATH, 1, {
				status: 502,
				headers: { 'content-type': 'text/html' },
				body: '<html>502 Bad Gateway</html>',
			});
			const retried = await n8n.run({
				parameters: draftFromUrl(`${MEDIA}/verified/clip.mp4`),
				credentials,
				retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
			});
			expect(retried.error).toBeUndefined();
			expect(env.fake.posts.posts).toHaveLength(1);
		});
	},
);
