import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { toOutputComment } from '../../helpers/comments';
import { TEXT_LIMITS } from '../../helpers/contentRules';
import type { PostContent } from '../../helpers/postIdentity';
import { businessApiRequest } from '../../business/api';
import { sendOnce } from '../common/sendOnce';
import { commentVideoProperty, readCommentText, readVideoId, SCOPE_MANAGE } from './common';

const properties: INodeProperties[] = [
	commentVideoProperty,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		description: `The comment, up to ${TEXT_LIMITS.commentText} characters. Posted publicly on the video, as the connected account. TikTok may hide many similar comments posted in a short time as spam.`,
	},
];

const displayOptions = { show: { resource: ['comment'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Posts a top-level comment on one of the account's videos. As with Reply, TikTok takes no
 * idempotency key: never retried automatically, and a comment whose answer was lost is not sent
 * again by n8n's Retry On Fail or an agent's repeated call (sendOnce).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const text = readCommentText.call(this, itemIndex, 'comment');
	const content: PostContent = {
		kind: 'comment',
		mode: '',
		source: '',
		media: [videoId],
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
				'TikTok may already have this comment: the answer to the request that posts it was lost',
				{
					itemIndex,
					description: `The request may or may not have reached TikTok, so n8n cannot tell whether the comment on video ${videoId} was posted. To avoid commenting twice, n8n does not send it again: check the video's comments in TikTok (or with Get Many), and run this again only if the comment is missing.`,
				},
			),
		async () =>
			await businessApiRequest.call(this, {
				method: 'POST',
				path: 'business/comment/create/',
				body: { video_id: videoId, text },
				itemIndex,
				scope: SCOPE_MANAGE,
				idempotent: false,
				operation: 'create',
			}),
	);
	return [
		{
			json: { video_id: videoId, ...toOutputComment(data) },
			pairedItem: { item: itemIndex },
		},
	];
}
