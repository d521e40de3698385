import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	commentSortCollection,
	commentStatusOption,
	limitProperty,
	returnAllProperty,
} from '../common/descriptions';
import { readLimit } from '../common/parameters';
import { commentVideoProperty, listComments, readListOptions, readVideoId } from './common';

const properties: INodeProperties[] = [
	commentVideoProperty,
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Replies',
				name: 'includeReplies',
				type: 'boolean',
				default: false,
				description:
					"Whether to add each comment's first replies (in reply_list). TikTok returns only a few; use Get Replies for all of them.",
			},
			commentStatusOption,
		],
	},
	commentSortCollection(
		'Without this choice TikTok uses its own ranking (smart). With more than 500 comments, TikTok sorts only the first 500.',
	),
];

const displayOptions = { show: { resource: ['comment'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Lists the comments on one of the connected account's videos, one output item per comment. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const limit = readLimit.call(this, itemIndex, 'comments');
	const options = readListOptions.call(this, itemIndex, ['asc', 'desc', 'smart'], true);
	return await listComments.call(this, itemIndex, {
		path: 'business/comment/list/',
		qs: { video_id: videoId, ...options },
		operation: 'getAll',
		limit,
	});
}
