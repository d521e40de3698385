/**
 * The one place that talks to the TikTok API for Business (business-api.tiktok.com/open_api/v1.3/).
 *
 * Differences from TikTok for Developers (developers/api.ts), all handled here:
 * - envelope `{code, message, request_id, data}`; success is `code === 0`, and refusals usually
 *   come with HTTP 200, so n8n's own "refresh on 401" rarely fires;
 * - the access token is refreshed here instead: before a call when the stored expiry has passed,
 *   and once after TikTok refuses the token (40102/40104/40105 or its wording for it), by handing
 *   n8n the credential with an empty access token so it runs the credential's hook and persists
 *   the result; a refresh refused because another execution or process rotated the token first
 *   is retried once with the stored credential, once that process has saved it (waiting a few
 *   seconds for its save, see rotationWaitPolicy);
 * - `Access-Token` header and `business_id` come from the credential's `authenticate`;
 * - reads back off and retry on 40100/429, 5xx and dropped connections; writes never retry
 *   (a second reply would be posted twice).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { parseJsonKeepingBigInts } from '../helpers/bigint';
import { type CommentOperation, describeBusinessError, isBusinessRateLimit, isBusinessServerError, isBusinessTokenRefusal } from './errors';
import { describeBusinessTokenFailure } from '../auth/tokenErrors';
import { CREDENTIAL_BUSINESS, JSON_CONTENT_TYPE, TIKTOK_BUSINESS_API_BASE_URL } from '../auth/endpoints';
import { joinSentences, redactTokens } from '../helpers/messages';
import { collectCursorList, withCursor } from '../helpers/paging';
import { type BusinessTokenError, isBusinessTokenError, parseAuthorizationCode } from '../auth/businessToken';
import { cancelSignal, extractHttpFailure, type HttpOutcome, waitForStoredCredentialChange } from '../developers/api';
import { fingerprint } from '../auth/rotation';

export interface BusinessApiRequest {
	method: 'GET' | 'POST';
	/** Path under the v1.3 base, e.g. `business/comment/list/`. `business_id` is added by the credential. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex: number;
	/** The scope TikTok checks for this endpoint; named in permission errors. */
	scope: string;
	/** Reads may be sent again after a rate limit, a 5xx or a dropped connection; writes never. */
	idempotent: boolean;
	operation: CommentOperation;
}

export interface BusinessApiResult {
	data: IDataObject;
	requestId: string;
}

/** Retry and refresh policy. Exposed so tests can shorten the waits. */
export const businessRetryPolicy = {
	maxAttempts: 4,
	/** TikTok documents no Retry-After; its limits are per minute, so back off in tens of seconds. */
	rateLimitDelayMs: 15_000,
	serverErrorDelayMs: 2_000,
	/** Refresh this long before the stored expiry, so a token does not die mid-run. */
	refreshMarginMs: 5 * 60 * 1000,
};

interface BusinessEnvelope {
	code?: number | string;
	message?: string;
	request_id?: string;
	data?: IDataObject;
}

function parseBusinessEnvelope(body: unknown): BusinessEnvelope {
	if (typeof body === 'string') {
		if (body.trim() === '') return {};
		try {
			const parsed = parseJsonKeepingBigInts<unknown>(body);
			return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as BusinessEnvelope) : {};
		} catch {
			return {};
		}
	}
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as BusinessEnvelope;
	return {};
}

/**
 * TikTok's code as text: `0` is success and nothing else. Without a code, `http_<status>` for an
 * HTTP error, and `unexpected_response` for a 2xx that is not TikTok's envelope (never success).
 */
function envelopeCode(envelope: BusinessEnvelope, status?: number): string {
	if (envelope.code !== undefined && envelope.code !== null && String(envelope.code) !== '') return String(envelope.code);
	return status !== undefined && status >= 300 ? `http_${status}` : 'unexpected_response';
}

/** Sends one Business API call and returns the envelope's `data` and `request_id`. */
export async function businessApiRequest(this: IExecuteFunctions, request: BusinessApiRequest): Promise<BusinessApiResult> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${TIKTOK_BUSINESS_API_BASE_URL}${request.path}`,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		// Raw text: parsed below without losing int64 digits.
		encoding: 'text',
		returnFullResponse: true,
		json: false,
	};
	if (request.method === 'POST') {
		options.body = request.body ?? {};
		options.headers = { ...options.headers, 'Content-Type': JSON_CONTENT_TYPE };
	}

	let forceRefresh = await accessTokenDue.call(this, request.itemIndex);
	let refreshedAfterRefusal = false;
	let retriedAfterRotation = false;
	for (let attempt = 1; ; attempt++) {
		const outcome = await send.call(this, options, request.itemIndex, forceRefresh, retriedAfterRotation);
		forceRefresh = false;
		if ('retryAfterRotation' in outcome) {
			retriedAfterRotation = true;
			attempt--;
			continue;
		}
		const envelope = parseBusinessEnvelope(outcome.body);
		const code = envelopeCode(envelope, outcome.status);
		const ok = !outcome.networkError && outcome.status !== undefined && outcome.status < 300 && code === '0';
		if (ok) {
			const data = envelope.data && typeof envelope.data === 'object' ? envelope.data : {};
			return { data, requestId: typeof envelope.request_id === 'string' ? envelope.request_id : '' };
		}

		// The token was refused although it was not known to be expired: refresh once and resend.
		// Safe for writes too: TikTok checks the token before it acts.
		if (!outcome.networkError && !refreshedAfterRefusal && isBusinessTokenRefusal(code, envelope.message)) {
			refreshedAfterRefusal = true;
			forceRefresh = true;
			attempt--;
			continue;
		}

		const retryable =
			outcome.networkError !== undefined || isBusinessRateLimit(code, outcome.status) || isBusinessServerError(code, outcome.status);
		if (request.idempotent && retryable && attempt < businessRetryPolicy.maxAttempts) {
			const base = isBusinessRateLimit(code, outcome.status) ? businessRetryPolicy.rateLimitDelayMs : businessRetryPolicy.serverErrorDelayMs;
			await sleep(base * 2 ** (attempt - 1), cancelSignal(this));
			continue;
		}
		const grantedScopes = await grantedScopesFor.call(this, request.itemIndex);
		throw toBusinessApiError.call(this, outcome, envelope, code, request, grantedScopes);
	}
}

/** The scopes stored with the token (for permission errors); '' if unknown. */
async function grantedScopesFor(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	try {
		const scopes = (await storedCredentials.call(this, itemIndex)).grantedScopes;
		return typeof scopes === 'string' ? scopes : '';
	} catch {
		return '';
	}
}

/** Every item of a cursor list, or the first `limit` (see collectCursorList); `max_count` sets the page size. */
export async function businessApiRequestAllItems(
	this: IExecuteFunctions,
	request: BusinessApiRequest,
	listKey: string,
	limit: number | undefined,
	maxPageSize: number,
	uniqueKey?: string,
): Promise<IDataObject[]> {
	return await collectCursorList(
		async (page) =>
			(await businessApiRequest.call(this, { ...request, qs: withCursor({ ...request.qs, max_count: page.pageSize }, page.cursor) })).data,
		{ listKey, limit, maxPageSize, uniqueKey, startCursor: request.qs?.cursor },
	);
}

async function storedCredentials(this: IExecuteFunctions, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
	return await this.getCredentials(CREDENTIAL_BUSINESS, itemIndex);
}

/**
 * Whether the credential's hook must run before the call: the stored access token has reached its
 * stored expiry (minus a margin), or the last refresh saved tokens without the account they are for
 * (TikTok's token info failed then; the hook asks again).
 */
async function accessTokenDue(this: IExecuteFunctions, itemIndex: number): Promise<boolean> {
	const credentials = await storedCredentials.call(this, itemIndex);
	const expiresAt = Number(credentials.expiresAt ?? 0);
	if (typeof credentials.accessToken !== 'string' || credentials.accessToken === '') return false; // n8n runs the hook itself.
	if (!credentials.businessId) return true;
	return Number.isFinite(expiresAt) && expiresAt > 0 && Date.now() >= expiresAt - businessRetryPolicy.refreshMarginMs;
}

/**
 * The stored credential with its access token emptied. n8n runs a credential's hook whenever the
 * expirable field is empty, and persists what it returns, so this is how a refresh is forced.
 */
async function credentialsForRefresh(this: IExecuteFunctions, itemIndex: number): Promise<ICredentialsDecrypted> {
	const credentials = await storedCredentials.call(this, itemIndex);
	const details = this.getNode().credentials?.[CREDENTIAL_BUSINESS];
	return {
		id: details?.id ?? '',
		name: details?.name ?? '',
		type: CREDENTIAL_BUSINESS,
		data: { ...credentials, accessToken: '' },
	};
}

async function send(
	this: IExecuteFunctions,
	options: IHttpRequestOptions,
	itemIndex: number,
	forceRefresh: boolean,
	alreadyRetriedAfterRotation: boolean,
): Promise<HttpOutcome | { retryAfterRotation: true }> {
	try {
		const additional = forceRefresh ? { credentialsDecrypted: await credentialsForRefresh.call(this, itemIndex) } : undefined;
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_BUSINESS,
			// Stop ends the call (n8n 2.x adds the execution's signal itself, the 1.x line does not).
			{ ...options, headers: { ...options.headers }, qs: options.qs ? { ...options.qs } : undefined, abortSignal: cancelSignal(this) },
			additional,
		)) as { body: unknown; statusCode: number; headers: IDataObject };
		return { status: response.statusCode, body: response.body, headers: response.headers };
	} catch (error) {
		const tokenError = findBusinessTokenError(error);
		if (tokenError) {
			// Another execution or process may have rotated the refresh token (or spent the code)
			// between our read and our refresh: TikTok then refuses ours. Wait for its save before giving up.
			if (
				tokenError.kind === 'grant_refused' &&
				!alreadyRetriedAfterRotation &&
				(await storedSecretChanged.call(this, tokenError, itemIndex))
			) {
				return { retryAfterRotation: true };
			}
			const { message, description } = describeBusinessTokenFailure({
				step: tokenError.step,
				code: tokenError.tikTokCode,
				message: tokenError.tikTokMessage,
				requestId: tokenError.requestId,
				httpStatus: tokenError.httpStatus,
			});
			throw new NodeOperationError(this.getNode(), message, { itemIndex, description });
		}
		const httpFailure = extractHttpFailure(error);
		if (httpFailure) return httpFailure;
		return { networkError: error instanceof Error ? error : new Error(String(error)) };
	}
}

async function storedSecretChanged(this: IExecuteFunctions, tokenError: BusinessTokenError, itemIndex: number): Promise<boolean> {
	if (tokenError.step !== 'refresh' && tokenError.step !== 'authorization_code') return false;
	return await waitForStoredCredentialChange(this, async () => {
		const stored = await storedCredentials.call(this, itemIndex);
		const secret =
			tokenError.step === 'refresh'
				? (typeof stored.refreshToken === 'string' ? stored.refreshToken.trim() : '')
				: parseAuthorizationCode(stored.authorizationCode);
		// A spent code is cleared by whoever exchanged it; then the stored tokens are the ones to use.
		if (tokenError.step === 'refresh' && secret === '') return false;
		return fingerprint(secret) !== tokenError.secretFingerprint;
	});
}

/** Walks `cause` chains: n8n wraps errors thrown by credential hooks. */
function findBusinessTokenError(error: unknown): BusinessTokenError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (isBusinessTokenError(current)) return current;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function toBusinessApiError(
	this: IExecuteFunctions,
	outcome: HttpOutcome,
	envelope: BusinessEnvelope,
	code: string,
	request: BusinessApiRequest,
	grantedScopes: string,
): NodeApiError {
	const { itemIndex } = request;
	if (outcome.networkError) {
		// Error texts may quote what was sent or received.
		const reason = redactTokens(outcome.networkError.message);
		return new NodeApiError(this.getNode(), { message: reason } as JsonObject, {
			message: 'Could not reach TikTok',
			description: joinSentences(
				`The connection to TikTok's API for Business failed (${reason}). Check the n8n host's internet access and try again.`,
				request.idempotent ? '' : 'The request may or may not have reached TikTok: check the comment before running this again.',
			),
			itemIndex,
		});
	}
	const { message, description } = describeBusinessError({
		code,
		message: envelope.message,
		requestId: envelope.request_id,
		httpStatus: outcome.status,
		requiredScope: request.scope,
		grantedScopes,
		operation: request.operation,
	});
	const notRetried =
		!request.idempotent && isBusinessRateLimit(code, outcome.status)
			? 'n8n does not retry this automatically: a retry could act twice.'
			: '';
	const errorBody: IDataObject = { code, message: envelope.message ?? '', request_id: envelope.request_id ?? '' };
	return new NodeApiError(this.getNode(), errorBody as JsonObject, {
		message,
		description: notRetried ? `${notRetried} ${description}` : description,
		httpCode: outcome.status !== undefined ? String(outcome.status) : undefined,
		itemIndex,
	});
}
