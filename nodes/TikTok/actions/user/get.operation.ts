import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { tikTokApiRequest } from '../../developers/api';

/** Every field GET /v2/user/info/ documents, with the scope it needs. */
export const USER_FIELDS: Array<{ name: string; value: string; scope: string }> = [
	{ name: 'Open ID', value: 'open_id', scope: 'user.info.basic' },
	{ name: 'Union ID', value: 'union_id', scope: 'user.info.basic' },
	{ name: 'Avatar URL', value: 'avatar_url', scope: 'user.info.basic' },
	{ name: 'Avatar URL (100 Px)', value: 'avatar_url_100', scope: 'user.info.basic' },
	{ name: 'Avatar URL (Large)', value: 'avatar_large_url', scope: 'user.info.basic' },
	{ name: 'Display Name', value: 'display_name', scope: 'user.info.basic' },
	{ name: 'Bio', value: 'bio_description', scope: 'user.info.profile' },
	{ name: 'Profile Link', value: 'profile_deep_link', scope: 'user.info.profile' },
	{ name: 'Is Verified', value: 'is_verified', scope: 'user.info.profile' },
	{ name: 'Username', value: 'username', scope: 'user.info.profile' },
	{ name: 'Follower Count', value: 'follower_count', scope: 'user.info.stats' },
	{ name: 'Following Count', value: 'following_count', scope: 'user.info.stats' },
	{ name: 'Likes Count', value: 'likes_count', scope: 'user.info.stats' },
	{ name: 'Video Count', value: 'video_count', scope: 'user.info.stats' },
];

/** The scopes the chosen fields need, e.g. "user.info.basic, user.info.stats (Follower Count)". */
function scopesFor(fields: string[]): string {
	const byScope = new Map<string, string[]>();
	for (const field of USER_FIELDS.filter((f) => fields.includes(f.value))) {
		byScope.set(field.scope, [...(byScope.get(field.scope) ?? []), field.name]);
	}
	return [...byScope.entries()]
		.map(([scope, names]) =>
			scope === 'user.info.basic' ? scope : `${scope} (${names.join(', ')})`,
		)
		.join(', ');
}

const properties: INodeProperties[] = [
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: USER_FIELDS.map(({ name, value, scope }) => ({
			name: `${name} (${scope})`,
			value,
			description: `Needs the ${scope} scope`,
		})),
		default: ['open_id', 'union_id', 'avatar_url', 'display_name'],
		required: true,
		description:
			'Profile fields to return. Each needs the scope shown in brackets to be granted to the credential.',
	},
];

const displayOptions = { show: { resource: ['user'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const fields = this.getNodeParameter('fields', itemIndex, []) as string[];
	if (!fields.length) {
		throw new NodeOperationError(this.getNode(), 'Select at least one field in "Fields"', {
			itemIndex,
			description:
				'TikTok requires a list of profile fields to return, for example Open ID and Display Name.',
		});
	}
	const known = new Set(USER_FIELDS.map((f) => f.value));
	const unknown = fields.filter((f) => !known.has(f));
	if (unknown.length) {
		throw new NodeOperationError(
			this.getNode(),
			`Unknown profile field(s) in "Fields": ${unknown.join(', ')}`,
			{
				itemIndex,
				description: `Choose from: ${[...known].join(', ')}.`,
			},
		);
	}

	const data = await tikTokApiRequest.call(this, {
		method: 'GET',
		path: '/v2/user/info/',
		scope: scopesFor(fields),
		qs: { fields: fields.join(',') },
		itemIndex,
		idempotent: true,
	});
	const user = (data.user as IDataObject | undefined) ?? {};
	return [{ json: user, pairedItem: { item: itemIndex } }];
}
