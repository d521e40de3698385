import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { isBusinessAccountCall, signBusinessRequest } from '../nodes/TikTok/auth/businessSigning';
import {
	BUSINESS_GRANT_INFO_PATH,
	TIKTOK_BUSINESS_API_BASE_URL,
} from '../nodes/TikTok/auth/endpoints';
import { BusinessTokenError, obtainBusinessTokens } from '../nodes/TikTok/auth/businessToken';

/**
 * TikTok API for Business (comments, account analytics). A separate product from TikTok for
 * Developers: its own app (App ID + Secret from business-api.tiktok.com), its own token protocol
 * and its own header.
 *
 * n8n's built-in OAuth2 cannot speak that protocol: the code exchange must be JSON with the code
 * in `auth_code`, every answer is wrapped in `{code, message, request_id, data}` (errors come
 * as HTTP 200), the refresh has its own path, and the registered redirect URL must end with "/",
 * which n8n's callback URL does not. So this is a generic credential whose `preAuthentication`
 * hook gets and refreshes tokens itself, and n8n persists what it returns: the access token (a
 * hidden, expirable field), each rotated refresh token and the account ID (`businessId`).
 * The transport single-flights refreshes and recovers from rotations made elsewhere.
 * See docs/business-api.md.
 */
export class TikTokBusinessOAuth2Api implements ICredentialType {
	name = 'tikTokBusinessOAuth2Api';

	displayName = 'TikTok Business OAuth2 API';

	icon: Icon = { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-tiktok-api/n8n-nodes-tiktok-api#business-accounts-analytics-and-comments-tiktok-api-for-business';

	properties: INodeProperties[] = [
		{
			displayName:
				'For comments on your own videos and your account\'s analytics, through the TikTok API for Business (business-api.tiktok.com), which is a separate app from TikTok for Developers. n8n\'s "Connect" button cannot speak its token protocol (JSON code exchange, wrapped answers, redirect URLs ending in "/"), so this credential gets and refreshes tokens itself. Paste a refresh token, or once an authorization code; TikTok replaces the refresh token when it refreshes and n8n saves the new one, so do not paste an old one again. See the package README.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The App ID of your app under My Apps on business-api.tiktok.com (not a TikTok for Developers client key)',
		},
		{
			displayName: 'Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Secret of the same app',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A refresh token issued to this app for the TikTok account (valid for about a year). Leave empty if you paste an Authorization Code below instead.',
		},
		{
			displayName: 'Authorization Code (One-Time)',
			name: 'authorizationCode',
			type: 'string',
			default: '',
			description:
				'Instead of a refresh token: the code TikTok adds to your redirect URL after the account holder approves your app, or that whole address. It works once and for 10 minutes; n8n exchanges it on first use, keeps the tokens, and clears this field. Not yet confirmed against a live TikTok app.',
		},
		{
			displayName: 'Redirect URI',
			name: 'redirectUri',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/tiktok/callback/',
			description:
				'Only with an Authorization Code: the TikTok account holder redirect URL registered for the app, exactly (TikTok requires it to end with "/")',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// The account every Business call acts for: open_id (creator_id in older answers).
			displayName: 'Business ID',
			name: 'businessId',
			type: 'hidden',
			default: '',
		},
		{
			// When the access token stops working (epoch ms), to refresh before TikTok refuses it.
			displayName: 'Expires At',
			name: 'expiresAt',
			type: 'hidden',
			default: 0,
		},
		{
			// Not `scope`: n8n replaces a stored hidden `scope` with the field's default.
			displayName: 'Granted Scopes',
			name: 'grantedScopes',
			type: 'hidden',
			default: '',
		},
	];

	/** Access-Token header, plus the account ID from this credential on every Business call. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// The hook saves new tokens even when TikTok did not say which account they are for; such a
		// call would act for no account, so it does not go out (the node runs the hook again next time).
		if (isBusinessAccountCall(requestOptions) && !credentials.businessId) {
			throw new BusinessTokenError({ step: 'token_info', code: 'no_business_id' });
		}
		return signBusinessRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: TIKTOK_BUSINESS_API_BASE_URL,
			url: BUSINESS_GRANT_INFO_PATH,
			method: 'POST',
			// `authenticate` adds app_id and the fresh access token to this body.
			body: {},
			json: true,
		},
		// TikTok answers refusals with HTTP 200 and a non-zero code.
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40001,
					message:
						'TikTok says this app has no permission for the account (40001). Reconnect and approve every permission.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40002,
					message: 'TikTok rejected the request (40002). Check the App ID.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40100,
					message: 'TikTok rate limit reached (40100). Wait a minute and test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40101,
					message: 'TikTok rejected the App ID or Secret (40101).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40102,
					message:
						'TikTok says the access token expired (40102). Test again; if it persists, paste a fresh refresh token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40104,
					message:
						'TikTok received no access token (40104). Paste a refresh token or an authorization code.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40105,
					message:
						'TikTok says the access token is incorrect or was revoked (40105). Paste a fresh refresh token or authorization code.',
				},
			},
		],
	};

	/**
	 * n8n calls this when the access token is empty (first use), after a 401, and when the node
	 * forces a refresh (expired token, or TikTok's token codes, which come with HTTP 200). n8n
	 * persists every returned key.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await obtainBusinessTokens(this, credentials);
	}
}
