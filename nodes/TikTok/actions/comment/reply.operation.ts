import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { toOutputComment } from '../../helpers/comments';
import { TEXT_LIMITS } from '../../helpers/contentRules';
import type { PostContent } from '../../helpers/postIdentity';
import { businessApiRequest } from '../../business/api';
import { commentIdProperty } from '../common/descriptions';
import { sendOnce } from '../common/sendOnce';
import {
	commentVideoProperty,
	readCommentId,
	readCommentText,
	readVideoId,
	SCOPE_MANAGE,
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

/**
 * Posts a reply. Never retried automatically: TikTok takes no idempotency key, so a second
 * attempt after an unclear failure could post the reply twice. For the same reason a reply whose
 * answer was lost is not sent again by n8n's Retry On Fail or an agent's repeated call (sendOnce).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const commentId = readCommentId.call(this, itemIndex);
	const text = readCommentText.call(this, itemIndex, 'reply');
	const content: PostContent = {
		kind: 'commentReply',
		mode: '',
		source: '',
		media: [videoId, commentId],
		texts: [text],
		options: {},
	};
	const { data } = await sendOnce(
		this,
		itemIndex,
		content,
		() =>
			new NodeOperationError(
				this.getNode(),
				'TikTok may already have this reply: the answer to the request that posts it was lost',
				{
					itemIndex,
					description: `The request may or may not have reached TikTok, so n8n cannot tell whether the reply to comment ${commentId} was posted. To avoid replying twice, n8n does not send it again: check the comment's replies in TikTok, and run this again only if the reply is missing.`,
				},
			),
		async () =>
			await businessApiRequest.call(this, {
				method: 'POST',
				path: 'business/comment/reply/create/',
				body: { video_id: videoId, comment_id: commentId, text },
				itemIndex,
				scope: SCOPE_MANAGE,
				idempotent: false,
				operation: 'reply',
			}),
	);
	const reply = toOutputComment(data);
	return [
		{
			json: { video_id: videoId, parent_comment_id: commentId, ...reply },
			pairedItem: { item: itemIndex },
		},
	];
}
