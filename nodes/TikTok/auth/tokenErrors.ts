/**
 * What a failed token request means for the user, for both token protocols: TikTok for
 * Developers' OAuth token endpoint and the API for Business token endpoints.
 */
import {
	type ErrorAdvice,
	joinSentences,
	redactTokenEndpointText,
	redactTokens,
	referenceSentence,
} from '../helpers/messages';

/** `error` values of the OAuth token endpoint (flat `{error, error_description, log_id}`). */
export const OAUTH_ERROR_ADVICE: Record<string, ErrorAdvice> = {
	invalid_grant: {
		message: "TikTok no longer accepts this credential's refresh token",
		fix: 'The refresh token expired, was revoked, or was already used (TikTok rotates it on every refresh). Reconnect the TikTok credential (or paste a fresh refresh token into the TikTok Refresh Token credential).',
	},
	invalid_client: {
		message: 'TikTok rejected the Client Key or Client Secret',
		fix: 'Check Client Key and Client Secret in the credential. A sandbox has its own key and secret; do not mix them with production ones.',
	},
	invalid_request: {
		message: 'TikTok rejected the token request',
		fix: 'Make sure the redirect URI registered in the TikTok developer portal is exactly the OAuth Redirect URL n8n shows in the credential, then reconnect.',
	},
	invalid_scope: {
		message: 'A requested scope is not enabled for your TikTok app',
		fix: "Remove scopes your app does not have from the credential's Scope field (or add the products that provide them in the developer portal), then reconnect.",
	},
	unauthorized_client: {
		message: 'Your TikTok app is not enabled for this',
		fix: 'Enable Login Kit and the products you use (Content Posting API, Display API) for the app in the TikTok developer portal.',
	},
	access_denied: {
		message: 'The TikTok account did not approve the connection',
		fix: 'Reconnect the credential and approve the requested permissions.',
	},
	server_error: {
		message: "TikTok's login service had an error",
		fix: 'Try again later.',
		retryable: true,
	},
	temporarily_unavailable: {
		message: "TikTok's login service is temporarily unavailable",
		fix: 'Try again later.',
		retryable: true,
	},
};

export function adviceForOAuthError(code: string): ErrorAdvice | undefined {
	return Object.prototype.hasOwnProperty.call(OAUTH_ERROR_ADVICE, code)
		? OAUTH_ERROR_ADVICE[code]
		: undefined;
}

/** Same for the OAuth token endpoint. */
export function describeOAuthError(input: {
	error: string;
	errorDescription?: string;
	logId?: string;
}): { message: string; description: string } {
	const advice = adviceForOAuthError(input.error);
	const errorDescription = input.errorDescription
		? redactTokenEndpointText(input.errorDescription)
		: '';
	const tikTokSays = errorDescription ? `TikTok says: "${errorDescription}".` : '';
	const logId = referenceSentence('log ID', input.logId);
	const message = advice
		? `${advice.message} (${input.error})`
		: `TikTok's token endpoint returned an error: ${input.error}`;
	const fix =
		advice?.fix ??
		'Reconnect the TikTok credential. If it keeps failing, contact TikTok developer support with the log ID.';
	return { message, description: joinSentences(fix, tikTokSays, logId) };
}

/**
 * What a failed token request means for the user, the same for the three credentials:
 * - `grant_refused`: TikTok refused the refresh token (or code): only reconnecting helps;
 * - `tiktok_unavailable`: HTTP 5xx, TikTok's server-side codes, or an answer that is not a token
 *   answer at all (not JSON, no access token, a proxy's page): try again later, nothing to fix;
 * - `other`: a refusal with its own fix (wrong client key or secret, a scope, a rate limit…).
 */
export type TokenFailureKind = 'grant_refused' | 'tiktok_unavailable' | 'other';

/** Classifies a TikTok for Developers token answer: its HTTP status and OAuth `error` (undefined when the body had none). */
export function classifyOAuthTokenFailure(input: {
	httpStatus?: number;
	oauthError?: string;
}): TokenFailureKind {
	if (input.httpStatus !== undefined && input.httpStatus >= 500) return 'tiktok_unavailable';
	if (!input.oauthError) return 'tiktok_unavailable';
	if (input.oauthError === 'invalid_grant') return 'grant_refused';
	return adviceForOAuthError(input.oauthError)?.retryable ? 'tiktok_unavailable' : 'other';
}

/**
 * Message and description for a `tiktok_unavailable` token failure. `code` is TikTok's own error
 * code when it sent one (server_error, 50000…); without it the HTTP status says what happened.
 */
export function describeTokenServiceFailure(input: {
	httpStatus?: number;
	code?: string;
	tikTokMessage?: string;
	/** "TikTok log ID: …" or "TikTok request ID: …". */
	reference?: string;
}): { message: string; description: string } {
	const status = `HTTP ${input.httpStatus ?? 'error'}`;
	let message = `TikTok's token service sent an answer that is not a token (${status})`;
	if (input.code) message = `TikTok's token service had an error (${input.code})`;
	else if (input.httpStatus !== undefined && input.httpStatus >= 500)
		message = `TikTok's token service had an error (${status})`;
	const tikTokMessage = input.tikTokMessage ? redactTokenEndpointText(input.tikTokMessage) : '';
	return {
		message,
		description: joinSentences(
			"This is on TikTok's side (or a proxy between n8n and TikTok), not a problem with the credential: nothing needs reconnecting, and the stored tokens were kept. Try again in a few minutes.",
			tikTokMessage ? `TikTok says: "${tikTokMessage}".` : '',
			input.reference ?? '',
		),
	};
}

// ---------- TikTok API for Business token endpoints ----------

export const RECONNECT_BUSINESS =
	'authorize the app again and paste the new authorization code (or a fresh refresh token) into the TikTok Business OAuth2 API credential';

/** Business return codes a token request shares with API calls: the app's secret, and the rate limit. */
export const BUSINESS_TOKEN_ADVICE: Record<'40100' | '40101', ErrorAdvice> = {
	'40100': {
		message: 'TikTok rate limit reached',
		fix: 'TikTok allows about 40 calls a minute per account and endpoint. Wait a minute and run again, or space out the calls (for example with a Wait node).',
		retryable: true,
	},
	'40101': {
		message: 'TikTok rejected the App ID or Secret',
		fix: 'Check App ID and Secret in the TikTok Business OAuth2 API credential: they are those of your app under My Apps on business-api.tiktok.com, not a TikTok for Developers client key.',
	},
};

export function isBusinessRateLimit(code: string, httpStatus?: number): boolean {
	return code === '40100' || httpStatus === 429;
}

/** TikTok-side failures: HTTP 5xx, or the 5xxxx family of return codes. */
export function isBusinessServerError(code: string, httpStatus?: number): boolean {
	return (httpStatus !== undefined && httpStatus >= 500) || /^5\d{4}$/.test(code);
}

export function businessTikTokSays(message?: string): string {
	return message ? `TikTok says: "${redactTokens(message)}".` : '';
}

export function businessRequestIdSentence(requestId?: string): string {
	return referenceSentence('request ID', requestId);
}

/** Where a token request failed, in the shape of BusinessTokenError (see auth/businessToken.ts). */
export interface BusinessTokenFailure {
	step: 'refresh' | 'authorization_code' | 'token_info' | 'setup';
	code: string;
	message?: string;
	requestId?: string;
	httpStatus?: number;
}

export const RECONNECT_BUSINESS_MESSAGE =
	'Reconnect the TikTok Business credential: its refresh token is no longer valid';

/**
 * The same three kinds as the TikTok for Developers credentials (errors.ts): only a TikTok refusal
 * of the refresh token or code in a well-formed answer means reconnect. HTTP 5xx, TikTok's 5xxxx
 * codes and answers that are not TikTok's envelope with a token (`http_<status>`,
 * `no_access_token`) are on TikTok's side.
 */
export function classifyBusinessTokenFailure(
	failure: Pick<BusinessTokenFailure, 'step' | 'code' | 'httpStatus'>,
): TokenFailureKind {
	if (failure.step === 'setup' || failure.step === 'token_info') return 'other';
	if (isBusinessServerError(failure.code, failure.httpStatus)) return 'tiktok_unavailable';
	if (failure.code === '40101' || isBusinessRateLimit(failure.code, failure.httpStatus))
		return 'other';
	return /^\d+$/.test(failure.code) ? 'grant_refused' : 'tiktok_unavailable';
}

/** Message and description for a failed token step of the Business credential. */
export function describeBusinessTokenFailure(failure: BusinessTokenFailure): {
	message: string;
	description: string;
} {
	const message = failure.message ? redactTokenEndpointText(failure.message) : undefined;
	const says = businessTikTokSays(message);
	const requestId = businessRequestIdSentence(failure.requestId);
	if (failure.step === 'setup') {
		switch (failure.code) {
			case 'missing_app_credentials':
				return {
					message: 'The TikTok Business credential has no App ID or Secret',
					description:
						'Enter the App ID and Secret of your app under My Apps on business-api.tiktok.com.',
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
					description:
						'Paste a refresh token, or an authorization code together with its Redirect URI, into the TikTok Business OAuth2 API credential.',
				};
		}
	}
	if (failure.code === '40101' || isBusinessRateLimit(failure.code, failure.httpStatus)) {
		const advice = BUSINESS_TOKEN_ADVICE[failure.code === '40101' ? '40101' : '40100'];
		return {
			message: `${advice.message} (${failure.code})`,
			description: joinSentences(advice.fix, says, requestId),
		};
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
				"The token answer carried no account ID (open_id or creator_id) and TikTok's token info could not be read. The new tokens were saved, so nothing needs reconnecting: run the workflow again later and n8n asks TikTok again. If it persists, contact TikTok API for Business support with the request ID.",
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
				RECONNECT_BUSINESS +
				'.',
			requestId,
		),
	};
}

/**
 * The OAuth error codes by the opening words of their RFC 6749 (§4.1.2.1, §5.2) descriptions. n8n's
 * OAuth2 client names a failed refresh by that description, not by its code, and on n8n 1.x the
 * description is all that survives of the error (its NodeApiError wrapper drops `cause`).
 */
const RFC6749_DESCRIPTION_OPENINGS: ReadonlyArray<[string, string]> = [
	['The request is missing a required parameter', 'invalid_request'],
	['Client authentication failed', 'invalid_client'],
	['The provided authorization grant', 'invalid_grant'],
	['The client is not authorized to request', 'unauthorized_client'],
	['The authorization grant type is not supported', 'unsupported_grant_type'],
	['The resource owner or authorization server denied', 'access_denied'],
	['The authorization server does not support obtaining', 'unsupported_response_type'],
	['The requested scope is invalid', 'invalid_scope'],
	['The authorization server encountered an unexpected condition', 'server_error'],
	['The authorization server is currently unable', 'temporarily_unavailable'],
];

/** The OAuth error code whose RFC 6749 description `message` is, if it is one. */
export function oauthErrorOfRfcDescription(message: string): string | undefined {
	return RFC6749_DESCRIPTION_OPENINGS.find(([opening]) => message.startsWith(opening))?.[1];
}
