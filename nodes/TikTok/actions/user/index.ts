import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get Profile',
				value: 'get',
				description: 'Get the profile of the connected TikTok account',
				action: 'Get profile',
			},
		],
		default: 'get',
	},
	...get.description,
];
