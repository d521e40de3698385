import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get videos of the connected account by ID or link',
				action: 'Get video',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the connected account's public videos, newest first",
				action: 'Get many videos',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
