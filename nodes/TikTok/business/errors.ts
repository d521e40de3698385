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
import type { FieldScopes } from '../helpers/businessFields';
import { type ErrorAdvice, joinSentences, redactTokenEndpointText } from '../helpers/messages';

export { isBusinessRateLimit, isBusinessServerError };

export const BUSINESS_ERROR_ADVICE: Record<string, ErrorAdvice> = {
	...BUSINESS_TOKEN_ADVICE,
	'40001': {
		message: 'TikTok says this app has no permission for that',
		fix:
			'The connected account must have granted the scope this operation needs, and your app must have TikTok Accounts > Business Comment (Get and Manage Business Comment) enabled on business-api.tiktok.com. If you added a permission, ' +
			RECONNECT_BUSINESS +
			'. The video must belong to the connected account.',
	},
	'40002': {
		message: 'TikTok rejected a parameter',
		fix: "Check the value TikTok names. Video and comment IDs must come from the connected account's own videos, and the comment must be on that video.",
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

export type CommentOperation = 'getAll' | 'getReplies' | 'reply' | 'hide' | 'unhide' | 'delete';

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
		code === '40001' || (!advice && /scope|permission/i.test(input.message ?? ''));
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
			description: joinSentences(scope, advice.fix, says, requestId),
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
