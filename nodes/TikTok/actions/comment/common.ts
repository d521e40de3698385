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
import { sendOnce } from '../common/sendOnce';
import type { PostContent } from '../../helpers/postIdentity';
import {
	CommentInputError,
	MAX_COMMENTS_PER_REQUEST,
	parseCommentId,
	toOutputComment,
	validateCommentText,
} from '../../helpers/comments';
import { parameterText, TextParameterError } from '../../helpers/text';
import { parseVideoIdOrUrl, VideoIdError } from '../../helpers/videoId';

/** Scopes of the API for Business: reading comments, and writing or moderating them. */
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

/** The text of a reply or a new comment, trimmed and within TikTok's limit. */
export function readCommentText(
	this: IExecuteFunctions,
	itemIndex: number,
	what: 'reply' | 'comment',
): string {
	try {
		return validateCommentText(
			parameterText(this.getNodeParameter('text', itemIndex, ''), '"Text"'),
			what,
		);
	} catch (error) {
		return fail.call(this, error, itemIndex);
	}
}

// ---------- Create and Reply ----------

/** What a new comment or reply is, for sendOnce and for the error when its answer was lost. */
export interface CommentPost {
	what: 'comment' | 'reply';
	path: string;
	body: IDataObject;
	operation: 'create' | 'reply';
	/** Tells this post apart from others of the same item (sendOnce). */
	content: PostContent;
	/** "whether <subject> was posted". */
	subject: string;
	/** Where to look before running it again. */
	whereToCheck: string;
}

/**
 * Posts a comment or a reply. Never retried automatically: TikTok takes no idempotency key, so a
 * second attempt after an unclear failure could post twice. For the same reason a post whose
 * answer was lost is not sent again by n8n's Retry On Fail or an agent's repeated call (sendOnce).
 */
export async function postCommentOnce(
	this: IExecuteFunctions,
	itemIndex: number,
	post: CommentPost,
): Promise<IDataObject> {
	const { data } = await sendOnce(
		this,
		itemIndex,
		post.content,
		() =>
			new NodeOperationError(
				this.getNode(),
				`TikTok may already have this ${post.what}: the answer to the request that posts it was lost`,
				{
					itemIndex,
					description: `The request may or may not have reached TikTok, so n8n cannot tell whether ${post.subject} was posted. To avoid ${post.what === 'reply' ? 'replying' : 'commenting'} twice, n8n does not send it again: ${post.whereToCheck}, and run this again only if the ${post.what} is missing.`,
				},
			),
		async () =>
			await businessApiRequest.call(this, {
				method: 'POST',
				path: post.path,
				body: post.body,
				itemIndex,
				scope: SCOPE_MANAGE,
				idempotent: false,
				operation: post.operation,
			}),
	);
	return toOutputComment(data);
}

const ALLOWED = {
	status: ['PUBLIC', 'ALL'],
	sortField: ['create_time', 'likes', 'replies'],
};

/**
 * The list's Options and Sort as TikTok's query parameters, checked before any call. Choices
 * left unset are not sent (TikTok's defaults apply).
 */
export function readListOptions(
	this: IExecuteFunctions,
	itemIndex: number,
	sortOrders: string[],
	allowReplies: boolean,
): IDataObject {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const sort = this.getNodeParameter('sort', itemIndex, {}) as IDataObject;
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
	if (sort.sortField !== undefined && sort.sortField !== '') {
		check('Sort By', sort.sortField, ALLOWED.sortField);
		qs.sort_field = sort.sortField;
	}
	if (sort.sortOrder !== undefined && sort.sortOrder !== '') {
		check('Sort Order', sort.sortOrder, sortOrders);
		qs.sort_order = sort.sortOrder;
	}
	if (allowReplies && options.includeReplies === true) qs.include_replies = true;
	return qs;
}

// ---------- Hide, Pin and Like (and their reverse) ----------

/** The `action` TikTok takes for each comment state change. */
export type CommentStateAction = 'HIDE' | 'UNHIDE' | 'PIN' | 'UNPIN' | 'LIKE' | 'UNLIKE';

interface StateChange {
	operation: 'hide' | 'unhide' | 'pin' | 'unpin' | 'like' | 'unlike';
	path: string;
	/** The output field that tells the comment's new state, and its value. */
	field: 'hidden' | 'pinned' | 'liked';
	value: boolean;
	/**
	 * Whether the request may be sent again after a rate limit, a TikTok-side error or a
	 * dropped connection. Pin, unpin, like and unlike set a state: a second identical request
	 * leaves the comment as the first did (TikTok does not count a like twice), so resending
	 * cannot act twice. Hide and Unhide keep their original rule: never resent.
	 */
	idempotent: boolean;
	commentDescription: string;
}

const STATE_CHANGES: Record<CommentStateAction, StateChange> = {
	HIDE: {
		operation: 'hide',
		path: 'business/comment/hide/',
		field: 'hidden',
		value: true,
		idempotent: false,
		commentDescription:
			"The comment or reply to hide (its comment_id). Anyone's comment can be hidden; Unhide reverses it.",
	},
	UNHIDE: {
		operation: 'unhide',
		path: 'business/comment/hide/',
		field: 'hidden',
		value: false,
		idempotent: false,
		commentDescription: 'The hidden comment or reply to show again (its comment_id)',
	},
	PIN: {
		operation: 'pin',
		path: 'business/comment/pin/',
		field: 'pinned',
		value: true,
		idempotent: true,
		commentDescription:
			'The comment to pin at the top of the video (its comment_id from Get Many). Only a top-level comment of this video can be pinned, not a reply; pinning it replaces the comment pinned before.',
	},
	UNPIN: {
		operation: 'unpin',
		path: 'business/comment/pin/',
		field: 'pinned',
		value: false,
		idempotent: true,
		commentDescription: 'The pinned comment of this video to unpin (its comment_id from Get Many)',
	},
	LIKE: {
		operation: 'like',
		path: 'business/comment/like/',
		field: 'liked',
		value: true,
		idempotent: true,
		commentDescription:
			'The comment or reply to like as the connected account (its comment_id). Liking it again changes nothing.',
	},
	UNLIKE: {
		operation: 'unlike',
		path: 'business/comment/like/',
		field: 'liked',
		value: false,
		idempotent: true,
		commentDescription: 'The comment or reply to take the like back from (its comment_id)',
	},
};

export function commentStateProperties(action: CommentStateAction): INodeProperties[] {
	return [commentVideoProperty, commentIdProperty(STATE_CHANGES[action].commentDescription)];
}

/**
 * Hides, pins or likes a comment, or reverses it: `POST` `{video_id, comment_id, action}` (the
 * like endpoint gets `video_id` too, docs/business-api.md §4.8); TikTok answers an empty `data`.
 */
export async function setCommentState(
	this: IExecuteFunctions,
	itemIndex: number,
	action: CommentStateAction,
): Promise<INodeExecutionData[]> {
	const change = STATE_CHANGES[action];
	const videoId = readVideoId.call(this, itemIndex);
	const commentId = readCommentId.call(this, itemIndex);
	await businessApiRequest.call(this, {
		method: 'POST',
		path: change.path,
		body: { video_id: videoId, comment_id: commentId, action },
		itemIndex,
		scope: SCOPE_MANAGE,
		idempotent: change.idempotent,
		operation: change.operation,
	});
	return [
		{
			json: { comment_id: commentId, video_id: videoId, [change.field]: change.value },
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
