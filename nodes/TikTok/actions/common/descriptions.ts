/** Description pieces shared by the TikTok node's operations and its triggers. */
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

/** Return All and Limit, the pair every list operation shows (n8n's convention). */
export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};
