/**
 * Text shaping for what users see in errors: advice entries, sentence joining, and redaction of
 * anything token-shaped that TikTok (or a proxy) may echo back.
 */

export interface ErrorAdvice {
	/** Short, user-facing summary (becomes the error message in n8n). */
	message: string;
	/** What to do about it (becomes the error description). */
	fix: string;
	/** Whether repeating the same call later can succeed (never true for spam/cap errors). */
	retryable?: boolean;
}

/** Joins the non-empty parts of an error description with single spaces. */
export function joinSentences(...parts: string[]): string {
	return parts
		.map((p) => p.trim())
		.filter(Boolean)
		.join(' ');
}

const REDACTED = '[redacted]';

/** A field that carries a secret, then its value: JSON ("access_token":"…"), form (access_token=…) or header (Access-Token: …). */
const SECRET_FIELD =
	/((?:access|refresh)[_-]?token|client[_-]?secret|app[_-]?secret|auth[_-]?code)(\\?["']?\s*[:=]\s*\\?["']?)([^"'&,;\s}\\]+)/gi;

/** TikTok's token prefixes: act. (user), rft. (refresh), clt. (client), Business tokens included (act.biz.…). */
const PREFIXED_TOKEN = /\b(?:act|rft|clt)\.[\w.~+/=-]+/g;

const BEARER_VALUE = /\bBearer\s+[^\s"',;]+/gi;

/** A long run of token characters: TikTok's tokens and codes are opaque strings like this. */
const OPAQUE_RUN = /[\w.~+/=-]{32,}/g;

/**
 * Replaces anything token-shaped in text TikTok (or a proxy) sent: TikTok's act./rft./clt. tokens,
 * the values of access_token, refresh_token, client_secret, app_secret, auth_code and Access-Token,
 * and Bearer values. For messages that may echo a request or a token answer.
 */
export function redactTokens(text: string): string {
	return text
		.replace(
			SECRET_FIELD,
			(_match, field: string, separator: string) => `${field}${separator}${REDACTED}`,
		)
		.replace(PREFIXED_TOKEN, REDACTED)
		.replace(BEARER_VALUE, `Bearer ${REDACTED}`);
}

/**
 * "TikTok log ID: …" (TikTok for Developers) or "TikTok request ID: …" (API for Business), which
 * TikTok support asks for; '' without one. The ID comes from the answer: a proxy's may quote a token.
 */
export function referenceSentence(label: 'log ID' | 'request ID', id?: string): string {
	return id ? `TikTok ${label}: ${redactTokens(id)}` : '';
}

/**
 * redactTokens, plus any long opaque string (32+ token characters with at least 4 letters and
 * 4 digits): text from a token endpoint may quote a token without its prefix or field name (n8n's
 * OAuth2 client quotes the start of a token answer it cannot parse). Words, URLs, and TikTok's
 * numeric log IDs are kept.
 */
export function redactTokenEndpointText(text: string): string {
	return redactTokens(text).replace(OPAQUE_RUN, (run) =>
		(run.match(/\d/g)?.length ?? 0) >= 4 && (run.match(/[A-Za-z]/g)?.length ?? 0) >= 4
			? REDACTED
			: run,
	);
}
