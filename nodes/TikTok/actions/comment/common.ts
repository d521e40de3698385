import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { businessApiRequest } from '../../business/api';
import { NodeOperationError } from 'n8n-workflow';

import { CommentInputError, parseCommentId, validateCommentText } from '../../helpers/comments';
import { parameterText, TextParameterError } from '../../helpers/text';
import { parseVideoIdOrUrl, VideoIdError } from '../../helpers/videoId';

/** Scopes of the API for Business: reading comments, and replying/hiding/deleting. */
export const SCOPE_READ = 'comment.list';
export const SCOPE_MANAGE = 'comment.list.manage';

export const videoProperty: INodeProperties = {
	displayName: 'Video',
	name: 'video',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 7300000000000000001 or https://www.tiktok.com/@user/video/7300000000000000001',
	description: 'ID or link of a video posted by the connected TikTok account',
};

export function commentIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Comment ID',
		name: 'commentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7300000000000000002',
		description,
	};
}

export const statusOption: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: [
		{ name: 'All (Including Hidden)', value: 'ALL', description: 'Public and hidden comments' },
		{ name: 'Public Only', value: 'PUBLIC', description: 'Only comments everyone can see' },
	],
	default: 'ALL',
	description: 'Which comments to return. Without this option TikTok returns all of them, hidden ones included.',
};

/** Sort order of a comment list; TikTok ranks by its own relevance ("smart") without it. */
export function sortOrderOption(description: string): INodeProperties {
	return {
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		options: [
			{ name: 'Ascending', value: 'asc' },
			{ name: 'Descending', value: 'desc' },
			{ name: 'Smart', value: 'smart', description: "TikTok's own ranking" },
		],
		default: 'desc',
		description,
	};
}

export const sortFieldOption: INodeProperties = {
	displayName: 'Sort By',
	name: 'sortField',
	type: 'options',
	options: [
		{ name: 'Create Time', value: 'create_time' },
		{ name: 'Likes', value: 'likes' },
		{ name: 'Replies', value: 'replies' },
	],
	default: 'create_time',
	description: 'The field TikTok sorts by. Without this option the order is TikTok\'s own.',
};

function fail(this: IExecuteFunctions, error: unknown, itemIndex: number): never {
	if (error instanceof VideoIdError || error instanceof CommentInputError || error instanceof TextParameterError) {
		throw new NodeOperationError(this.getNode(), error.message, { itemIndex, description: error.fix });
	}
	throw error;
}

/** The video, from an ID or a tiktok.com link; refused before any call if it is neither. */
export function readVideoId(this: IExecuteFunctions, itemIndex: number): string {
	try {
		return parseVideoIdOrUrl(parameterText(this.getNodeParameter('video', itemIndex, ''), '"Video"'));
	} catch (error) {
		return fail.call(this, error, itemIndex);
	}
}

export function readCommentId(this: IExecuteFunctions, itemIndex: number): string {
	try {
		return parseCommentId(parameterText(this.getNodeParameter('commentId', itemIndex, ''), '"Comment ID"'));
	} catch (error) {
		return fail.call(this, error, itemIndex);
	}
}

export function readReplyText(this: IExecuteFunctions, itemIndex: number): string {
	try {
		return validateCommentText(parameterText(this.getNodeParameter('text', itemIndex, ''), '"Text"'));
	} catch (error) {
		return fail.call(this, error, itemIndex);
	}
}

const ALLOWED = {
	status: ['PUBLIC', 'ALL'],
	sortField: ['create_time', 'likes', 'replies'],
};

/**
 * The list options as TikTok's query parameters, checked before any call. Options left unset
 * are not sent (TikTok's defaults apply).
 */
export function readListOptions(
	this: IExecuteFunctions,
	itemIndex: number,
	sortOrders: string[],
	allowReplies: boolean,
): IDataObject {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	const check = (name: string, value: unknown, allowed: string[]) => {
		if (!allowed.includes(String(value))) {
			throw new NodeOperationError(this.getNode(), `Option "${name}" has an unknown value: ${String(value)}`, {
				itemIndex,
				description: `Choose one of: ${allowed.join(', ')}.`,
			});
		}
	};
	if (options.status !== undefined && options.status !== '') {
		check('Status', options.status, ALLOWED.status);
		qs.status = options.status;
	}
	if (options.sortField !== undefined && options.sortField !== '') {
		check('Sort By', options.sortField, ALLOWED.sortField);
		qs.sort_field = options.sortField;
	}
	if (options.sortOrder !== undefined && options.sortOrder !== '') {
		check('Sort Order', options.sortOrder, sortOrders);
		qs.sort_order = options.sortOrder;
	}
	if (allowReplies && options.includeReplies === true) qs.include_replies = true;
	return qs;
}

// ---------- Hide and Unhide ----------

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
