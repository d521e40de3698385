/**
 * The same package on the n8n 1.x line (1.123.x) and the 2.x line (2.41.x): TikTok's refusals,
 * token refreshes and token failures read the same on both, through the three credentials. The
 * 1.x line is emulated at the one place it differs for this package, n8n's authenticated request
 * helper (test/harness/n8n-1x.mts says what differs and where it was read).
 */
import type { IDataObject } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { storeBusinessCredential, VIDEO_ID } from '../harness/business.mts';
import type { N8nInstance, RunResult } from '../harness/engine.mts';
import { startN8n1x } from '../harness/n8n-1x.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const MEDIA = 'https://media.example.test';
const TOKEN_PATH = '/v2/oauth/token/';
const BUSINESS_REFRESH_PATH = '/open_api/v1.3/tt_user/oauth2/refresh_token/';
const BUSINESS_LIST_PATH = '/open_api/v1.3/business/comment/list/';

const lines: [string, (env: TikTokTestEnv) => Promise<N8nInstance>][] = [
	['n8n 2.x', async (env) => env.n8n],
	['n8n 1.x', async (env) => await startN8n1x(env.store)],
];

const getProfile = (authentication: string) => ({
	resource: 'user',
	operation: 'get',
	authentication,
	fields: ['open_id', 'display_name'],
});
const listVideos = (authentication: string) => ({
	resource: 'video',
	operation: 'getAll',
	authentication,
	returnAll: false,
	limit: 5,
});
const draftFromUrl = (authentication: string, videoUrl: string) => ({
	resource: 'post',
	operation: 'createVideo',
	authentication,
	source: 'url',
	videoUrl,
	mode: 'draft',
});
const listComments = {
	resource: 'comment',
	operation: 'getAll',
	videoId: VIDEO_ID,
	returnAll: true,
};

function errorOf(result: RunResult) {
	return { message: result.error?.message, description: result.error?.description };
}

describe.each(lines)('%s: TikTok Refresh Token API credential', (_line, start) => {
	let env: TikTokTestEnv;
	let n8n: N8nInstance;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await start(env);
	});
	afterEach(async () => await env.stop());

	it('gets a token and the profile (one token request, one call)', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const result = await n8n.run({ parameters: getProfile('refreshToken'), credentials });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ open_id: env.fake.defaultUser.open_id, display_name: 'Demo Creator' },
		]);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(1);
	});

	it('a revoked refresh token: says reconnect after one token request, and sends no call', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		env.fake.revokeAll();
		const result = await n8n.run({ parameters: getProfile('refreshToken'), credentials });
		expect(result.error?.message).toBe(
			'Reconnect the TikTok credential: its refresh token is no longer valid',
		);
		expect(result.error?.description).toContain(
			'Paste a fresh refresh token into the TikTok Refresh Token API credential.',
		);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(0);
	});

	it('an expired access token (401): refreshes once, resends once, and saves the rotated pair', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const id = credentials.tikTokRefreshTokenApi.id!;
		expect((await n8n.run({ parameters: getProfile('refreshToken'), credentials })).error).toBe(
			undefined,
		);
		const before = await env.store.read(id);
		env.fake.expireAllAccessTokens();
		const result = await n8n.run({ parameters: getProfile('refreshToken'), credentials });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const calls = env.fake.requestsTo('/v2/user/info/');
		expect(calls.map((call) => call.status)).toEqual([200, 401, 200]);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(2);
		const after = await env.store.read(id);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after.accessToken).not.toBe(before.accessToken);
		expect(env.fake.rotations).toBe(2);
	});

	it('an expired access token and a revoked refresh token: one refresh after the 401, then says reconnect', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		expect((await n8n.run({ parameters: getProfile('refreshToken'), credentials })).error).toBe(
			undefined,
		);
		env.fake.revokeAll();
		const result = await n8n.run({ parameters: getProfile('refreshToken'), credentials });
		expect(result.error?.message).toBe(
			'Reconnect the TikTok credential: its refresh token is no longer valid',
		);
		expect(env.fake.requestsTo('/v2/user/info/').map((call) => call.status)).toEqual([200, 401]);
		expect(env.fake.requestsTo(TOKEN_PATH).map((call) => call.status)).toEqual([200, 400]);
	});

	it('a scope the account did not grant: names the scope, sent once', async () => {
		const credentials = await storeRefreshTokenCredential(env, ['user.info.basic']);
		const result = await n8n.run({ parameters: listVideos('refreshToken'), credentials });
		expect(errorOf(result)).toEqual(EXPECTED.missingScope);
		expect(env.fake.requestsTo('/v2/video/list/')).toHaveLength(1);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
	});

	it('a URL whose prefix is not verified: says so, sent once', async () => {
		const credentials = await storeRefreshTokenCredential(env, POSTING_SCOPES);
		const result = await n8n.run({
			parameters: draftFromUrl('refreshToken', `${MEDIA}/unverified/clip.mp4`),
			credentials,
		});
		expect(errorOf(result)).toEqual(EXPECTED.unverifiedUrl);
		expect(env.fake.posts.inits.map((init) => init.status)).toEqual([403]);
	});

	it('a rate limit on a read: retried with back-off, then says rate limit', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		env.fake.injectFault('GET', '/v2/user/info/', 10, env.fake.rateLimited());
		const result = await n8n.run({ parameters: getProfile('refreshToken'), credentials });
		expect(errorOf(result)).toEqual(EXPECTED.rateLimit);
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(4);
	});

	it('a post init TikTok refused (429): Retry On Fail sends it again', async () => {
		const credentials = await storeRefreshTokenCredential(env, POSTING_SCOPES);
		env.fake.injectFault('POST', '/v2/post/publish/inbox/video/init/', 1, env.fake.rateLimited());
		const result = await n8n.run({
			parameters: draftFromUrl('refreshToken', `${MEDIA}/verified/clip.mp4`),
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits.map((init) => init.status)).toEqual([429, 200]);
		expect(env.fake.posts.posts).toHaveLength(1);
	});
});

describe.each(lines)('%s: TikTok OAuth2 API credential (Connect)', (_line, start) => {
	let env: TikTokTestEnv;
	let n8n: N8nInstance;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await start(env);
	});
	afterEach(async () => await env.stop());

	it('a scope the account did not grant: names the scope', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		const result = await n8n.run({ parameters: listVideos('oAuth2'), credentials });
		expect(errorOf(result)).toEqual(EXPECTED.missingScope);
		// TikTok says scope_not_authorized with HTTP 401: read from the answer, it is no refused
		// token, so nothing is refreshed (n8n's OAuth2 path would refresh on any 401 it throws).
		expect(env.fake.requestsTo('/v2/video/list/')).toHaveLength(1);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(0);
	});

	it("an expired access token (401): n8n's refresh runs once and the call is resent once", async () => {
		const credentials = await storeConnectedOAuth2(env);
		const id = credentials.tikTokOAuth2Api.id!;
		const before = (await env.store.read(id)).oauthTokenData as { refresh_token: string };
		env.fake.expireAllAccessTokens();
		const result = await n8n.run({ parameters: getProfile('oAuth2'), credentials });
		expect(result.error).toBeUndefined();
		// The refusal read from the answer, then the send that lets n8n refresh: n8n sends it with
		// the stored token, refreshes on the 401 and resends it.
		expect(env.fake.requestsTo('/v2/user/info/').map((call) => call.status)).toEqual([
			401, 401, 200,
		]);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
		const after = (await env.store.read(id)).oauthTokenData as { refresh_token: string };
		expect(after.refresh_token).not.toBe(before.refresh_token);
	});

	it('a revoked refresh token: says reconnect after one token request', async () => {
		const credentials = await storeConnectedOAuth2(env);
		env.fake.revokeAll();
		const result = await n8n.run({ parameters: getProfile('oAuth2'), credentials });
		expect(errorOf(result)).toEqual({
			message: 'Reconnect the TikTok credential: its refresh token is no longer valid',
			description: expect.stringContaining(
				'Open the TikTok OAuth2 API credential and click "Reconnect".',
			),
		});
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
	});
});

describe('TikTok OAuth2 API credential when TikTok answers a refresh without client_key in the body with HTTP 200 and an error', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		env.fake.missingKeyBehaviour = 'answers200WithError';
	});
	afterEach(async () => await env.stop());

	it("n8n 2.x: the credential's rescue refreshes with client_key in the body, and n8n saves the rotated pair", async () => {
		const credentials = await storeConnectedOAuth2(env);
		const id = credentials.tikTokOAuth2Api.id!;
		env.fake.expireAllAccessTokens();
		const result = await env.n8n.run({ parameters: getProfile('oAuth2'), credentials });
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(2);
		expect(env.fake.rotations).toBe(1);
		const stored = (await env.store.read(id)).oauthTokenData as IDataObject;
		expect(stored.error).toBeUndefined();
	});

	it('n8n 1.x: names the fix, now and on the next run, and never spends the refresh token', async () => {
		const credentials = await storeConnectedOAuth2(env);
		const id = credentials.tikTokOAuth2Api.id!;
		const before = (await env.store.read(id)).oauthTokenData as IDataObject;
		env.fake.expireAllAccessTokens();
		const n8n = await startN8n1x(env.store);
		const expected = {
			message:
				"TikTok rejected n8n's token refresh (invalid_request: Client key is missed in request.)",
			description: expect.stringMatching(
				/^Reconnect the credential, or use the TikTok Refresh Token API credential, which refreshes itself with the request TikTok documents\. TikTok log ID: \d+$/,
			),
		};
		const first = await n8n.run({ parameters: getProfile('oAuth2'), credentials });
		expect(errorOf(first)).toEqual(expected);
		// n8n 1.x stored TikTok's error answer next to the tokens; the refresh token was not used up.
		const stored = (await env.store.read(id)).oauthTokenData as IDataObject;
		expect(stored.error).toBe('invalid_request');
		expect(stored.refresh_token).toBe(before.refresh_token);
		const second = await n8n.run({ parameters: getProfile('oAuth2'), credentials });
		expect(errorOf(second)).toEqual(expected);
		expect(env.fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
		// First run: the refusal read from the answer; the send that lets n8n refresh (401, refresh
		// answered with an error, resent with the same token: 401); n8n 1.x's unauthenticated resend
		// after a 401 (401). The second run is refused before any call.
		expect(env.fake.requestsTo('/v2/user/info/').map((call) => call.status)).toEqual([
			401, 401, 401, 401,
		]);
		expect(env.fake.rotations).toBe(0);
	});
});

describe.each(lines)('%s: TikTok Business OAuth2 API credential', (_line, start) => {
	let env: TikTokTestEnv;
	let n8n: N8nInstance;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await start(env);
	});
	afterEach(async () => await env.stop());

	it('an access token TikTok refuses (40105): refreshes once and resends once', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 2);
		expect((await n8n.run({ parameters: listComments, credentials })).error).toBeUndefined();
		env.fake.business.expireAllAccessTokens();
		const result = await n8n.run({ parameters: listComments, credentials });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(env.fake.requestsTo(BUSINESS_REFRESH_PATH)).toHaveLength(2);
		expect(env.fake.requestsTo(BUSINESS_LIST_PATH)).toHaveLength(3);
	});

	it('a revoked refresh token: says reconnect after one token request, and sends no call', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 1);
		env.fake.business.revokeAll();
		const result = await n8n.run({ parameters: listComments, credentials });
		expect(result.error?.message).toBe(
			'Reconnect the TikTok Business credential: its refresh token is no longer valid',
		);
		expect(env.fake.requestsTo(BUSINESS_REFRESH_PATH)).toHaveLength(1);
		expect(env.fake.requestsTo(BUSINESS_LIST_PATH)).toHaveLength(0);
	});
});

/** What TikTok's refusals read, the same on both lines. */
const EXPECTED = {
	missingScope: {
		message:
			'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
		description: expect.stringMatching(
			/^This operation needs the video\.list scope\. Add the missing scope to the credential's Scope field \(and enable it for your app in the TikTok developer portal\), then reconnect the credential and approve every permission\. TikTok says: "The user did not authorize the scope required for completing this request\."\. TikTok log ID: \d+$/,
		),
	},
	unverifiedUrl: {
		message: 'TikTok has not verified that your app owns this media URL (url_ownership_unverified)',
		description: expect.stringMatching(
			/^Verify the domain or URL prefix under URL properties in the TikTok developer portal, or set Source to "Binary File" \(or enable "Download and Upload as File"\) so n8n uploads the file itself\. TikTok says: "Please verify the ownership of the domain or URL prefix\."\. TikTok log ID: \d+$/,
		),
	},
	rateLimit: {
		message: 'TikTok rate limit reached (rate_limit_exceeded)',
		description: expect.stringMatching(
			/^Wait a minute and run again, or space out the calls \(for example with a Wait node\)\. .*TikTok says: "API rate limit exceeded, please try again later\."\. TikTok log ID: \d+$/,
		),
	},
};
