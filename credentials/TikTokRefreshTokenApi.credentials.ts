import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IAuthenticateGeneric,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DEVELOPERS_CREDENTIAL_TEST } from '../nodes/TikTok/auth/endpoints';
import { refreshTikTokToken } from '../nodes/TikTok/auth/developersToken';

/**
 * For n8n instances TikTok cannot redirect to (TikTok only redirects to https) and for tokens
 * obtained elsewhere. The credential refreshes itself with TikTok's documented request
 * (`client_key` in the form body) and n8n persists each rotated refresh token.
 */
export class TikTokRefreshTokenApi implements ICredentialType {
	name = 'tikTokRefreshTokenApi';

	displayName = 'TikTok Refresh Token API';

	icon: Icon = { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-tiktok-api/n8n-nodes-tiktok-api#refresh-token-credential';

	properties: INodeProperties[] = [
		{
			displayName:
				"Paste a refresh token from TikTok's OAuth flow. TikTok replaces it on every refresh and n8n saves the new one, so do not re-save this form with an old token. See the package README for how to get the first one.",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Client Key',
			name: 'clientKey',
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
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A TikTok refresh token (starts with "rft.") issued to this Client Key',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	// Reads the profile: works with the default scopes and proves the token is accepted.
	test: ICredentialTestRequest = DEVELOPERS_CREDENTIAL_TEST;

	/** n8n calls this when the access token is empty or was answered with 401; it persists the result. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const refreshToken = credentials.refreshToken as string;
		const fresh = await refreshTikTokToken(this, {
			clientKey: credentials.clientKey as string,
			clientSecret: credentials.clientSecret as string,
			refreshToken,
		});
		return { accessToken: fresh.access_token, refreshToken: fresh.refresh_token ?? refreshToken };
	}
}
