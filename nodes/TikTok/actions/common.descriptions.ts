import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_OAUTH2, CREDENTIAL_REFRESH_TOKEN } from '../helpers/constants';

/**
 * The two TikTok for Developers credentials, chosen by the `authentication` parameter (the
 * standard nodes-base pattern). `hide` lists where a node needs neither of them.
 */
/** Parameter values that hide a field or credential, e.g. `{ resource: ['comment'] }`. */
type HideWhen = Record<string, string[]>;

export function developerCredentials(hide?: HideWhen): INodeCredentialDescription[] {
	return [
		{
			name: CREDENTIAL_OAUTH2,
			required: true,
			displayOptions: { show: { authentication: ['oAuth2'] }, ...(hide ? { hide } : {}) },
		},
		{
			name: CREDENTIAL_REFRESH_TOKEN,
			required: true,
			displayOptions: { show: { authentication: ['refreshToken'] }, ...(hide ? { hide } : {}) },
		},
	];
}

export function authenticationProperty(hide?: HideWhen): INodeProperties {
	return {
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'OAuth2 (Connect My Account)',
				value: 'oAuth2',
				description: "Needs n8n reachable over https for TikTok's redirect",
			},
			{
				name: 'Refresh Token',
				value: 'refreshToken',
				description: 'Paste a refresh token; works on any n8n, including plain-http localhost',
			},
		],
		default: 'oAuth2',
		...(hide ? { displayOptions: { hide } } : {}),
	};
}
