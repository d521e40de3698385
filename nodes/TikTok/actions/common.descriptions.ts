import type { INodeProperties } from 'n8n-workflow';

/** Parameter values that hide a field, e.g. `{ resource: ['comment'] }`. */
type HideWhen = Record<string, string[]>;

/**
 * Chooses between the two TikTok for Developers credentials (the nodes-base pattern). The
 * credential lists themselves stay literal in each node: n8n's lint rules read them statically.
 */
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
