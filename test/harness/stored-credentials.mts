/** TikTok credentials in the shapes n8n persists them, minted by the fake TikTok. */
import type { ICredentialDataDecryptedObject, INodeCredentialsDetails } from 'n8n-workflow';

import type { FakeTikTok } from '../fake/tiktok.mts';
import type { CredentialStore } from './credentials.mts';

interface Env {
	fake: FakeTikTok;
	store: CredentialStore;
}

/** A TikTok OAuth2 API credential after a successful Connect (oauthTokenData as n8n stores it). */
export async function storeConnectedOAuth2(
	env: Env,
	scopes: string[] = ['user.info.basic'],
	extra: ICredentialDataDecryptedObject = {},
): Promise<{ tikTokOAuth2Api: INodeCredentialsDetails }> {
	const tokens = env.fake.grantTokens(scopes);
	const details = await env.store.add(
		'tikTokOAuth2Api',
		{
			clientId: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
			scopes,
			oauthTokenData: { ...tokens, callbackQueryString: { scopes: scopes.join(',') } },
			...extra,
		},
		'TikTok account',
	);
	return { tikTokOAuth2Api: details };
}

/** A TikTok Refresh Token API credential as a user saves it: no access token yet. */
export async function storeRefreshTokenCredential(
	env: Env,
	scopes: string[] = ['user.info.basic'],
): Promise<{ tikTokRefreshTokenApi: INodeCredentialsDetails }> {
	const tokens = env.fake.grantTokens(scopes);
	const details = await env.store.add(
		'tikTokRefreshTokenApi',
		{
			clientKey: env.fake.clientKey,
			clientSecret: env.fake.clientSecret,
			refreshToken: tokens.refresh_token,
		},
		'TikTok refresh token',
	);
	return { tikTokRefreshTokenApi: details };
}
