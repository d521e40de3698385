import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { TEXT_LIMITS } from '../../helpers/contentRules';
import { commentVideoProperty, postCommentOnce, readCommentText, readVideoId } from './common';

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

/** Posts a top-level comment on one of the account's videos, at most once (postCommentOnce). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const text = readCommentText.call(this, itemIndex, 'comment');
	const comment = await postCommentOnce.call(this, itemIndex, {
		what: 'comment',
		path: 'business/comment/create/',
		body: { video_id: videoId, text },
		operation: 'create',
		content: {
			kind: 'comment',
			mode: '',
			source: '',
			media: [videoId],
			texts: [text],
			options: {},
		},
		subject: `the comment on video ${videoId}`,
		whereToCheck: "check the video's comments in TikTok (or with Get Many)",
	});
	return [{ json: { video_id: videoId, ...comment }, pairedItem: { item: itemIndex } }];
}
