import type { INodeProperties } from 'n8n-workflow';

import * as getInsights from './getInsights.operation';
import * as getVideos from './getVideos.operation';

export { getInsights, getVideos };

export const description: INodeProperties[] = [
	{
		displayName:
			'Account analytics use the TikTok API for Business, with the TikTok Business OAuth2 API credential. Each field needs a scope the account holder granted (user.info.basic, user.info.username, user.info.stats, user.account.type, user.insights; video.list and video.insights for videos); TikTok refuses the whole call if one is missing, and the error names it.',
		name: 'accountNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['account'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Insights',
				value: 'getInsights',
				description: "Get the account's profile and daily metrics over a date range",
				action: 'Get account insights',
			},
			{
				name: 'Get Many Videos',
				value: 'getVideos',
				description: "List the account's videos with their metrics",
				action: 'Get many videos with metrics',
			},
		],
		default: 'getInsights',
	},
	...getInsights.description,
	...getVideos.description,
];
