/**
 * TikTok API for Business return codes mapped to messages a non-developer can act on.
 *
 * The Business API answers `{code, message, request_id, data}`, usually with HTTP 200 even for
 * errors: success is `code === 0` and nothing else. Codes are numeric. Which codes are confirmed
 * and from where is in docs/business-api.md §5; unknown codes keep TikTok's own message. Every
 * description ends with TikTok's request ID, which TikTok support asks for.
 */
import type { ErrorAdvice, TokenFailureKind } from './errors';
import { describeTokenServiceFailure, joinSentences, redactTokenEndpointText, redactTokens } from './errors';

const RECONNECT =
	'authorize the app again and paste the new authorization code (or a fresh refresh token) into the TikTok Business OAuth2 API credential';

export const BUSINESS_ERROR_ADVICE: Record<string, ErrorAdvice> = {
	'40001': {
		message: 'TikTok says this app has no permission for that',
		fix: 'The connected account must have granted the scope this operation needs, and your app must have TikTok Accounts > Business Comment (Get and Manage Business Comment) enabled on business-api.tiktok.com. If you added a permission, ' + RECONNECT + '. The video must belong to the connected account.',
	},
	'40002': {
		message: 'TikTok rejected a parameter',
		fix: 'Check the value TikTok names. Video and comment IDs must come from the connected account\'s own videos, and the comment must be on that video.',
	},
	'40100': {
		message: 'TikTok rate limit reached',
		fix: 'TikTok allows about 40 calls a minute per account and endpoint. Wait a minute and run again, or space out the calls (for example with a Wait node).',
		retryable: true,
	},
	'40101': {
		message: 'TikTok rejected the App ID or Secret',
		fix: 'Check App ID and Secret in the TikTok Business OAuth2 API credential: they are those of your app under My Apps on business-api.tiktok.com, not a TikTok for Developers client key.',
	},
	'40102': {
		message: 'The TikTok Business access token expired',
		fix: 'n8n refreshes it automatically. If this persists, ' + RECONNECT + '.',
	},
	'40104': {
		message: 'TikTok received no access token',
		fix: 'Paste a refresh token or an authorization code into the TikTok Business OAuth2 API credential.',
	},
	'40105': {
		message: 'TikTok says the access token is incorrect or was revoked',
		fix: 'If the account holder removed the app\'s access, they must approve it again: ' + RECONNECT + '.',
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
	return Object.prototype.hasOwnProperty.call(BUSINESS_ERROR_ADVICE, code) ? BUSINESS_ERROR_ADVICE[code] : undefined;
}

/** The access token was refused: by code, or by TikTok's wording for codes not confirmed yet. */
export function isBusinessTokenRefusal(code: string, message?: string): boolean {
	if (TOKEN_CODES.has(code)) return true;
	if (code === '0' || !message) return false;
	return /access[ _-]?token/i.test(message) && /(expired|invalid|incorrect|revoked|empty|missing)/i.test(message);
}

export function isBusinessRateLimit(code: string, httpStatus?: number): boolean {
	return code === '40100' || httpStatus === 429;
}

/** TikTok-side failures: HTTP 5xx, or the 5xxxx family of return codes. */
export function isBusinessServerError(code: string, httpStatus?: number): boolean {
	return (httpStatus !== undefined && httpStatus >= 500) || /^5\d{4}$/.test(code);
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
	operation?: CommentOperation;
}

function tikTokSays(message?: string): string {
	return message ? `TikTok says: "${redactTokens(message)}".` : '';
}

function requestIdSentence(requestId?: string): string {
	return requestId ? `TikTok request ID: ${requestId}` : '';
}

/** Message and description for a refused Business API call. */
export function describeBusinessError(input: BusinessErrorInput): { message: string; description: string } {
	const { code, operation } = input;
	const says = tikTokSays(input.message);
	const requestId = requestIdSentence(input.requestId);
	const aboutToken = isBusinessTokenRefusal(code, input.message) || code === '40101';
	const transient = isBusinessRateLimit(code, input.httpStatus) || isBusinessServerError(code, input.httpStatus);

	if (operation === 'delete' && !aboutToken && !transient) {
		return {
			message: `TikTok refused to delete this comment (${code})`,
			description: joinSentences(
				'TikTok only deletes comments the connected account wrote itself. To take someone else\'s comment out of view, use Hide instead (Unhide reverses it).',
				says,
				requestId,
			),
		};
	}

	const advice = adviceForBusinessError(code);
	const permissionProblem = code === '40001' || (!advice && /scope|permission/i.test(input.message ?? ''));
	const granted = (input.grantedScopes ?? '').split(',').map((g) => g.trim()).filter(Boolean);
	const lacking = permissionProblem && input.requiredScope && granted.length > 0 && !granted.includes(input.requiredScope);
	const scope = permissionProblem && input.requiredScope
		? joinSentences(
				`This operation needs the ${input.requiredScope} scope.`,
				lacking ? `The credential's token was granted only: ${granted.join(', ')}.` : '',
			)
		: '';
	if (advice) {
		return { message: `${advice.message} (${code})`, description: joinSentences(scope, advice.fix, says, requestId) };
	}
	if (isBusinessServerError(code, input.httpStatus)) {
		return {
			message: `TikTok had an internal error (${code})`,
			description: joinSentences('This is on TikTok\'s side. Try again later.', says, requestId),
		};
	}
	if (isBusinessTokenRefusal(code, input.message)) {
		return {
			message: `TikTok refused the access token (${code})`,
			description: joinSentences(`n8n refreshes it automatically. If this persists, ${RECONNECT}.`, says, requestId),
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

/** Where a token request failed, in the shape of BusinessTokenError (see transport/businessToken.ts). */
export interface BusinessTokenFailure {
	step: 'refresh' | 'authorization_code' | 'token_info' | 'setup';
	code: string;
	message?: string;
	requestId?: string;
	httpStatus?: number;
}

export const RECONNECT_BUSINESS_MESSAGE = 'Reconnect the TikTok Business credential: its refresh token is no longer valid';

/**
 * The same three kinds as the TikTok for Developers credentials (errors.ts): only a TikTok refusal
 * of the refresh token or code in a well-formed answer means reconnect. HTTP 5xx, TikTok's 5xxxx
 * codes and answers that are not TikTok's envelope with a token (`http_<status>`,
 * `no_access_token`) are on TikTok's side.
 */
export function classifyBusinessTokenFailure(failure: Pick<BusinessTokenFailure, 'step' | 'code' | 'httpStatus'>): TokenFailureKind {
	if (failure.step === 'setup' || failure.step === 'token_info') return 'other';
	if (isBusinessServerError(failure.code, failure.httpStatus)) return 'tiktok_unavailable';
	if (failure.code === '40101' || isBusinessRateLimit(failure.code, failure.httpStatus)) return 'other';
	return /^\d+$/.test(failure.code) ? 'grant_refused' : 'tiktok_unavailable';
}

/** Message and description for a failed token step of the Business credential. */
export function describeBusinessTokenFailure(failure: BusinessTokenFailure): { message: string; description: string } {
	const message = failure.message ? redactTokenEndpointText(failure.message) : undefined;
	const says = tikTokSays(message);
	const requestId = requestIdSentence(failure.requestId);
	if (failure.step === 'setup') {
		switch (failure.code) {
			case 'missing_app_credentials':
				return {
					message: 'The TikTok Business credential has no App ID or Secret',
					description: 'Enter the App ID and Secret of your app under My Apps on business-api.tiktok.com.',
				};
			case 'missing_redirect_uri':
				return {
					message: 'The TikTok Business credential has an Authorization Code but no Redirect URI',
					description:
						'Enter the TikTok account holder redirect URL registered for the app, exactly as registered (it ends with "/"). TikTok needs it to exchange the code.',
				};
			default:
				return {
					message: 'The TikTok Business credential has no refresh token',
					description: 'Paste a refresh token, or an authorization code together with its Redirect URI, into the TikTok Business OAuth2 API credential.',
				};
		}
	}
	if (failure.code === '40101' || isBusinessRateLimit(failure.code, failure.httpStatus)) {
		const advice = adviceForBusinessError(failure.code === '40101' ? '40101' : '40100')!;
		return { message: `${advice.message} (${failure.code})`, description: joinSentences(advice.fix, says, requestId) };
	}
	if (classifyBusinessTokenFailure(failure) === 'tiktok_unavailable') {
		return describeTokenServiceFailure({
			httpStatus: failure.httpStatus,
			code: /^\d+$/.test(failure.code) ? failure.code : undefined,
			tikTokMessage: message,
			reference: requestId,
		});
	}
	if (failure.step === 'authorization_code') {
		return {
			message: `TikTok refused the authorization code (${failure.code})`,
			description: joinSentences(
				'An authorization code works once and for 10 minutes, and only with the exact Redirect URI it was issued for. Have the account holder authorize the app again and paste the new code promptly, or clear the field and paste a refresh token.',
				says,
				requestId,
			),
		};
	}
	if (failure.step === 'token_info') {
		return {
			message: 'TikTok did not say which account the token belongs to',
			description: joinSentences(
				'The token answer carried no account ID (open_id or creator_id) and TikTok\'s token info could not be read. The new tokens were saved, so nothing needs reconnecting: run the workflow again later and n8n asks TikTok again. If it persists, contact TikTok API for Business support with the request ID.',
				says,
				requestId,
			),
		};
	}
	return {
		message: RECONNECT_BUSINESS_MESSAGE,
		description: joinSentences(
			`TikTok refused the refresh (${failure.code}).`,
			says,
			'The refresh token expired (after about a year), the account holder revoked the app, or it was already used: TikTok may replace it on every refresh, and pasting an old one again overwrites the new one. To fix it, ' +
				RECONNECT +
				'.',
			requestId,
		),
	};
}
