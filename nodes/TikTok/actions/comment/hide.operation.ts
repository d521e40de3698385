import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { businessApiRequest } from '../../transport/business';
import { commentIdProperty, readCommentId, readVideoId, SCOPE_MANAGE, videoProperty } from './common';

export type HideAction = 'HIDE' | 'UNHIDE';

export function hideProperties(action: HideAction): INodeProperties[] {
	return [
		videoProperty,
		commentIdProperty(
			action === 'HIDE'
				? 'The comment or reply to hide (its comment_id). Anyone\'s comment can be hidden; Unhide reverses it.'
				: 'The hidden comment or reply to show again (its comment_id)',
		),
	];
}

const displayOptions = { show: { resource: ['comment'], operation: ['hide'] } };

export const description = updateDisplayOptions(displayOptions, hideProperties('HIDE'));

/** `POST business/comment/hide/` with HIDE or UNHIDE; TikTok answers an empty `data`. */
export async function setHidden(this: IExecuteFunctions, itemIndex: number, action: HideAction): Promise<INodeExecutionData[]> {
	const videoId = readVideoId.call(this, itemIndex);
	const commentId = readCommentId.call(this, itemIndex);
	await businessApiRequest.call(this, {
		method: 'POST',
		path: 'business/comment/hide/',
		body: { video_id: videoId, comment_id: commentId, action },
		itemIndex,
		scope: SCOPE_MANAGE,
		idempotent: false,
		operation: action === 'HIDE' ? 'hide' : 'unhide',
	});
	return [{ json: { comment_id: commentId, video_id: videoId, hidden: action === 'HIDE' }, pairedItem: { item: itemIndex } }];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await setHidden.call(this, itemIndex, 'HIDE');
}
