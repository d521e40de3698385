/**
 * Pure helpers of the Comment resource (TikTok API for Business): input checks made before any
 * call, and the shape of output items.
 */
import type { IDataObject } from 'n8n-workflow';

import { TEXT_LIMITS } from './contentRules';

/** Bad input, with the fix to show the user. */
export class CommentInputError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'CommentInputError';
	}
}

/** The largest page comment/list and comment/reply/list return (`max_count`, 1-30). */
export const MAX_COMMENTS_PER_REQUEST = 30;

const INT64_MAX = 9223372036854775807n;

/**
 * A comment ID: a positive int64 in decimal, like video IDs. Accepts text (surrounding spaces
 * ignored) or a number small enough to be exact; refuses anything else with the fix to show.
 */
export function parseCommentId(value: unknown, label = 'Comment ID'): string {
	const fix = `A comment ID is the comment_id of a comment from Get Many or Get Replies: a number of up to 19 digits, passed as text.`;
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value)) {
			throw new CommentInputError(
				`"${label}" arrived as a number and has lost digits (${String(value)})`,
				'Comment IDs have 19 digits, more than a number holds exactly. Map the comment_id output by Get Many or Get Replies, which is always text.',
			);
		}
		value = String(value);
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw new CommentInputError(`"${label}" is empty`, fix);
	}
	const text = value.trim();
	if (!/^\d{1,19}$/.test(text) || BigInt(text) === 0n || BigInt(text) > INT64_MAX) {
		throw new CommentInputError(
			`"${label}" is not a TikTok comment ID: "${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`,
			fix,
		);
	}
	return BigInt(text).toString();
}

/** Characters as people count them (emoji and other astral characters count once). */
export function textLength(text: string): number {
	return [...text].length;
}

/**
 * The text of a reply or a new comment: surrounding whitespace removed, not empty, within
 * TikTok's limit. Returns the text to send, or throws with the fix.
 */
export function validateCommentText(value: unknown, what: 'reply' | 'comment' = 'reply'): string {
	const text =
		typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (text === '') {
		throw new CommentInputError(
			`The ${what} "Text" is empty`,
			`Enter the text to post, up to ${TEXT_LIMITS.commentText} characters.`,
		);
	}
	const length = textLength(text);
	const max = TEXT_LIMITS.commentText;
	if (length > max) {
		throw new CommentInputError(
			`The ${what} "Text" is ${length} characters long; TikTok allows ${max}`,
			`Shorten it by ${length - max} character${length - max === 1 ? '' : 's'}. If an AI step writes it, ask for at most ${max} characters.`,
		);
	}
	return text;
}

const ID_FIELDS = ['comment_id', 'video_id', 'parent_comment_id', 'user_id', 'unique_identifier'];

/** One comment as output: ID fields always text (19-digit IDs do not fit a number), replies alike. */
export function toOutputComment(comment: IDataObject): IDataObject {
	const output: IDataObject = { ...comment };
	for (const field of ID_FIELDS) {
		const value = output[field];
		if (typeof value === 'number' || typeof value === 'bigint') output[field] = String(value);
	}
	if (Array.isArray(output.reply_list)) {
		output.reply_list = (output.reply_list as IDataObject[]).map((reply) =>
			reply && typeof reply === 'object' ? toOutputComment(reply) : reply,
		);
	}
	return output;
}
