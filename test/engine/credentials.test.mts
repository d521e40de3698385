/**
 * The credential promise of issue #2: a TikTok profile read keeps working across access-token
 * expiry, refresh-token rotation, restarts and concurrent executions, for each of the three
 * ways TikTok may treat a refresh whose form body lacks client_key (MissingKeyBehaviour).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
	type FakeResponse,
	MISSING_KEY_BEHAVIOURS,
	type MissingKeyBehaviour,
} from '../fake/tiktok.mts';
import { untilWaitingForAnotherSave } from '../harness/credentials.mts';
import {
	N8nInstance,
	restartN8n,
	serialiseForLeakCheck,
	startN8n,
	type RunResult,
} from '../harness/engine.mts';
import {
	approveAtFake,
	authorizeUrl,
	handleCallback,
	N8N_OAUTH_CALLBACK,
} from '../harness/oauth-connect.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const getProfile = { resource: 'user', operation: 'get', fields: ['open_id', 'display_name'] };

const ALL_BEHAVIOURS = Object.keys(MISSING_KEY_BEHAVIOURS) as MissingKeyBehaviour[];

function expectNoSecrets(env: TikTokTestEnv, results: RunResult[]) {
	const text = results.map(serialiseForLeakCheck).join('\n');
	for (const secret of env.fake.issuedSecrets) expect(text).not.toContain(secret);
}

const TIKTOK_SIDE =
	"This is on TikTok's side (or a proxy between n8n and TikTok), not a problem with the credential: nothing needs reconnecting, and the stored tokens were kept. Try again in a few minutes.";

/** TikTok's token endpoint failing on its side with the credential's own tokens in the answer (a proxy page, a cut-off body). */
function tokenServiceFailures(
	refreshToken: string,
	accessToken: string,
): Array<[string, FakeResponse, string]> {
	return [
		[
			'a 500 page quoting the tokens',
			{
				status: 500,
				headers: { 'content-type': 'text/html' },
				body: `<html><body><h1>Internal Server Error</h1><pre>refresh_token=${refreshToken} Bearer ${accessToken}</pre></body></html>`,
			},
			"TikTok's token service had an error (HTTP 500)",
		],
		[
			'a cut-off JSON answer with HTTP 200',
			{
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: `{"refresh_token":"${refreshToken}","access_token":"${accessToken}","expires_in":72`,
			},
			"TikTok's token service sent an answer that is not a token (HTTP 200)",
		],
	];
}

function invalidGrantQuoting(env: TikTokTestEnv, refreshToken: string): FakeResponse {
	return env.fake.json(400, {
		error: 'invalid_grant',
		error_description: `Refresh token ${refreshToken} is invalid or expired.`,
		log_id: env.fake.nextLogId(),
	});
}

function expectProfile(env: TikTokTestEnv, result: RunResult) {
	expect(result.error).toBeUndefined();
	expect(result.items).toEqual([
		{
			json: { open_id: env.fake.defaultUser.open_id, display_name: 'Demo Creator' },
			pairedItem: { item: 0 },
		},
	]);
}

describe('TikTok OAuth2 API credential (Connect)', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('puts client_key on the authorize URL and in the code-exchange body, then reads the profile', async () => {
		const details = await env.store.add('tikTokOAuth2Api', {
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
			scopes: ['user.info.basic', 'video.list'],
		});
		const url = new URL(await authorizeUrl(env.n8n, details, 'state-123'));
		expect(url.origin + url.pathname).toBe('https://www.tiktok.com/v2/auth/authorize/');
		expect(Object.fromEntries(url.searchParams)).toEqual({
			client_key: env.fake.clientKey,
			client_id: env.fake.clientKey,
			redirect_uri: N8N_OAUTH_CALLBACK,
			response_type: 'code',
			scope: 'user.info.basic,video.list',
			state: 'state-123',
		});

		const callback = await approveAtFake(env.fake, url.toString());
		await handleCallback(env.n8n, details, callback);

		const exchange = env.fake.requestsTo('/v2/oauth/token/');
		expect(exchange).toHaveLength(1);
		expect(exchange[0].method).toBe('POST');
		expect(exchange[0].host).toBe('open.tiktokapis.com');
		expect(exchange[0].query).toEqual({ client_key: env.fake.clientKey });
		expect(exchange[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(exchange[0].form).toEqual({
			code: callback.searchParams.get('code'),
			grant_type: 'authorization_code',
			redirect_uri: N8N_OAUTH_CALLBACK,
			client_key: env.fake.clientKey,
			client_id: env.fake.clientKey,
			client_secret: env.fake.clientSecret,
		});
		expect(exchange[0].status).toBe(200);

		const stored = await env.store.read(details.id!);
		expect(stored.oauthTokenData).toMatchObject({
			open_id: env.fake.defaultUser.open_id,
			scope: 'user.info.basic,video.list',
			callbackQueryString: { scopes: 'user.info.basic,video.list' },
		});

		const result = await env.n8n.run({
			parameters: getProfile,
			credentials: { tikTokOAuth2Api: details },
		});
		expectProfile(env, result);
		expectNoSecrets(env, [result]);
	});

	it('asks for the scopes ticked in the Scopes list: by default what the operations need; a stored `scope` string cannot override them', async () => {
		const untouched = await env.store.add('tikTokOAuth2Api', {
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
		});
		const byDefault = new URL(await authorizeUrl(env.n8n, untouched, 'state-1'));
		expect(byDefault.searchParams.get('scope')).toBe(
			'user.info.basic,video.list,video.upload,video.publish',
		);

		const ticked = await env.store.add('tikTokOAuth2Api', {
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
			scopes: ['user.info.basic', 'user.info.stats'],
			scope: 'video.publish',
		});
		const chosen = new URL(await authorizeUrl(env.n8n, ticked, 'state-2'));
		expect(chosen.searchParams.get('scope')).toBe('user.info.basic,user.info.stats');

		const one = await env.store.add('tikTokOAuth2Api', {
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
			scopes: ['user.info.basic'],
		});
		expect(new URL(await authorizeUrl(env.n8n, one, 'state-3')).searchParams.get('scope')).toBe(
			'user.info.basic',
		);
	});

	it('fails before any call when Connect stored an error body (TikTok answers some errors with HTTP 200)', async () => {
		const details = await env.store.add('tikTokOAuth2Api', {
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
			oauthTokenData: {
				error: 'invalid_client',
				error_description: 'Client key or secret is incorrect.',
				log_id: 'LOG123',
			},
		});
		const result = await env.n8n.run({
			parameters: getProfile,
			credentials: { tikTokOAuth2Api: details },
		});
		expect(env.fake.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'TikTok refused the connection: TikTok rejected the Client Key or Client Secret (invalid_client)',
		);
		expect(result.error?.description).toContain('Check Client Key and Client Secret');
		expect(result.error?.description).toContain('TikTok log ID: LOG123');
		expect(result.error?.description).toContain('reconnect the TikTok credential');
	});

	it('fails before any call when the credential was never connected', async () => {
		const details = await env.store.add('tikTokOAuth2Api', {
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
		});
		const result = await env.n8n.run({
			parameters: getProfile,
			credentials: { tikTokOAuth2Api: details },
		});
		expect(env.fake.requests).toHaveLength(0);
		expect(result.error?.message).toBe('The TikTok credential is not connected');
	});

	for (const behaviour of ['readsKeyFromQuery', 'answers200WithError'] as const)
		describe(`refresh when TikTok ${MISSING_KEY_BEHAVIOURS[behaviour]}`, () => {
			it('keeps working across 3 expiries with rotation and a restart', async () => {
				env.fake.missingKeyBehaviour = behaviour;
				const credentials = await storeConnectedOAuth2(env);
				const id = credentials.tikTokOAuth2Api.id!;
				let n8n: N8nInstance = env.n8n;
				const results: RunResult[] = [];
				for (let expiry = 1; expiry <= 3; expiry++) {
					env.fake.expireAllAccessTokens();
					if (expiry === 3) n8n = await restartN8n(n8n);
					const before = (await env.store.read(id)).oauthTokenData as { refresh_token: string };
					const result = await n8n.run({ parameters: getProfile, credentials });
					expectProfile(env, result);
					results.push(result);
					const after = (await env.store.read(id)).oauthTokenData as {
						refresh_token: string;
						error?: string;
					};
					expect(after.refresh_token).not.toBe(before.refresh_token);
					expect(after.error).toBeUndefined();
				}
				expect(env.fake.rotations).toBe(3);

				const tokenCalls = env.fake.requestsTo('/v2/oauth/token/');
				// n8n's own refresh: client_key only in the query, as the credential's token URL carries it.
				const n8nRefreshes = tokenCalls.filter((r) => !r.form?.client_key);
				expect(n8nRefreshes).toHaveLength(3);
				for (const call of n8nRefreshes) {
					expect(call.query).toEqual({ client_key: env.fake.clientKey });
					expect(Object.keys(call.form ?? {}).sort()).toEqual([
						'client_id',
						'client_secret',
						'grant_type',
						'refresh_token',
					]);
				}
				if (behaviour === 'readsKeyFromQuery') {
					expect(tokenCalls).toHaveLength(3);
				} else {
					// Refused with HTTP 200: each expiry costs n8n's refused refresh plus the credential's rescue with client_key in the body.
					expect(tokenCalls).toHaveLength(6);
					const rescues = tokenCalls.filter((r) => r.form?.client_key);
					expect(rescues).toHaveLength(3);
					for (const call of rescues) {
						expect(call.form).toEqual({
							client_key: env.fake.clientKey,
							client_secret: env.fake.clientSecret,
							grant_type: 'refresh_token',
							refresh_token: expect.stringMatching(/^rft\./),
						});
					}
				}
				expectNoSecrets(env, results);
			});

			it('lets two executions sharing the credential refresh at the same moment', async () => {
				env.fake.missingKeyBehaviour = behaviour;
				const credentials = await storeConnectedOAuth2(env);
				env.fake.expireAllAccessTokens();
				const [a, b] = await Promise.all([
					env.n8n.run({ parameters: getProfile, credentials }),
					env.n8n.run({ parameters: getProfile, credentials }),
				]);
				expectProfile(env, a);
				expectProfile(env, b);
				expect(env.fake.rotations).toBe(1);
			});
		});

	it('#9.12 a 500 page or a malformed token answer says "try again later" (nothing stored, no token shown); only invalid_grant says reconnect', async () => {
		const credentials = await storeConnectedOAuth2(env);
		const id = credentials.tikTokOAuth2Api.id!;
		const stored = (await env.store.read(id)).oauthTokenData as {
			refresh_token: string;
			access_token: string;
		};
		const results: RunResult[] = [];
		for (const [, answer, message] of tokenServiceFailures(
			stored.refresh_token,
			stored.access_token,
		)) {
			env.fake.expireAllAccessTokens();
			const tokenCallsBefore = env.fake.requestsTo('/v2/oauth/token/').length;
			env.fake.injectFault('POST', '/v2/oauth/token/', 1, answer);
			const result = await env.n8n.run({ parameters: getProfile, credentials });
			results.push(result);
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toBe(TIKTOK_SIDE);
			// One refresh (not retried as if it were an API call), and n8n stored nothing.
			expect(env.fake.requestsTo('/v2/oauth/token/')).toHaveLength(tokenCallsBefore + 1);
			expect((await env.store.read(id)).oauthTokenData).toEqual(stored);
		}
		// TikTok is back: the same stored refresh token works.
		expectProfile(env, await env.n8n.run({ parameters: getProfile, credentials }));

		const rotated = (await env.store.read(id)).oauthTokenData as { refresh_token: string };
		env.fake.expireAllAccessTokens();
		env.fake.injectFault(
			'POST',
			'/v2/oauth/token/',
			1,
			invalidGrantQuoting(env, rotated.refresh_token),
		);
		const refused = await env.n8n.run({ parameters: getProfile, credentials });
		results.push(refused);
		expect(refused.error?.message).toBe(
			'Reconnect the TikTok credential: its refresh token is no longer valid',
		);
		expect(refused.error?.description).toBe(
			'TikTok said invalid_grant: the refresh token expired, was revoked by the user, or was already used. Open the TikTok OAuth2 API credential and click "Reconnect".',
		);
		expectNoSecrets(env, results);
	});

	it(`when TikTok ${MISSING_KEY_BEHAVIOURS.answers4xx}, fails with guidance that names the fix, and keeps the refresh token usable`, async () => {
		env.fake.missingKeyBehaviour = 'answers4xx';
		const credentials = await storeConnectedOAuth2(env);
		const id = credentials.tikTokOAuth2Api.id!;
		const before = (await env.store.read(id)).oauthTokenData as { refresh_token: string };
		env.fake.expireAllAccessTokens();
		const result = await env.n8n.run({ parameters: getProfile, credentials });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			"TikTok rejected n8n's token refresh (invalid_request: Client key is missed in request.)",
		);
		expect(result.error?.description).toContain(
			'Reconnect the credential, or use the TikTok Refresh Token API credential',
		);
		expect(result.error?.description).toMatch(/TikTok log ID: \d+/);
		const after = (await env.store.read(id)).oauthTokenData as { refresh_token: string };
		expect(after.refresh_token).toBe(before.refresh_token);
		expect(env.fake.rotations).toBe(0);
		expectNoSecrets(env, [result]);
	});

	for (const behaviour of ALL_BEHAVIOURS)
		it(`gives the reconnect message when the refresh token was revoked (TikTok ${MISSING_KEY_BEHAVIOURS[behaviour]})`, async () => {
			env.fake.missingKeyBehaviour = behaviour;
			const credentials = await storeConnectedOAuth2(env);
			env.fake.revokeAll();
			const result = await env.n8n.run({ parameters: getProfile, credentials });
			if (behaviour === 'answers4xx') {
				// n8n's refresh is refused for the missing key before TikTok looks at the token.
				expect(result.error?.message).toContain("TikTok rejected n8n's token refresh");
			} else {
				expect(result.error?.message).toBe(
					'Reconnect the TikTok credential: its refresh token is no longer valid',
				);
				expect(result.error?.description).toContain(
					'Open the TikTok OAuth2 API credential and click "Reconnect"',
				);
			}
			expectNoSecrets(env, [result]);
		});
});

describe('TikTok Refresh Token API credential', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	for (const behaviour of ALL_BEHAVIOURS)
		describe(`when TikTok ${MISSING_KEY_BEHAVIOURS[behaviour]}`, () => {
			it('gets its first access token, then survives 3 expiries with rotation and a restart', async () => {
				env.fake.missingKeyBehaviour = behaviour;
				const credentials = await storeRefreshTokenCredential(env);
				const id = credentials.tikTokRefreshTokenApi.id!;
				let n8n: N8nInstance = env.n8n;
				const results: RunResult[] = [];

				const first = await n8n.run({
					parameters: { ...getProfile, authentication: 'refreshToken' },
					credentials,
				});
				expectProfile(env, first);
				results.push(first);
				for (let expiry = 1; expiry <= 3; expiry++) {
					env.fake.expireAllAccessTokens();
					if (expiry === 2) n8n = await restartN8n(n8n);
					const before = await env.store.read(id);
					const result = await n8n.run({
						parameters: { ...getProfile, authentication: 'refreshToken' },
						credentials,
					});
					expectProfile(env, result);
					results.push(result);
					const after = await env.store.read(id);
					expect(after.refreshToken).not.toBe(before.refreshToken);
					expect(after.accessToken).not.toBe(before.accessToken);
				}
				expect(env.fake.rotations).toBe(4);
				const tokenCalls = env.fake.requestsTo('/v2/oauth/token/');
				expect(tokenCalls).toHaveLength(4);
				for (const call of tokenCalls) {
					expect(call.query).toEqual({});
					expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
					expect(call.form).toEqual({
						client_key: env.fake.clientKey,
						client_secret: env.fake.clientSecret,
						grant_type: 'refresh_token',
						refresh_token: expect.stringMatching(/^rft\./),
					});
				}
				expectNoSecrets(env, results);
			});
		});

	it('refreshes once when five executions hit an expired token together', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const parameters = { ...getProfile, authentication: 'refreshToken' };
		expectProfile(env, await env.n8n.run({ parameters, credentials }));
		env.fake.expireAllAccessTokens();
		const results = await Promise.all(
			Array.from({ length: 5 }, () => env.n8n.run({ parameters, credentials })),
		);
		for (const result of results) expectProfile(env, result);
		expect(env.fake.rotations).toBe(2);
	});

	it("recovers when another n8n process rotated the token between this one's read and its refresh", async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const parameters = { ...getProfile, authentication: 'refreshToken' };
		expectProfile(env, await env.n8n.run({ parameters, credentials }));
		env.fake.expireAllAccessTokens();
		// A second process: same database, its own copy of the package's in-memory state.
		const otherProcess = await restartN8n(env.n8n);
		let interleaved = false;
		env.fake.beforeHandle = async (request) => {
			if (interleaved || request.path !== '/v2/user/info/') return;
			interleaved = true;
			// While this process's call is in flight with the old token, the other process refreshes.
			expectProfile(env, await otherProcess.run({ parameters, credentials }));
		};
		const result = await env.n8n.run({ parameters, credentials });
		expectProfile(env, result);
		expect(interleaved).toBe(true);
		expect(env.fake.rotations).toBe(2);
		// After TikTok's 401 this process sees the other one's newer token stored and resends with
		// it: it never refreshes with the refresh token the other process already spent.
		const invalidGrants = env.fake.requestsTo('/v2/oauth/token/').filter((r) => r.status !== 200);
		expect(invalidGrants).toHaveLength(0);
		expect(env.fake.requestsTo('/v2/oauth/token/')).toHaveLength(2);
	});

	it("#9.10 two workers refresh at once: the one TikTok refuses waits for the other's late save, then succeeds", async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const id = credentials.tikTokRefreshTokenApi.id!;
		const parameters = { ...getProfile, authentication: 'refreshToken' };
		expectProfile(env, await env.n8n.run({ parameters, credentials }));
		const oldRefreshToken = (await env.store.read(id)).refreshToken;
		env.fake.expireAllAccessTokens();
		// Two queue-mode workers: the same database, each with its own in-memory state.
		const workerA = env.n8n;
		const workerB = await restartN8n(env.n8n);
		let workerBRun: Promise<RunResult> | undefined;
		env.store.beforeWrite = async () => {
			if (workerBRun) return;
			// Worker A has TikTok's new pair (the old refresh token is dead now), and its save waits
			// until worker B, started meanwhile with the old refresh token, has been refused.
			workerBRun = workerB.run({ parameters, credentials });
			await untilWaitingForAnotherSave(
				env.store,
				() => env.fake.requestsTo('/v2/oauth/token/').at(-1)?.status === 400,
			);
		};

		const a = await workerA.run({ parameters, credentials });
		const b = await workerBRun!;

		expectProfile(env, a);
		expectProfile(env, b);
		const tokenCalls = env.fake.requestsTo('/v2/oauth/token/').slice(1);
		expect(tokenCalls.map((call) => [call.form?.refresh_token, call.status])).toEqual([
			[oldRefreshToken, 200],
			[oldRefreshToken, 400],
		]);
		expect(env.fake.rotations).toBe(2);
		// Worker B called TikTok with the pair worker A saved, and saved nothing itself.
		const stored = await env.store.read(id);
		expect(env.fake.requestsTo('/v2/user/info/').at(-1)?.headers.authorization).toBe(
			`Bearer ${stored.accessToken}`,
		);
		expect(env.store.writes.filter((write) => write.id === id)).toHaveLength(2);
		expectNoSecrets(env, [a, b]);
	});

	it('#9.10 the refused worker waits a bounded time: if the other worker saves too late, it says reconnect, and its next run works', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const parameters = { ...getProfile, authentication: 'refreshToken' };
		expectProfile(env, await env.n8n.run({ parameters, credentials }));
		env.fake.expireAllAccessTokens();
		const workerA = env.n8n;
		const workerB = await restartN8n(env.n8n);
		let workerBDone: Promise<{ result: RunResult; ms: number }> | undefined;
		env.store.beforeWrite = async () => {
			if (workerBDone) return;
			const started = Date.now();
			workerBDone = workerB
				.run({ parameters, credentials })
				.then((result) => ({ result, ms: Date.now() - started }));
			// Worker A saves only after worker B has given up.
			await workerBDone;
		};

		const a = await workerA.run({ parameters, credentials });
		const b = await workerBDone!;

		expectProfile(env, a);
		expect(b.result.error?.message).toBe(
			'Reconnect the TikTok credential: its refresh token is no longer valid',
		);
		expect(b.result.error?.description).toContain(
			'No other n8n process saved a newer refresh token within 1 second either.',
		);
		// It re-read the stored credential for the whole window (1 s in tests) before saying so.
		expect(b.ms).toBeGreaterThanOrEqual(1_000);
		// The credential was healthy all along: worker B's next run uses what worker A saved.
		expectProfile(env, await workerB.run({ parameters, credentials }));
		expect(env.fake.rotations).toBe(2);
		expectNoSecrets(env, [a, b.result]);
	});

	it("#9.11 a wrong secret with an old refresh token gets no other credential's tokens: TikTok is asked, and refuses", async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const parameters = { ...getProfile, authentication: 'refreshToken' };
		const oldRefreshToken = (await env.store.read(credentials.tikTokRefreshTokenApi.id!))
			.refreshToken as string;
		// This process rotates that refresh token and remembers the rotation.
		expectProfile(env, await env.n8n.run({ parameters, credentials }));
		const saved = {
			clientKey: env.fake.clientKey,
			clientSecret: 'wrong-secret',
			refreshToken: oldRefreshToken,
		};
		const impostor = await env.store.add('tikTokRefreshTokenApi', saved);

		const result = await env.n8n.run({
			parameters,
			credentials: { tikTokRefreshTokenApi: impostor },
		});

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'TikTok rejected the Client Key or Client Secret (invalid_client)',
		);
		const tokenCalls = env.fake.requestsTo('/v2/oauth/token/');
		expect(tokenCalls).toHaveLength(2);
		expect(tokenCalls[1].form).toEqual({
			client_key: env.fake.clientKey,
			client_secret: 'wrong-secret',
			grant_type: 'refresh_token',
			refresh_token: oldRefreshToken,
		});
		expect(tokenCalls[1].status).toBe(400);
		// Nothing handed over: no API call with the other credential's token, nothing saved.
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(1);
		expect(await env.store.read(impostor.id!)).toEqual(saved);
		expectNoSecrets(env, [result]);
	});

	it('#9.12 a 500 page or a malformed token answer says "try again later" (no token shown, token kept); only invalid_grant says reconnect', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		const id = credentials.tikTokRefreshTokenApi.id!;
		const parameters = { ...getProfile, authentication: 'refreshToken' };
		expectProfile(env, await env.n8n.run({ parameters, credentials }));
		const stored = await env.store.read(id);
		const results: RunResult[] = [];
		for (const [, answer, message] of tokenServiceFailures(
			stored.refreshToken as string,
			stored.accessToken as string,
		)) {
			env.fake.expireAllAccessTokens();
			const tokenCallsBefore = env.fake.requestsTo('/v2/oauth/token/').length;
			env.fake.injectFault('POST', '/v2/oauth/token/', 1, answer);
			const result = await env.n8n.run({ parameters, credentials });
			results.push(result);
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toBe(TIKTOK_SIDE);
			expect(env.fake.requestsTo('/v2/oauth/token/')).toHaveLength(tokenCallsBefore + 1);
			expect(await env.store.read(id)).toEqual(stored);
		}
		// TikTok is back: the same stored refresh token works.
		expectProfile(env, await env.n8n.run({ parameters, credentials }));

		const rotated = await env.store.read(id);
		env.fake.expireAllAccessTokens();
		env.fake.injectFault(
			'POST',
			'/v2/oauth/token/',
			1,
			invalidGrantQuoting(env, rotated.refreshToken as string),
		);
		const refused = await env.n8n.run({ parameters, credentials });
		results.push(refused);
		expect(refused.error?.message).toBe(
			'Reconnect the TikTok credential: its refresh token is no longer valid',
		);
		expect(refused.error?.description).toMatch(
			/^TikTok said invalid_grant: .* No other n8n process saved a newer refresh token within 1 second either\. Paste a fresh refresh token into the TikTok Refresh Token API credential\. TikTok log ID: \d+$/,
		);
		expectNoSecrets(env, results);
	});

	it('gives the paste-a-fresh-token message when the refresh token was revoked', async () => {
		const credentials = await storeRefreshTokenCredential(env);
		env.fake.revokeAll();
		const result = await env.n8n.run({
			parameters: { ...getProfile, authentication: 'refreshToken' },
			credentials,
		});
		expect(result.error?.message).toBe(
			'Reconnect the TikTok credential: its refresh token is no longer valid',
		);
		expect(result.error?.description).toContain(
			'Paste a fresh refresh token into the TikTok Refresh Token API credential',
		);
		expect(result.error?.description).toMatch(/TikTok log ID: \d+/);
		expectNoSecrets(env, [result]);
	});

	it('names the client key problem when the secret is wrong', async () => {
		const tokens = env.fake.grantTokens();
		const details = await env.store.add('tikTokRefreshTokenApi', {
			clientKey: env.fake.clientKey,
			clientSecret: 'wrong-secret',
			refreshToken: tokens.refresh_token,
		});
		const result = await env.n8n.run({
			parameters: { ...getProfile, authentication: 'refreshToken' },
			credentials: { tikTokRefreshTokenApi: details },
		});
		expect(result.error?.message).toBe(
			'TikTok rejected the Client Key or Client Secret (invalid_client)',
		);
		expect(serialiseForLeakCheck(result)).not.toContain('wrong-secret');
	});
});

void startN8n;
