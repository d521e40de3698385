import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { businessApiRequest, businessApiRequestAllItems } from '../../business/api';
import { commentIdProperty, videoIdProperty } from '../common/descriptions';
import { readResourceLocator } from '../common/parameters';
import {
	CommentInputError,
	MAX_COMMENTS_PER_REQUEST,
	parseCommentId,
	toOutputComment,
	validateCommentText,
} from '../../helpers/comments';
import { parameterText, TextParameterError } from '../../helpers/text';
import { parseVideoIdOrUrl, VideoIdError } from '../../helpers/videoId';

/** Scopes of the API for Business: reading comments, and replying/hiding/deleting. */
export const SCOPE_READ = 'comment.list';
export const SCOPE_MANAGE = 'comment.list.manage';

/** The video whose comments an operation works on. */
export const commentVideoProperty = videoIdProperty(
	'A video posted by the connected TikTok account',
	'business',
);

function fail(this: IExecuteFunctions, error: unknown, itemIndex: number): never {
	if (
		error instanceof VideoIdError ||
		error instanceof CommentInputError ||
		error instanceof TextParameterError
	) {
		throw new NodeOperationError(this.getNode(), error.message, {
			itemIndex,
			description: error.fix,
		});
	}
	throw error;
}

/** The video, from an ID or a tiktok.com link in either mode; refused before any call if it is neither. */
export function readVideoId(this: IExecuteFunctions, itemIndex: number): string {
	try {
		return parseVideoIdOrUrl(
			parameterText(readResourceLocator.call(this, 'videoId', itemIndex).value, '"Video"'),
		);
	} catch (error) {
		return fail.call(this, error, itemIndex);
	}
}

export function readCommentId(this: IExecuteFunctions, itemIndex: number): string {
	try {
		return parseCommentId(
			parameterText(this.getNodeParameter('commentId', itemIndex, ''), '"Comment ID"'),
		);
	} catch (error) {
		return fail.call(this, error, itemIndex);
	}
}

export function readReplyText(this: IExecuteFunctions, itemIndex: number): string {
	try {
		return validateCommentText(
			parameterText(this.getNodeParameter('text', itemIndex, ''), '"Text"'),
		);
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
			throw new NodeOperationError(
				this.getNode(),
				`Option "${name}" has an unknown value: ${String(value)}`,
				{
					itemIndex,
					description: `Choose one of: ${allowed.join(', ')}.`,
				},
			);
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
		commentVideoProperty,
		commentIdProperty(
			action === 'HIDE'
				? "The comment or reply to hide (its comment_id). Anyone's comment can be hidden; Unhide reverses it."
				: 'The hidden comment or reply to show again (its comment_id)',
		),
	];
}

/** `POST business/comment/hide/` with HIDE or UNHIDE; TikTok answers an empty `data`. */
export async function setHidden(
	this: IExecuteFunctions,
	itemIndex: number,
	action: HideAction,
): Promise<INodeExecutionData[]> {
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
	return [
		{
			json: { comment_id: commentId, video_id: videoId, hidden: action === 'HIDE' },
			pairedItem: { item: itemIndex },
		},
	];
}

// ---------- Get Many and Get Replies ----------

/**
 * A comment list (a video's comments, or a comment's replies), every page or up to Limit, one
 * output item per comment. Comments are told apart by comment_id: past 500 comments TikTok may
 * send some again (docs/business-api.md §4.1).
 */
export async function listComments(
	this: IExecuteFunctions,
	itemIndex: number,
	list: {
		path: string;
		qs: IDataObject;
		operation: 'getAll' | 'getReplies';
		limit: number | undefined;
	},
): Promise<INodeExecutionData[]> {
	const comments = await businessApiRequestAllItems.call(
		this,
		{
			method: 'GET',
			path: list.path,
			qs: list.qs,
			itemIndex,
			scope: SCOPE_READ,
			idempotent: true,
			operation: list.operation,
		},
		'comments',
		list.limit,
		MAX_COMMENTS_PER_REQUEST,
		'comment_id',
	);
	return comments.map((comment) => ({
		json: toOutputComment(comment),
		pairedItem: { item: itemIndex },
	}));
}
