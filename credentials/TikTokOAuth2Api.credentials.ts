import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEVELOPERS_CREDENTIAL_TEST,
	TIKTOK_AUTHORIZE_URL,
	TIKTOK_TOKEN_URL,
} from '../nodes/TikTok/auth/endpoints';
import { DEFAULT_DEVELOPERS_SCOPES, DEVELOPERS_SCOPE_OPTIONS } from '../nodes/TikTok/auth/scopes';
import { isErrorTokenData, refreshTikTokToken } from '../nodes/TikTok/auth/developersToken';

/**
 * "Connect my account" credential on n8n's own OAuth2 machinery.
 *
 * TikTok wants `client_key` (not `client_id`) in every token request. n8n can put it on the
 * authorize URL and into the code exchange body, but its refresh sends a fixed body, so the
 * key also rides in the token URL's query. If TikTok answers that refresh with an error body
 * and HTTP 200, `preAuthentication` (which n8n 2.x runs inside its locked refresh) refreshes again
 * with `client_key` in the body and hands n8n clean token data to persist. n8n 1.x never runs it
 * for an OAuth2 credential; the node then names the fix (docs/architecture.md, the kernel).
 */
export class TikTokOAuth2Api implements ICredentialType {
	name = 'tikTokOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'TikTok OAuth2 API';

	icon: Icon = { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-tiktok-api/n8n-nodes-tiktok-api#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'n8n labels the first field "Client ID": paste your app\'s <b>Client Key</b> there (TikTok\'s name for it). Register the OAuth Redirect URL shown above in the TikTok developer portal under Login Kit; TikTok accepts only https.',
			name: 'clientKeyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Client Key',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The Client Key of your app in the TikTok developer portal (a sandbox has its own)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: TIKTOK_AUTHORIZE_URL,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			// n8n's refresh cannot add `client_key` to the form body; the query is the only place left.
			default: `={{"${TIKTOK_TOKEN_URL}?client_key=" + encodeURIComponent($self["clientId"])}}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '={{"client_key=" + encodeURIComponent($self["clientId"])}}',
		},
		{
			displayName: 'Additional Body Properties',
			name: 'additionalBodyProperties',
			type: 'hidden',
			default: '={{ JSON.stringify({ client_key: $self["clientId"] }) }}',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			// TikTok reads the secret from the form body only, never from Basic auth.
			default: 'body',
		},
		{
			displayName:
				'Every scope chosen below must also be added to your app in the TikTok developer portal (Scopes, under the products Login Kit, Display API and Content Posting API): if one is missing, TikTok refuses the whole Connect. After changing scopes, reconnect.',
			name: 'scopesNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			options: DEVELOPERS_SCOPE_OPTIONS,
			default: DEFAULT_DEVELOPERS_SCOPES,
			description:
				'What n8n may do with the account. The default covers every operation of the TikTok node except the extra profile fields and counts.',
		},
		{
			// n8n's OAuth2 reads `scope` as one comma-separated string; TikTok's separator is the comma.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '={{ ($self["scopes"] || []).join(",") }}',
		},
	];

	// Reads the profile: works with the default scopes and proves the token is accepted.
	test: ICredentialTestRequest = DEVELOPERS_CREDENTIAL_TEST;

	/**
	 * n8n runs this before every request (unpersisted) and inside its locked refresh (persisted).
	 * It acts only on an error marker in the token data, never on expiry: a refresh outside the
	 * lock would burn TikTok's single-use refresh token.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const tokenData = credentials.oauthTokenData as IDataObject | undefined;
		if (!tokenData || !isErrorTokenData(tokenData) || typeof tokenData.refresh_token !== 'string') {
			return {};
		}
		// Throwing (not returning) on failure makes n8n persist nothing, so the stored
		// refresh token survives for the next attempt.
		const fresh = await refreshTikTokToken(this, {
			clientKey: credentials.clientId as string,
			clientSecret: credentials.clientSecret as string,
			refreshToken: tokenData.refresh_token,
		});
		const kept: IDataObject = { ...tokenData };
		for (const errorKey of ['error', 'error_description', 'log_id']) delete kept[errorKey];
		const expiresIn = Number(fresh.expires_in);
		return {
			oauthTokenData: {
				...kept,
				...fresh,
				...(expiresIn > 0 ? { n8n_expires_at: String(Date.now() + expiresIn * 1000) } : {}),
			},
		};
	}
}
