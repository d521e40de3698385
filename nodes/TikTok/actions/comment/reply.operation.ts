import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { TEXT_LIMITS } from '../../helpers/contentRules';
import { commentIdProperty } from '../common/descriptions';
import {
	commentVideoProperty,
	postCommentOnce,
	readCommentId,
	readCommentText,
	readVideoId,
} from './common';

const properties: INodeProperties[] = [
	commentVideoProperty,
	commentIdProperty('The comment to reply to (its comment_id from Get Many)'),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		description: `The reply, up to ${TEXT_LIMITS.commentText} characters. Posted publicly under the comment, as the connected account.`,
	},
];

const displayOptions = { show: { resource: ['comment'], operation: ['reply'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Posts a reply, at most once (postCommentOnce). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const commentId = readCommentId.call(this, itemIndex);
	const text = readCommentText.call(this, itemIndex, 'reply');
	const reply = await postCommentOnce.call(this, itemIndex, {
		what: 'reply',
		path: 'business/comment/reply/create/',
		body: { video_id: videoId, comment_id: commentId, text },
		operation: 'reply',
		content: {
			kind: 'commentReply',
			mode: '',
			source: '',
			media: [videoId, commentId],
			texts: [text],
			options: {},
		},
		subject: `the reply to comment ${commentId}`,
		whereToCheck: "check the comment's replies in TikTok",
	});
	return [
		{
			json: { video_id: videoId, parent_comment_id: commentId, ...reply },
			pairedItem: { item: itemIndex },
		},
	];
}
