import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MAX_COMMENT_TEXT_LENGTH, toOutputComment } from '../../helpers/comments';
import { businessApiRequest } from '../../business/api';
import { commentIdProperty, readCommentId, readReplyText, readVideoId, SCOPE_MANAGE, videoProperty } from './common';

const properties: INodeProperties[] = [
	videoProperty,
	commentIdProperty('The comment to reply to (its comment_id from Get Many)'),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		description: `The reply, up to ${MAX_COMMENT_TEXT_LENGTH} characters. Posted publicly under the comment, as the connected account.`,
	},
];

const displayOptions = { show: { resource: ['comment'], operation: ['reply'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Posts a reply. Never retried automatically: TikTok takes no idempotency key, so a second
 * attempt after an unclear failure could post the reply twice.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const commentId = readCommentId.call(this, itemIndex);
	const text = readReplyText.call(this, itemIndex);
	const { data } = await businessApiRequest.call(this, {
		method: 'POST',
		path: 'business/comment/reply/create/',
		body: { video_id: videoId, comment_id: commentId, text },
		itemIndex,
		scope: SCOPE_MANAGE,
		idempotent: false,
		operation: 'reply',
	});
	const reply = toOutputComment(data);
	return [
		{
			json: { video_id: videoId, parent_comment_id: commentId, ...reply },
			pairedItem: { item: itemIndex },
		},
	];
}
