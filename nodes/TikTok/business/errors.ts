/**
 * TikTok API for Business return codes mapped to messages a non-developer can act on; every
 * description ends with TikTok's request ID. Which codes are confirmed: docs/business-api.md §5.
 */
import {
	BUSINESS_TOKEN_ADVICE,
	businessRequestIdSentence,
	businessTikTokSays,
	isBusinessRateLimit,
	isBusinessServerError,
	RECONNECT_BUSINESS,
} from '../auth/tokenErrors';
import { TEXT_LIMITS } from '../helpers/contentRules';
import type { FieldScopes } from '../helpers/businessFields';
import { type ErrorAdvice, joinSentences, redactTokenEndpointText } from '../helpers/messages';

export { isBusinessRateLimit, isBusinessServerError };

export const BUSINESS_ERROR_ADVICE: Record<string, ErrorAdvice> = {
	...BUSINESS_TOKEN_ADVICE,
	'40001': {
		message: 'TikTok says this app has no permission for that',
		fix:
			'The connected account must have granted the scope this operation needs, and your app must have the matching TikTok Accounts permission enabled on business-api.tiktok.com (Business Comment for comments, Account User for insights, Get Account Media for videos). If you added a permission, ' +
			RECONNECT_BUSINESS +
			'. The video must belong to the connected account.',
	},
	'40002': {
		message: 'TikTok rejected a parameter',
		fix: "Check the value TikTok names. Video and comment IDs must come from the connected account's own videos, and the comment must be on that video.",
	},
	'40130': {
		message: 'TikTok says the connected account did not authorize this',
		fix:
			'A scope this request needs was not granted. Enable it for your app on business-api.tiktok.com (TikTok Accounts permissions), then ' +
			RECONNECT_BUSINESS +
			', approving every permission asked.',
	},
	'40102': {
		message: 'The TikTok Business access token expired',
		fix: 'n8n refreshes it automatically. If this persists, ' + RECONNECT_BUSINESS + '.',
	},
	'40104': {
		message: 'TikTok received no access token',
		fix: 'Paste a refresh token or an authorization code into the TikTok Business OAuth2 API credential.',
	},
	'40105': {
		message: 'TikTok says the access token is incorrect or was revoked',
		fix:
			"If the account holder removed the app's access, they must approve it again: " +
			RECONNECT_BUSINESS +
			'.',
	},
	unexpected_response: {
		message: 'TikTok sent an answer the node does not understand',
		fix: 'A proxy or firewall between n8n and TikTok may have replaced the answer, or TikTok changed its API. Try again; if it persists, report it.',
	},
	'40110': {
		message: 'TikTok rejected the authorization code',
		fix: 'An authorization code works once and for 10 minutes. Have the account holder authorize the app again and paste the new code promptly.',
	},
};

/** Codes whose cause is the access token: worth one forced refresh before giving up. */
const TOKEN_CODES = new Set(['40102', '40104', '40105']);

export function adviceForBusinessError(code: string): ErrorAdvice | undefined {
	return Object.prototype.hasOwnProperty.call(BUSINESS_ERROR_ADVICE, code)
		? BUSINESS_ERROR_ADVICE[code]
		: undefined;
}

/** The access token was refused: by code, or by TikTok's wording for codes not confirmed yet. */
export function isBusinessTokenRefusal(code: string, message?: string): boolean {
	if (TOKEN_CODES.has(code)) return true;
	if (code === '0' || !message) return false;
	return (
		/access[ _-]?token/i.test(message) &&
		/(expired|invalid|incorrect|revoked|empty|missing)/i.test(message)
	);
}

export type CommentOperation =
	| 'getAll'
	| 'getReplies'
	| 'create'
	| 'reply'
	| 'hide'
	| 'unhide'
	| 'pin'
	| 'unpin'
	| 'like'
	| 'unlike'
	| 'delete';

/** Codes that say the app or token may not do this at all: named with the scope, not blamed on the comment. */
const PERMISSION_CODES = new Set(['40001', '40130']);

/**
 * What an operation acting on one comment needs, for a refusal that is about the comment or the
 * video (a parameter error, or a code with no advice of its own): TikTok's message says which.
 */
const COMMENT_REFUSALS: Partial<Record<BusinessOperation, { message: string; fix: string }>> = {
	create: {
		message: 'TikTok refused to post this comment',
		fix: `TikTok posts comments of up to ${TEXT_LIMITS.commentText} characters on the connected account's own videos, where comments are turned on, and may refuse many similar comments in a short time as spam. Check the video and the text.`,
	},
	pin: {
		message: 'TikTok refused to pin this comment',
		fix: 'TikTok pins only a top-level comment of the chosen video: the comment must be on that video (not on another one) and must not be a reply. Take its comment_id from Get Many on the same video.',
	},
	unpin: {
		message: 'TikTok refused to unpin this comment',
		fix: 'Only a top-level comment of the chosen video can be pinned or unpinned: the comment must be on that video (not on another one) and must not be a reply. Take its comment_id from Get Many on the same video.',
	},
	like: {
		message: 'TikTok refused to like this comment',
		fix: "The comment must be on the chosen video, one of the connected account's own videos. Take its comment_id from Get Many or Get Replies on that video.",
	},
	unlike: {
		message: 'TikTok refused to unlike this comment',
		fix: "The comment must be on the chosen video, one of the connected account's own videos. Take its comment_id from Get Many or Get Replies on that video.",
	},
};

/**
 * 40001 for a scope outside the comment permission (the From List video search needs video.list):
 * the portal permission that grants it, rather than the comment one. Comment scopes keep `fix`.
 */
function noPermissionFix(requiredScope: string | undefined, fix: string): string {
	const permission = requiredScope?.startsWith('video.')
		? 'Get Account Media'
		: requiredScope?.startsWith('user.')
			? 'Account User'
			: undefined;
	if (!permission) return fix;
	return `The connected account must have granted the scope this operation needs, and your app must have TikTok Accounts > ${permission} enabled on business-api.tiktok.com. If you added a permission, ${RECONNECT_BUSINESS}.`;
}

export interface BusinessErrorInput {
	/** TikTok's `code` as text, or `http_<status>` when the body had none. */
	code: string;
	message?: string;
	requestId?: string;
	httpStatus?: number;
	/** The scope the call needs, named when TikTok refuses for lack of permission. */
	requiredScope?: string;
	/** The scopes the stored token was granted (comma-separated), when known. */
	grantedScopes?: string;
	operation?: BusinessOperation;
	/** Account operations: the scopes the chosen fields need, named on 40130 and 40001. */
	fieldScopes?: FieldScopes[];
}

/** Message and description for a refused Business API call. */
export function describeBusinessError(input: BusinessErrorInput): {
	message: string;
	description: string;
} {
	const { operation } = input;
	// TikTok's codes are numbers; anything else came from whatever answered (a proxy), which may quote a token.
	const code = redactTokenEndpointText(input.code);
	const says = businessTikTokSays(input.message);
	const requestId = businessRequestIdSentence(input.requestId);
	const aboutToken = isBusinessTokenRefusal(code, input.message) || code === '40101';
	const transient =
		isBusinessRateLimit(code, input.httpStatus) || isBusinessServerError(code, input.httpStatus);

	const fieldPermission = describeFieldPermissionError(input, code, says, requestId);
	if (fieldPermission) return fieldPermission;

	if (operation === 'delete' && !aboutToken && !transient) {
		return {
			message: `TikTok refused to delete this comment (${code})`,
			description: joinSentences(
				"TikTok only deletes comments the connected account wrote itself. To take someone else's comment out of view, use Hide instead (Unhide reverses it).",
				says,
				requestId,
			),
		};
	}

	const advice = adviceForBusinessError(code);
	const permissionProblem =
		PERMISSION_CODES.has(code) || (!advice && /scope|permission/i.test(input.message ?? ''));
	// TikTok's own code (not an HTTP status from whatever answered) about the comment or video.
	const refusal = operation ? COMMENT_REFUSALS[operation] : undefined;
	const aboutTheComment = /^\d+$/.test(code) && (code === '40002' || !advice);
	if (refusal && aboutTheComment && !aboutToken && !transient && !permissionProblem) {
		return {
			message: `${refusal.message} (${code})`,
			description: joinSentences(refusal.fix, says, requestId),
		};
	}

	const granted = (input.grantedScopes ?? '')
		.split(',')
		.map((g) => g.trim())
		.filter(Boolean);
	const lacking =
		permissionProblem &&
		input.requiredScope &&
		granted.length > 0 &&
		!granted.includes(input.requiredScope);
	const scope =
		permissionProblem && input.requiredScope
			? joinSentences(
					`This operation needs the ${input.requiredScope} scope.`,
					lacking ? `The credential's token was granted only: ${granted.join(', ')}.` : '',
				)
			: '';
	if (advice) {
		return {
			message: `${advice.message} (${code})`,
			description: joinSentences(
				scope,
				code === '40001' ? noPermissionFix(input.requiredScope, advice.fix) : advice.fix,
				says,
				requestId,
			),
		};
	}
	if (isBusinessServerError(code, input.httpStatus)) {
		return {
			message: `TikTok had an internal error (${code})`,
			description: joinSentences("This is on TikTok's side. Try again later.", says, requestId),
		};
	}
	if (isBusinessTokenRefusal(code, input.message)) {
		return {
			message: `TikTok refused the access token (${code})`,
			description: joinSentences(
				`n8n refreshes it automatically. If this persists, ${RECONNECT_BUSINESS}.`,
				says,
				requestId,
			),
		};
	}
	const status = input.httpStatus && input.httpStatus !== 200 ? ` (HTTP ${input.httpStatus})` : '';
	return {
		message: `TikTok returned an error: ${code || 'unknown'}${status}`,
		description: joinSentences(
			scope,
			says,
			'If the message does not explain it, contact TikTok API for Business support with the request ID.',
			requestId,
		),
	};
}

// ---------- Account insights and videos (fields, each with its scope) ----------

export type AccountOperation = 'getInsights' | 'getVideos' | 'searchVideos';

export type BusinessOperation = CommentOperation | AccountOperation;

/** A field of the request whose scope the token lacks: the whole call fails (seen live). */
export const FIELD_SCOPE_MISSING_CODE = '40130';

/**
 * 40130 (a chosen field's scope is missing) and 40001 (no permission) on a call whose fields
 * each need a scope: which scopes the chosen fields need, and which of them the stored token
 * lacks; 40002 with TikTok's message and what these calls check. Undefined for any other code.
 */
function describeFieldPermissionError(
	input: BusinessErrorInput,
	code: string,
	says: string,
	requestId: string,
): { message: string; description: string } | undefined {
	const needed = input.fieldScopes ?? [];
	if (!needed.length) return undefined;
	if (code === '40002') {
		return {
			message: `TikTok rejected a parameter (${code})`,
			description: joinSentences(
				says,
				'Check the value TikTok names: dates are UTC days (YYYY-MM-DD) within the last 60 days, fields must be ones the node lists, and video IDs must be videos of the connected account.',
				requestId,
			),
		};
	}
	if (code !== FIELD_SCOPE_MISSING_CODE && code !== '40001') return undefined;
	const granted = (input.grantedScopes ?? '')
		.split(',')
		.map((scope) => scope.trim())
		.filter(Boolean);
	const lacking = granted.length
		? needed.filter((entry) => !granted.includes(entry.scope)).map((entry) => entry.scope)
		: [];
	const needs = `The fields you chose need: ${needed
		.map((entry) => `${entry.scope} (${entry.fields.join(', ')})`)
		.join('; ')}.`;
	const tokenHas = granted.length
		? lacking.length
			? `The credential's token lacks: ${lacking.join(', ')} (it was granted: ${granted.join(', ')}).`
			: `The credential's token was granted: ${granted.join(', ')}.`
		: '';
	const fix = `Remove the fields whose scope is missing, or enable the scope for your app on business-api.tiktok.com (TikTok Accounts) and ${RECONNECT_BUSINESS} so the account holder grants it.`;
	if (code === FIELD_SCOPE_MISSING_CODE) {
		return {
			message: `TikTok says the token lacks a permission for a field you chose (${code})`,
			description: joinSentences(needs, tokenHas, fix, says, requestId),
		};
	}
	return {
		message: `TikTok says this app has no permission for that (${code})`,
		description: joinSentences(
			needs,
			tokenHas,
			fix,
			'The credential must also be connected to the account it reads (its business_id).',
			says,
			requestId,
		),
	};
}
