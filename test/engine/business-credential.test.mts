/**
 * The TikTok Business OAuth2 API credential, to the standard of the TikTok credentials (issue #2):
 * the first token fetch (refresh token or one-time authorization code), refresh with rotation
 * persisted across expiries and an n8n restart, concurrency (one refresh for many executions),
 * another process rotating first, a revoked grant giving the reconnect message, the credential
 * test, and no secret in any output or error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { RecordedRequest } from '../fake/tiktok.mts';
import { untilWaitingForAnotherSave } from '../harness/credentials.mts';
import {
	N8nInstance,
	restartN8n,
	serialiseForLeakCheck,
	type RunResult,
} from '../harness/engine.mts';
import {
	allSecrets,
	BUSINESS_CREDENTIAL,
	expectBusinessCall,
	runCredentialTest,
	storeBusinessCredential,
	VIDEO_ID,
} from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const BUSINESS_ID = '-000BusinessOpenIdOfTheBrand';
const REDIRECT_URI = 'https://n8n.example.test/tiktok/callback/';
const listComments = {
	resource: 'comment',
	operation: 'getAll',
	videoId: VIDEO_ID,
	returnAll: true,
};

function expectNoSecrets(env: TikTokTestEnv, results: RunResult[]) {
	const text = results.map(serialiseForLeakCheck).join('\n');
	for (const secret of allSecrets(env.fake)) expect(text).not.toContain(secret);
}

function expectComments(result: RunResult, count = 2) {
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(count);
	expect(result.items.every((item) => item.json.video_id === VIDEO_ID)).toBe(true);
}

function tokenCalls(env: TikTokTestEnv): RecordedRequest[] {
	return env.fake.requestsTo('/open_api/v1.3/tt_user/');
}

function expectRefreshCall(env: TikTokTestEnv, call: RecordedRequest) {
	expect(call.method).toBe('POST');
	expect(call.host).toBe('business-api.tiktok.com');
	expect(call.path).toBe('/open_api/v1.3/tt_user/oauth2/refresh_token/');
	expect(call.headers['content-type']).toBe('application/json');
	expect(call.query).toEqual({});
	expect(call.json).toEqual({
		client_id: env.fake.business.appId,
		client_secret: env.fake.business.appSecret,
		grant_type: 'refresh_token',
		refresh_token: expect.stringMatching(/^rft\.biz\./),
	});
}

describe('TikTok Business OAuth2 API credential', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		env.fake.business.seedVideo(VIDEO_ID, 2);
	});
	afterEach(async () => await env.stop());

	it('gets its first access token with the refresh token, persists the rotation and the account, then calls with Access-Token', async () => {
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		const before = await env.store.read(id);

		const result = await env.n8n.run({ parameters: listComments, credentials });

		expectComments(result);
		const [refresh, list] = env.fake.requests;
		expect(env.fake.requests).toHaveLength(2);
		expectRefreshCall(env, refresh);
		expect(refresh.json).toMatchObject({ refresh_token: before.refreshToken });
		const after = await env.store.read(id);
		expect(after).toEqual({
			appId: env.fake.business.appId,
			appSecret: env.fake.business.appSecret,
			refreshToken: expect.stringMatching(/^rft\.biz\./),
			accessToken: expect.stringMatching(/^act\.biz\./),
			businessId: BUSINESS_ID,
			expiresAt: expect.any(Number),
			grantedScopes: 'comment.list,comment.list.manage',
			authorizationCode: '',
		});
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(Math.abs((after.expiresAt as number) - (Date.now() + 86_400_000))).toBeLessThan(60_000);
		expectBusinessCall(list, 'GET', 'business/comment/list/', after.accessToken as string);
		expect(list.query.business_id).toBe(BUSINESS_ID);
		expect(env.fake.business.rotations).toBe(1);
		expectNoSecrets(env, [result]);
	});

	it('reads the account from creator_id and the lifetime from `expires` in older token answers', async () => {
		env.fake.business.tokenShape = 'legacy';
		const credentials = await storeBusinessCredential(env);
		const result = await env.n8n.run({ parameters: listComments, credentials });
		expectComments(result);
		const stored = await env.store.read(credentials.tikTokBusinessOAuth2Api.id!);
		expect(stored.businessId).toBe(BUSINESS_ID);
		expect(Math.abs((stored.expiresAt as number) - (Date.now() + 86_400_000))).toBeLessThan(60_000);
	});

	describe.each([
		['the bare code', (code: string) => code],
		[
			'the whole redirect address',
			(code: string) =>
				`${REDIRECT_URI}?code=${encodeURIComponent(code)}&scopes=comment.list%2Ccomment.list.manage&state=n8n`,
		],
	])('bootstrapped with a one-time authorization code pasted as %s', (_name, paste) => {
		it('exchanges it once (JSON, auth_code), keeps the tokens and clears the code', async () => {
			const code = env.fake.business.issueAuthorizationCode();
			const details = await env.store.add(BUSINESS_CREDENTIAL, {
				appId: env.fake.business.appId,
				appSecret: env.fake.business.appSecret,
				authorizationCode: paste(code),
				redirectUri: REDIRECT_URI,
			});
			const credentials = { tikTokBusinessOAuth2Api: details };

			const first = await env.n8n.run({ parameters: listComments, credentials });
			expectComments(first);
			const [exchange] = tokenCalls(env);
			expect(tokenCalls(env)).toHaveLength(1);
			expect(exchange.method).toBe('POST');
			expect(exchange.path).toBe('/open_api/v1.3/tt_user/oauth2/token/');
			expect(exchange.headers['content-type']).toBe('application/json');
			expect(exchange.json).toEqual({
				client_id: env.fake.business.appId,
				client_secret: env.fake.business.appSecret,
				grant_type: 'authorization_code',
				auth_code: code,
				redirect_uri: REDIRECT_URI,
			});
			const stored = await env.store.read(details.id!);
			expect(stored).toMatchObject({
				authorizationCode: '',
				businessId: BUSINESS_ID,
				refreshToken: expect.stringMatching(/^rft\.biz\./),
			});

			// Later runs use the stored token: the spent code is never sent again.
			const second = await env.n8n.run({ parameters: listComments, credentials });
			expectComments(second);
			expect(tokenCalls(env)).toHaveLength(1);
			expectNoSecrets(env, [first, second]);
		});
	});

	it('says how to fix a spent or expired authorization code, and keeps it for the user to replace', async () => {
		const code = env.fake.business.issueAuthorizationCode();
		env.fake.business.grantTokens(); // Not stored: the credential has only the code.
		const details = await env.store.add(BUSINESS_CREDENTIAL, {
			appId: env.fake.business.appId,
			appSecret: env.fake.business.appSecret,
			authorizationCode: code,
			redirectUri: 'https://elsewhere.example.test/callback/',
		});
		const result = await env.n8n.run({
			parameters: listComments,
			credentials: { tikTokBusinessOAuth2Api: details },
		});
		expect(result.error?.message).toBe('TikTok refused the authorization code (40002)');
		expect(result.error?.description).toContain(
			'only with the exact Redirect URI it was issued for',
		);
		expect(result.error?.description).toContain(
			'TikTok says: "redirect_uri does not match the authorization request.".',
		);
		expect(result.error?.description).toMatch(/TikTok request ID: \d+BIZ$/);
		expect((await env.store.read(details.id!)).authorizationCode).toBe(code);
		expectNoSecrets(env, [result]);
	});

	it('falls back to the refresh token when a spent code was saved again, and clears the code', async () => {
		const tokens = env.fake.business.grantTokens();
		const spent = env.fake.business.issueAuthorizationCode();
		const details = await env.store.add(BUSINESS_CREDENTIAL, {
			appId: env.fake.business.appId,
			appSecret: env.fake.business.appSecret,
			refreshToken: tokens.refreshToken,
			authorizationCode: spent,
			redirectUri: REDIRECT_URI,
		});
		// Another n8n process spends the code first (its own in-memory state).
		const otherProcess = await restartN8n(env.n8n);
		await otherProcess.run({
			parameters: listComments,
			credentials: {
				tikTokBusinessOAuth2Api: await env.store.add(BUSINESS_CREDENTIAL, {
					appId: env.fake.business.appId,
					appSecret: env.fake.business.appSecret,
					authorizationCode: spent,
					redirectUri: REDIRECT_URI,
				}),
			},
		});
		const callsBefore = env.fake.requests.length;

		const result = await env.n8n.run({
			parameters: listComments,
			credentials: { tikTokBusinessOAuth2Api: details },
		});

		expectComments(result);
		expect(
			env.fake.requests
				.slice(callsBefore)
				.map((r) => [r.path.replace('/open_api/v1.3/', ''), r.status]),
		).toEqual([
			['tt_user/oauth2/token/', 200],
			['tt_user/oauth2/refresh_token/', 200],
			['business/comment/list/', 200],
		]);
		const stored = await env.store.read(details.id!);
		expect(stored.authorizationCode).toBe('');
		expect(stored.refreshToken).not.toBe(tokens.refreshToken);
	});

	it.each([
		['no refresh token and no code', {}, 'The TikTok Business credential has no refresh token'],
		[
			'a code but no Redirect URI',
			{ authorizationCode: 'bizcode.abc' },
			'The TikTok Business credential has an Authorization Code but no Redirect URI',
		],
	])('refuses before any call with %s', async (_name, extra, message) => {
		const details = await env.store.add(BUSINESS_CREDENTIAL, {
			appId: env.fake.business.appId,
			appSecret: env.fake.business.appSecret,
			...extra,
		});
		const result = await env.n8n.run({
			parameters: listComments,
			credentials: { tikTokBusinessOAuth2Api: details },
		});
		expect(env.fake.requests).toEqual([]);
		expect(result.error?.message).toBe(message);
	});

	describe.each([40105, 40102] as const)(
		'when TikTok refuses an expired token with %s (HTTP 200)',
		(expiredTokenCode) => {
			it('refreshes once, resends, and survives 3 expiries with rotation and a restart', async () => {
				env.fake.business.expiredTokenCode = expiredTokenCode;
				const credentials = await storeBusinessCredential(env);
				const id = credentials.tikTokBusinessOAuth2Api.id!;
				let n8n: N8nInstance = env.n8n;
				const results: RunResult[] = [await n8n.run({ parameters: listComments, credentials })];
				expectComments(results[0]);
				for (let expiry = 1; expiry <= 3; expiry++) {
					env.fake.business.expireAllAccessTokens();
					if (expiry === 2) n8n = await restartN8n(n8n);
					const before = await env.store.read(id);
					const requestsBefore = env.fake.requests.length;
					const result = await n8n.run({ parameters: listComments, credentials });
					expectComments(result);
					results.push(result);
					const after = await env.store.read(id);
					expect(after.refreshToken).not.toBe(before.refreshToken);
					expect(after.accessToken).not.toBe(before.accessToken);
					// Refused call, refresh, resent call.
					const calls = env.fake.requests.slice(requestsBefore);
					expect(calls.map((c) => c.path.replace('/open_api/v1.3/', ''))).toEqual([
						'business/comment/list/',
						'tt_user/oauth2/refresh_token/',
						'business/comment/list/',
					]);
					expect(calls[0].headers['access-token']).toBe(before.accessToken);
					expectRefreshCall(env, calls[1]);
					expect(calls[1].json).toMatchObject({ refresh_token: before.refreshToken });
					expect(calls[2].headers['access-token']).toBe(after.accessToken);
				}
				expect(env.fake.business.rotations).toBe(4);
				expectNoSecrets(env, results);
			});
		},
	);

	it('refreshes before the call once the stored expiry has passed, without a refused call', async () => {
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));
		// A day later: the token died at TikTok and its stored expiry is in the past.
		env.fake.business.expireAllAccessTokens();
		const stored = await env.store.read(id);
		await env.store.write(id, { ...stored, expiresAt: Date.now() - 1000 }, 'updateCredentials');
		const requestsBefore = env.fake.requests.length;

		const result = await env.n8n.run({ parameters: listComments, credentials });

		expectComments(result);
		expect(
			env.fake.requests
				.slice(requestsBefore)
				.map((c) => [c.path.replace('/open_api/v1.3/', ''), c.status]),
		).toEqual([
			['tt_user/oauth2/refresh_token/', 200],
			['business/comment/list/', 200],
		]);
		expect((await env.store.read(id)).expiresAt).toBeGreaterThan(Date.now());
	});

	it.each([
		['TikTok refuses the expired token', false],
		['the stored expiry has passed', true],
	])(
		'refreshes once when five executions start together and %s',
		async (_name, storedExpiryPassed) => {
			const credentials = await storeBusinessCredential(env);
			const id = credentials.tikTokBusinessOAuth2Api.id!;
			expectComments(await env.n8n.run({ parameters: listComments, credentials }));
			env.fake.business.expireAllAccessTokens();
			if (storedExpiryPassed) {
				await env.store.write(
					id,
					{ ...(await env.store.read(id)), expiresAt: Date.now() - 1000 },
					'updateCredentials',
				);
			}
			const results = await Promise.all(
				Array.from(
					{ length: 5 },
					async () => await env.n8n.run({ parameters: listComments, credentials }),
				),
			);
			for (const result of results) expectComments(result);
			expect(env.fake.business.rotations).toBe(2);
			expect(env.fake.requestsTo('/open_api/v1.3/tt_user/oauth2/refresh_token/')).toHaveLength(2);
			expectNoSecrets(env, results);
		},
	);

	it("recovers when another n8n process rotated the refresh token between this one's read and its refresh", async () => {
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));
		env.fake.business.expireAllAccessTokens();
		// A second process: same database, its own copy of the package's in-memory state.
		const otherProcess = await restartN8n(env.n8n);
		let interleaved = false;
		env.fake.beforeHandle = async (request) => {
			if (interleaved || !request.path.endsWith('/tt_user/oauth2/refresh_token/')) return;
			interleaved = true;
			// This process's refresh is in flight with the old refresh token; the other one refreshes first.
			expectComments(await otherProcess.run({ parameters: listComments, credentials }));
		};

		const result = await env.n8n.run({ parameters: listComments, credentials });

		expectComments(result);
		expect(interleaved).toBe(true);
		expect(env.fake.business.rotations).toBe(2);
		const refreshes = env.fake.requestsTo('/open_api/v1.3/tt_user/oauth2/refresh_token/');
		expect(refreshes.map((r) => r.status)).toEqual([200, 200, 200]);
		// The stale refresh was refused in TikTok's envelope; the node re-read the credential and used the other process's token.
		const stored = await env.store.read(id);
		expect(env.fake.requests.at(-1)?.headers['access-token']).toBe(stored.accessToken);
	});

	it("#9.10 two workers refresh at once: the one TikTok refuses waits for the other's late save, then succeeds", async () => {
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));
		const oldRefreshToken = (await env.store.read(id)).refreshToken;
		env.fake.business.expireAllAccessTokens();
		// Two queue-mode workers: the same database, each with its own in-memory state.
		const workerA = env.n8n;
		const workerB = await restartN8n(env.n8n);
		let workerBRun: Promise<RunResult> | undefined;
		env.store.beforeWrite = async () => {
			if (workerBRun) return;
			// Worker A has TikTok's new pair (the old refresh token is dead now), and its save waits
			// until worker B, started meanwhile with the old refresh token, has been refused.
			workerBRun = workerB.run({ parameters: listComments, credentials });
			const refreshPath = '/open_api/v1.3/tt_user/oauth2/refresh_token/';
			await untilWaitingForAnotherSave(
				env.store,
				() => env.fake.requestsTo(refreshPath).filter((call) => call.status !== 0).length === 3,
			);
		};

		const a = await workerA.run({ parameters: listComments, credentials });
		const b = await workerBRun!;

		expectComments(a);
		expectComments(b);
		const refreshes = env.fake.requestsTo('/open_api/v1.3/tt_user/oauth2/refresh_token/').slice(1);
		// Both sent the old refresh token; TikTok rotated once (its refusal comes with HTTP 200).
		expect(refreshes.map((call) => (call.json as { refresh_token: string }).refresh_token)).toEqual(
			[oldRefreshToken, oldRefreshToken],
		);
		expect(env.fake.business.rotations).toBe(2);
		// Worker B called TikTok with the pair worker A saved, and saved nothing itself.
		const stored = await env.store.read(id);
		expect(env.fake.requests.at(-1)?.headers['access-token']).toBe(stored.accessToken);
		expect(env.store.writes.filter((write) => write.id === id)).toHaveLength(2);
		expectNoSecrets(env, [a, b]);
	});

	it('gives the reconnect message when the account holder revoked the app, and keeps the stored tokens', async () => {
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));
		const before = await env.store.read(id);
		env.fake.business.revokeAll();

		const result = await env.n8n.run({ parameters: listComments, credentials });

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'Reconnect the TikTok Business credential: its refresh token is no longer valid',
		);
		expect(result.error?.description).toMatch(
			/^TikTok refused the refresh \(40002\)\. TikTok says: "refresh_token is invalid or expired\."\. The refresh token expired \(after about a year\), the account holder revoked the app, or it was already used: .* To fix it, authorize the app again and paste the new authorization code \(or a fresh refresh token\) into the TikTok Business OAuth2 API credential\. TikTok request ID: \d+BIZ$/,
		);
		expect(await env.store.read(id)).toEqual(before);
		expectNoSecrets(env, [result]);
	});

	it('#9.9 a refresh answer without the account uses the stored account: token info is not needed, and its failure changes nothing', async () => {
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));
		env.fake.business.tokenShape = 'no_account';
		env.fake.business.expireAllAccessTokens();
		env.fake.injectFault(
			'POST',
			'/open_api/v1.3/tt_user/token_info/get/',
			3,
			env.fake.business.answer(50002, 'Internal error.'),
		);
		const before = await env.store.read(id);
		const requestsBefore = env.fake.requests.length;

		const result = await env.n8n.run({ parameters: listComments, credentials });

		expectComments(result);
		expect(
			env.fake.requests
				.slice(requestsBefore)
				.map((c) => [c.path.replace('/open_api/v1.3/', ''), c.status]),
		).toEqual([
			['business/comment/list/', 200],
			['tt_user/oauth2/refresh_token/', 200],
			['business/comment/list/', 200],
		]);
		const after = await env.store.read(id);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after).toMatchObject({
			businessId: BUSINESS_ID,
			grantedScopes: 'comment.list,comment.list.manage',
		});
		expect(env.fake.requests.at(-1)?.query.business_id).toBe(BUSINESS_ID);
		expectNoSecrets(env, [result]);
	});

	it('#9.9 token info failing after a refresh keeps the rotated pair: the run names the problem, the next one recovers without reconnecting', async () => {
		env.fake.business.tokenShape = 'no_account';
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		const before = await env.store.read(id);
		env.fake.injectFault('POST', '/open_api/v1.3/tt_user/token_info/get/', 1, {
			status: 500,
			headers: { 'content-type': 'text/html' },
			body: '<html><body>Internal Server Error</body></html>',
		});

		const first = await env.n8n.run({ parameters: listComments, credentials });

		expect(first.items).toEqual([]);
		expect(first.error?.message).toBe('TikTok did not say which account the token belongs to');
		expect(first.error?.description).toBe(
			"The token answer carried no account ID (open_id or creator_id) and TikTok's token info could not be read. The new tokens were saved, so nothing needs reconnecting: run the workflow again later and n8n asks TikTok again. If it persists, contact TikTok API for Business support with the request ID.",
		);
		// No comment call without an account; the rotated pair is saved.
		expect(env.fake.requests.map((c) => [c.path.replace('/open_api/v1.3/', ''), c.status])).toEqual(
			[
				['tt_user/oauth2/refresh_token/', 200],
				['tt_user/token_info/get/', 500],
			],
		);
		const saved = await env.store.read(id);
		expect(saved).toMatchObject({
			refreshToken: expect.stringMatching(/^rft\.biz\./),
			accessToken: expect.stringMatching(/^act\.biz\./),
			businessId: '',
		});
		expect(saved.refreshToken).not.toBe(before.refreshToken);

		const second = await env.n8n.run({ parameters: listComments, credentials });

		expectComments(second);
		const calls = env.fake.requests.slice(2);
		expect(calls.map((c) => [c.path.replace('/open_api/v1.3/', ''), c.status])).toEqual([
			['tt_user/oauth2/refresh_token/', 200],
			['tt_user/token_info/get/', 200],
			['business/comment/list/', 200],
		]);
		expect(calls[0].json).toMatchObject({ refresh_token: saved.refreshToken });
		expect(calls[2].query.business_id).toBe(BUSINESS_ID);
		expect(await env.store.read(id)).toMatchObject({
			businessId: BUSINESS_ID,
			grantedScopes: 'comment.list,comment.list.manage',
		});
		expectNoSecrets(env, [first, second]);
	});

	it("#9.11 a wrong Secret with an old refresh token gets no other credential's tokens: TikTok is asked, and refuses", async () => {
		const credentials = await storeBusinessCredential(env);
		const oldRefreshToken = (await env.store.read(credentials.tikTokBusinessOAuth2Api.id!))
			.refreshToken as string;
		// This process rotates that refresh token and remembers the rotation.
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));
		const saved = {
			appId: env.fake.business.appId,
			appSecret: 'wrong-business-secret',
			refreshToken: oldRefreshToken,
		};
		const impostor = await env.store.add(BUSINESS_CREDENTIAL, saved);

		const result = await env.n8n.run({
			parameters: listComments,
			credentials: { tikTokBusinessOAuth2Api: impostor },
		});

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('TikTok rejected the App ID or Secret (40101)');
		const refreshes = env.fake.requestsTo('/open_api/v1.3/tt_user/oauth2/refresh_token/');
		expect(refreshes).toHaveLength(2);
		expect(refreshes[1].json).toEqual({
			client_id: env.fake.business.appId,
			client_secret: 'wrong-business-secret',
			grant_type: 'refresh_token',
			refresh_token: oldRefreshToken,
		});
		// Nothing handed over: no comment call with the other credential's token, nothing saved.
		expect(env.fake.requestsTo('/open_api/v1.3/business/')).toHaveLength(1);
		expect(await env.store.read(impostor.id!)).toEqual(saved);
		expectNoSecrets(env, [result]);
	});

	it('#9.12 a 500 page or a malformed token answer says "try again later" (no token shown, token kept); only a refused refresh token says reconnect', async () => {
		const credentials = await storeBusinessCredential(env);
		const id = credentials.tikTokBusinessOAuth2Api.id!;
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));
		const stored = await env.store.read(id);
		const refreshToken = stored.refreshToken as string;
		const accessToken = stored.accessToken as string;
		const results: RunResult[] = [];
		const tikTokSide =
			"This is on TikTok's side (or a proxy between n8n and TikTok), not a problem with the credential: nothing needs reconnecting, and the stored tokens were kept. Try again in a few minutes.";
		for (const [answer, message] of [
			[
				{
					status: 500,
					headers: { 'content-type': 'text/html' },
					body: `<html><body><pre>refresh_token=${refreshToken} Access-Token: ${accessToken}</pre></body></html>`,
				},
				"TikTok's token service had an error (HTTP 500)",
			],
			[
				{
					status: 200,
					headers: { 'content-type': 'application/json' },
					body: `{"code":0,"message":"OK","data":{"refresh_token":"${refreshToken}","access_token":"${accessToken}"`,
				},
				"TikTok's token service sent an answer that is not a token (HTTP 200)",
			],
		] as const) {
			env.fake.business.expireAllAccessTokens();
			const refreshesBefore = env.fake.requestsTo(
				'/open_api/v1.3/tt_user/oauth2/refresh_token/',
			).length;
			env.fake.injectFault('POST', '/open_api/v1.3/tt_user/oauth2/refresh_token/', 1, answer);
			const result = await env.n8n.run({ parameters: listComments, credentials });
			results.push(result);
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toBe(tikTokSide);
			expect(env.fake.requestsTo('/open_api/v1.3/tt_user/oauth2/refresh_token/')).toHaveLength(
				refreshesBefore + 1,
			);
			expect(await env.store.read(id)).toEqual(stored);
		}
		// TikTok is back: the same stored refresh token works.
		expectComments(await env.n8n.run({ parameters: listComments, credentials }));

		const rotated = (await env.store.read(id)).refreshToken as string;
		env.fake.business.expireAllAccessTokens();
		env.fake.injectFault(
			'POST',
			'/open_api/v1.3/tt_user/oauth2/refresh_token/',
			1,
			env.fake.business.invalid(`refresh_token ${rotated} is invalid or expired.`),
		);
		const refused = await env.n8n.run({ parameters: listComments, credentials });
		results.push(refused);
		expect(refused.error?.message).toBe(
			'Reconnect the TikTok Business credential: its refresh token is no longer valid',
		);
		expect(refused.error?.description).toMatch(
			/^TikTok refused the refresh \(40002\)\. TikTok says: "refresh_token \[redacted\] is invalid or expired\."\. /,
		);
		expectNoSecrets(env, results);
	});

	it('names the App ID or Secret when TikTok rejects them (40101)', async () => {
		const tokens = env.fake.business.grantTokens();
		const details = await env.store.add(BUSINESS_CREDENTIAL, {
			appId: env.fake.business.appId,
			appSecret: 'wrong-business-secret',
			refreshToken: tokens.refreshToken,
		});
		const result = await env.n8n.run({
			parameters: listComments,
			credentials: { tikTokBusinessOAuth2Api: details },
		});
		expect(result.error?.message).toBe('TikTok rejected the App ID or Secret (40101)');
		expect(result.error?.description).toContain('not a TikTok for Developers client key');
		expect(serialiseForLeakCheck(result)).not.toContain('wrong-business-secret');
	});

	describe('credential test (as the n8n CLI runs it)', () => {
		it('refreshes, persists the rotation, and checks the token with token_info', async () => {
			const credentials = await storeBusinessCredential(env);
			const id = credentials.tikTokBusinessOAuth2Api.id!;
			const before = await env.store.read(id);

			const outcome = await runCredentialTest(env.n8n, credentials.tikTokBusinessOAuth2Api);

			expect(outcome).toEqual({ status: 'OK', message: 'Connection successful!' });
			const after = await env.store.read(id);
			expect(after.refreshToken).not.toBe(before.refreshToken);
			const [refresh, info] = env.fake.requests;
			expect(env.fake.requests).toHaveLength(2);
			expectRefreshCall(env, refresh);
			expect(info.method).toBe('POST');
			expect(info.path).toBe('/open_api/v1.3/tt_user/token_info/get/');
			expect(info.headers['content-type']).toBe('application/json');
			expect(info.headers['access-token']).toBe(after.accessToken);
			expect(info.headers.authorization).toBeUndefined();
			expect(info.json).toEqual({
				app_id: env.fake.business.appId,
				access_token: after.accessToken,
			});
		});

		it('fails with the reconnect message when the grant was revoked', async () => {
			const credentials = await storeBusinessCredential(env);
			env.fake.business.revokeAll();
			const outcome = await runCredentialTest(env.n8n, credentials.tikTokBusinessOAuth2Api);
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(
				/^Reconnect the TikTok Business credential: its refresh token is no longer valid\. TikTok refused the refresh \(40002\)\. TikTok says: "refresh_token is invalid or expired\."\./,
			);
			expect(outcome.message).toMatch(/TikTok request ID: \d+BIZ$/);
			for (const secret of allSecrets(env.fake)) expect(outcome.message).not.toContain(secret);
		});
	});
});
