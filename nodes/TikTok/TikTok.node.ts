import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as account from './actions/account';
import * as comment from './actions/comment';
import * as post from './actions/post';
import { router } from './actions/router';
import * as user from './actions/user';
import * as video from './actions/video';
import { listSearch, loadOptions } from './methods';
import { EXECUTE_NEEDS, MAIN_CONNECTION, requiringN8n } from './compat/n8nVersion';
import { CREDENTIAL_BUSINESS, CREDENTIAL_OAUTH2, CREDENTIAL_REFRESH_TOKEN } from './auth/endpoints';
import { authenticationProperty, operationSubtitle } from './actions/common/descriptions';
import {
	allWithPolicies,
	DEFAULT_POLICIES,
	type Policies,
	withPolicies,
} from './transport/policies';

const properties: INodeProperties[] = [
	authenticationProperty({
		resource: ['comment', 'account'],
		operation: ['createHandoffPack'],
	}),
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Account (Business)', value: 'account' },
			{ name: 'Comment', value: 'comment' },
			{ name: 'Post', value: 'post' },
			{ name: 'User', value: 'user' },
			{ name: 'Video', value: 'video' },
		],
		default: 'user',
	},
	...user.description,
	...video.description,
	...post.description,
	...comment.description,
	...account.description,
];

export class TikTok implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok',
		name: 'tikTok',
		icon: { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Read your TikTok profile and videos, publish video and photo posts (drafts by default), moderate comments and read Business account analytics',
		defaults: { name: 'TikTok' },
		usableAsTool: true,
		inputs: [MAIN_CONNECTION],
		outputs: [MAIN_CONNECTION],
		credentials: [
			{
				name: CREDENTIAL_OAUTH2,
				required: true,
				displayOptions: {
					show: { authentication: ['oAuth2'] },
					hide: { resource: ['comment', 'account'], operation: ['createHandoffPack'] },
				},
			},
			{
				name: CREDENTIAL_REFRESH_TOKEN,
				required: true,
				displayOptions: {
					show: { authentication: ['refreshToken'] },
					hide: { resource: ['comment', 'account'], operation: ['createHandoffPack'] },
				},
			},
			{
				// Comments and account analytics live in the TikTok API for Business, a separate product with its own app.
				name: CREDENTIAL_BUSINESS,
				required: true,
				displayOptions: { show: { resource: ['comment', 'account'] } },
			},
		],
		properties,
	};

	readonly methods: { loadOptions: typeof loadOptions; listSearch: typeof listSearch };

	readonly execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** n8n constructs the node without arguments; tests pass policies with shorter waits. */
	constructor(policies: Policies = DEFAULT_POLICIES) {
		// n8n calls these with its context as `this`: each binds this instance's policies to it.
		this.methods = {
			loadOptions: allWithPolicies(policies, loadOptions),
			listSearch: allWithPolicies(policies, listSearch),
		};
		this.execute = withPolicies(policies, requiringN8n(EXECUTE_NEEDS, router));
	}
}
