/**
 * Test fixture: a fake TikTok intercepted at the socket level, an "n8n process", and helpers to
 * store TikTok credentials in the shapes n8n persists them.
 */
import type { ICredentialDataDecryptedObject, INodeCredentialsDetails } from 'n8n-workflow';

import { FakeTikTok } from '../fake/tiktok.mts';
import { interceptWithNock, serveOnLoopback } from '../fake/serve.mts';
import { CredentialStore } from './credentials.mts';
import { N8nInstance, startN8n } from './engine.mts';

export interface TikTokTestEnv {
	fake: FakeTikTok;
	store: CredentialStore;
	n8n: N8nInstance;
	/** Base URL of the loopback server playing TikTok's upload host. */
	uploadHost: string;
	stop: () => Promise<void>;
}

export async function createTikTokTestEnv(): Promise<TikTokTestEnv> {
	const fake = new FakeTikTok();
	const stopNock = interceptWithNock(fake);
	const uploads = await serveOnLoopback((req, body) => {
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
		return fake.posts.handleUpload(req.method ?? 'GET', new URL(req.url ?? '/', uploads.url), headers, body);
	});
	fake.posts.uploadBaseUrl = `${uploads.url}/`;
	const store = new CredentialStore();
	const n8n = await startN8n(store);
	return {
		fake,
		store,
		n8n,
		uploadHost: uploads.url,
		stop: async () => {
			stopNock();
			await uploads.close();
		},
	};
}

/** A TikTok OAuth2 API credential after a successful Connect (oauthTokenData as n8n stores it). */
export async function storeConnectedOAuth2(
	env: Pick<TikTokTestEnv, 'fake' | 'store'>,
	scopes: string[] = ['user.info.basic'],
	extra: ICredentialDataDecryptedObject = {},
): Promise<{ tikTokOAuth2Api: INodeCredentialsDetails }> {
	const tokens = env.fake.grantTokens(scopes);
	const details = await env.store.add(
		'tikTokOAuth2Api',
		{
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
			scope: scopes.join(','),
			oauthTokenData: { ...tokens, callbackQueryString: { scopes: scopes.join(',') } },
			...extra,
		},
		'TikTok account',
	);
	return { tikTokOAuth2Api: details };
}

/** A TikTok Refresh Token API credential as a user saves it: no access token yet. */
export async function storeRefreshTokenCredential(
	env: Pick<TikTokTestEnv, 'fake' | 'store'>,
	scopes: string[] = ['user.info.basic'],
): Promise<{ tikTokRefreshTokenApi: INodeCredentialsDetails }> {
	const tokens = env.fake.grantTokens(scopes);
	const details = await env.store.add(
		'tikTokRefreshTokenApi',
		{ clientKey: env.fake.clientKey, clientSecret: env.fake.clientSecret, refreshToken: tokens.refresh_token },
		'TikTok refresh token',
	);
	return { tikTokRefreshTokenApi: details };
}
