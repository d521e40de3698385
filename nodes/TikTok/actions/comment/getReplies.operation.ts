import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	commentIdProperty,
	commentSortCollection,
	commentStatusOption,
	limitProperty,
	returnAllProperty,
} from '../common/descriptions';
import { readLimit } from '../common/parameters';
import {
	commentVideoProperty,
	listComments,
	readCommentId,
	readListOptions,
	readVideoId,
} from './common';

const properties: INodeProperties[] = [
	commentVideoProperty,
	commentIdProperty(
		'The comment whose replies to get (its comment_id from Get Many). TikTok does not list replies to hidden comments.',
	),
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [commentStatusOption],
	},
	commentSortCollection('Without this choice TikTok ranks replies by relevance'),
];

const displayOptions = { show: { resource: ['comment'], operation: ['getReplies'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Lists the replies to one comment, one output item per reply. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const commentId = readCommentId.call(this, itemIndex);
	const limit = readLimit.call(this, itemIndex, 'comments');
	const options = readListOptions.call(this, itemIndex, ['asc', 'desc', 'smart'], false);
	return await listComments.call(this, itemIndex, {
		path: 'business/comment/reply/list/',
		qs: { video_id: videoId, comment_id: commentId, ...options },
		operation: 'getReplies',
		limit,
	});
}
