import type { INodeProperties } from 'n8n-workflow';

import * as createHandoffPack from './createHandoffPack.operation';
import * as createPhoto from './createPhoto.operation';
import * as createVideo from './createVideo.operation';
import * as getCreatorInfo from './getCreatorInfo.operation';
import * as getStatus from './getStatus.operation';

export { createHandoffPack, createPhoto, createVideo, getCreatorInfo, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['post'] } },
		options: [
			{
				name: 'Create Handoff Pack',
				value: 'createHandoffPack',
				description:
					"Check a video against TikTok's limits and output it with a caption file and metadata, for posting by hand (no TikTok credential)",
				action: 'Create handoff pack',
			},
			{
				name: 'Create Photo Post',
				value: 'createPhoto',
				description: 'Post a photo carousel from public JPEG or WebP URLs',
				action: 'Create photo post',
			},
			{
				name: 'Create Video Post',
				value: 'createVideo',
				description:
					"Post a video from a binary file or a URL: a draft in the creator's inbox unless Mode is Direct Post",
				action: 'Create video post',
			},
			{
				name: 'Get Creator Info',
				value: 'getCreatorInfo',
				description:
					'Get the privacy levels, interaction settings and maximum video length for posting',
				action: 'Get creator info',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the status of a post, optionally waiting until it is published',
				action: 'Get post status',
			},
		],
		default: 'createVideo',
	},
	...getCreatorInfo.description,
	...createVideo.description,
	...createPhoto.description,
	...getStatus.description,
	...createHandoffPack.description,
];
