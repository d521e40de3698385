/**
 * The one place that talks to TikTok's API (open.tiktokapis.com). Handles the v2 envelope,
 * error mapping, 64-bit-safe parsing, credential checks and retries of calls that are safe
 * to repeat. Upload PUTs to pre-signed URLs live in upload.ts.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { parseJsonKeepingBigInts } from '../helpers/bigint';
import {
	AUTHENTICATION_CREDENTIALS,
	type AuthenticationMethod,
	CREDENTIAL_OAUTH2,
	JSON_CONTENT_TYPE,
	TIKTOK_API_BASE_URL,
	TIKTOK_TOKEN_URL,
} from '../auth/endpoints';
import { classifyOAuthTokenFailure, describeOAuthError, describeTokenServiceFailure, type TokenFailureKind } from '../auth/tokenErrors';
import { describeApiError, isRetryableApiError } from './errors';
import { joinSentences, redactTokenEndpointText, redactTokens } from '../helpers/messages';
import { collectCursorList, withCursor } from '../helpers/paging';
import { type Delivery, deliveryOfNetworkError, withDelivery } from '../transport/delivery';
import { fingerprint, isErrorTokenData, isTikTokTokenError, type TikTokTokenError } from '../auth/developersToken';

export type TikTokContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions;

export interface TikTokApiRequest {
	method: IHttpRequestMethods;
	/** Path under https://open.tiktokapis.com, e.g. `/v2/user/info/`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** The scope TikTok checks for this endpoint; named in the error if it is missing. */
	scope?: string;
	/**
	 * Whether the call may be sent again after a rate limit, a 5xx or a dropped connection.
	 * Reads and status fetches are; post inits never are (each success starts a post).
	 */
	idempotent: boolean;
}

/**
 * How long a refresh refused because the refresh token was already used waits for another n8n
 * process (a queue-mode worker) to save the pair it got, re-reading the stored credential.
 * Exposed so tests can shorten it.
 */
export const rotationWaitPolicy = {
	waitMs: 5_000,
	intervalMs: 250,
};

/** Retry policy for idempotent calls. Exposed so tests can shorten the waits. */
export const retryPolicy = {
	maxAttempts: 4,
	/** TikTok documents no Retry-After; it suggests backing off 10-60 s on 429. */
	rateLimitDelayMs: 15_000,
	serverErrorDelayMs: 2_000,
};

export interface HttpOutcome {
	status?: number;
	body?: unknown;
	headers?: IDataObject;
	/** Set when no HTTP response arrived (connection refused, reset, timeout). */
	networkError?: Error;
	/** With networkError: whether the request may have reached TikTok. */
	delivery?: Delivery;
}

export function getCredentialType(ctx: TikTokContext, itemIndex = 0): string {
	let method: AuthenticationMethod = 'oAuth2';
	try {
		// Execute contexts take an item index; load-options and poll contexts take only a fallback.
		method = (
			'getInputData' in ctx
				? (ctx as IExecuteFunctions).getNodeParameter('authentication', itemIndex, 'oAuth2')
				: (ctx as ILoadOptionsFunctions).getNodeParameter('authentication', 'oAuth2')
		) as AuthenticationMethod;
	} catch {
		method = 'oAuth2';
	}
	return AUTHENTICATION_CREDENTIALS[method] ?? CREDENTIAL_OAUTH2;
}

/** Sends one TikTok API call and returns the envelope's `data`. */
export async function tikTokApiRequest(this: TikTokContext, request: TikTokApiRequest): Promise<IDataObject> {
	const credentialType = getCredentialType(this, request.itemIndex);
	if (credentialType === CREDENTIAL_OAUTH2) {
		try {
			await assertOAuthConnected.call(this, request.itemIndex);
		} catch (error) {
			throw withDelivery(error as Error, 'notSent');
		}
	}

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${TIKTOK_API_BASE_URL}${request.path}`,
		qs: request.qs,
		headers: { Accept: 'application/json' },
		// Raw text: parsed below without losing int64 digits.
		encoding: 'text',
		returnFullResponse: true,
		json: false,
	};
	if (request.method !== 'GET') {
		// TikTok's header table requires this Content-Type on every POST, creator info's included,
		// which has no body. Without a body n8n sends none (Content-Length: 0), and axios's Node
		// adapter keeps the header (only its browser adapter drops it); the tests check the wire.
		options.headers = { ...options.headers, 'Content-Type': JSON_CONTENT_TYPE };
	}
	if (request.body !== undefined) options.body = request.body;

	let retriedAfterRotation = false;
	for (let attempt = 1; ; attempt++) {
		let outcome: Awaited<ReturnType<typeof send>>;
		try {
			outcome = await send.call(this, credentialType, options, request.itemIndex, retriedAfterRotation);
		} catch (error) {
			// Only token failures get here: the call went out unauthenticated (and TikTok refused
			// it) or not at all, so TikTok acted on nothing.
			throw withDelivery(error as Error, 'notSent');
		}
		if ('retryAfterRotation' in outcome) {
			retriedAfterRotation = true;
			attempt--;
			continue;
		}
		const envelope = parseEnvelope(outcome.body);
		// Success is error.code "ok" and nothing else; a 2xx without TikTok's envelope is not success.
		const code = envelope.error?.code ?? (outcome.status && outcome.status >= 400 ? '' : 'unexpected_response');
		const ok = !outcome.networkError && outcome.status !== undefined && outcome.status < 300 && code === 'ok';
		if (ok) return envelope.data ?? {};

		const retryable = outcome.networkError
			? true
			: isRetryableApiError(code, outcome.status);
		if (request.idempotent && retryable && attempt < retryPolicy.maxAttempts) {
			const base = code === 'rate_limit_exceeded' || outcome.status === 429 ? retryPolicy.rateLimitDelayMs : retryPolicy.serverErrorDelayMs;
			await sleep(base * 2 ** (attempt - 1), cancelSignal(this));
			continue;
		}
		throw toApiError.call(this, outcome, envelope, code, request);
	}
}

/** Where a list takes its page size, and the most it accepts (video/list: `max_count`, 20). */
export interface PageSize {
	key: string;
	max: number;
}

/** Every item of a cursor list, or the first `limit` (see collectCursorList). */
export async function tikTokApiRequestAllItems(
	this: TikTokContext,
	request: TikTokApiRequest & { body: IDataObject },
	listKey: string,
	limit: number | undefined,
	pageSize: PageSize,
): Promise<IDataObject[]> {
	return await collectCursorList(
		async (page) =>
			await tikTokApiRequest.call(this, { ...request, body: withCursor({ ...request.body, [pageSize.key]: page.pageSize }, page.cursor) }),
		{ listKey, limit, maxPageSize: pageSize.max, startCursor: request.body.cursor },
	);
}

export function cancelSignal(ctx: TikTokContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

async function assertOAuthConnected(this: TikTokContext, itemIndex?: number): Promise<void> {
	const credentials = await this.getCredentials(CREDENTIAL_OAUTH2, itemIndex);
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	// n8n fills a never-connected credential's token data with its default, an empty object.
	if (!tokenData || Object.keys(tokenData).length === 0) {
		throw new NodeOperationError(this.getNode(), 'The TikTok credential is not connected', {
			itemIndex,
			description: 'Open the TikTok OAuth2 API credential and click "Connect my account".',
		});
	}
	if (isErrorTokenData(tokenData)) {
		const { message, description } = describeOAuthError({
			error: typeof tokenData.error === 'string' ? tokenData.error : 'no_access_token',
			errorDescription: typeof tokenData.error_description === 'string' ? tokenData.error_description : undefined,
			logId: typeof tokenData.log_id === 'string' ? tokenData.log_id : undefined,
		});
		throw new NodeOperationError(this.getNode(), `TikTok refused the connection: ${message}`, {
			itemIndex,
			description: `${description} Then reconnect the TikTok credential.`,
		});
	}
}

async function send(
	this: TikTokContext,
	credentialType: string,
	options: IHttpRequestOptions,
	itemIndex: number | undefined,
	alreadyRetriedAfterRotation: boolean,
): Promise<HttpOutcome | { retryAfterRotation: true }> {
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
			...options,
			headers: { ...options.headers },
			// Stop ends the call: n8n 2.x adds the execution's signal itself, the 1.x line does not.
			abortSignal: cancelSignal(this),
		})) as { body: unknown; statusCode: number; headers: IDataObject };
		return { status: response.statusCode, body: response.body, headers: response.headers };
	} catch (error) {
		const tokenError = findTokenError(error);
		if (tokenError) {
			// Another execution or process may have rotated the refresh token between our read and
			// our refresh: TikTok then says invalid_grant for ours. Wait for its save before giving up.
			if (
				tokenError.kind === 'grant_refused' &&
				!alreadyRetriedAfterRotation &&
				(await storedRefreshTokenRotated.call(this, credentialType, tokenError, itemIndex))
			) {
				return { retryAfterRotation: true };
			}
			throw tokenRefreshError.call(this, credentialType, tokenError, itemIndex);
		}
		const n8nRefreshFailure = findN8nOAuthRefreshFailure(error);
		if (n8nRefreshFailure) throw tokenRefreshError.call(this, credentialType, n8nRefreshFailure, itemIndex);
		const httpFailure = extractHttpFailure(error);
		if (httpFailure) return httpFailure;
		return { networkError: error instanceof Error ? error : new Error(String(error)), delivery: deliveryOfNetworkError(error) };
	}
}

/**
 * Re-reads the stored credential until `changed` says another process saved what it got, for at
 * most `rotationWaitPolicy.waitMs`. In queue mode two workers may refresh with the same refresh
 * token at once (n8n locks nothing for a generic credential's hook): TikTok answers the first and
 * refuses the second, and the first saves its rotated pair a moment later.
 */
export async function waitForStoredCredentialChange(ctx: TikTokContext, changed: () => Promise<boolean>): Promise<boolean> {
	const deadline = Date.now() + rotationWaitPolicy.waitMs;
	for (;;) {
		if (await changed()) return true;
		if (Date.now() >= deadline) return false;
		await sleep(rotationWaitPolicy.intervalMs, cancelSignal(ctx));
	}
}

async function storedRefreshTokenRotated(
	this: TikTokContext,
	credentialType: string,
	tokenError: TikTokTokenError,
	itemIndex?: number,
): Promise<boolean> {
	if (credentialType === CREDENTIAL_OAUTH2) return false; // n8n re-reads under its own lock.
	return await waitForStoredCredentialChange(this, async () => {
		const refreshToken = (await this.getCredentials(credentialType, itemIndex)).refreshToken;
		return typeof refreshToken === 'string' && refreshToken !== '' && fingerprint(refreshToken) !== tokenError.refreshTokenFingerprint;
	});
}

function seconds(ms: number): string {
	const count = Math.round(ms / 100) / 10;
	return `${count} second${count === 1 ? '' : 's'}`;
}

/** A failed token refresh, from the credential's own request or from n8n's OAuth2 refresh. */
interface TokenRefreshFailure {
	kind: TokenFailureKind;
	/** TikTok's `error`, or `http_<status>` when the answer had none. */
	oauthError: string;
	errorDescription?: string;
	logId?: string;
	httpStatus?: number;
}

function tokenRefreshError(
	this: TikTokContext,
	credentialType: string,
	failure: TokenRefreshFailure,
	itemIndex?: number,
): NodeOperationError {
	const { logId } = failure;
	const oauthError = redactTokenEndpointText(failure.oauthError);
	const errorDescription = failure.errorDescription ? redactTokenEndpointText(failure.errorDescription) : undefined;
	const logIdSentence = logId ? `TikTok log ID: ${logId}` : '';
	const isOAuth2 = credentialType === CREDENTIAL_OAUTH2;
	if (failure.kind === 'tiktok_unavailable') {
		const { message, description } = describeTokenServiceFailure({
			httpStatus: failure.httpStatus,
			code: oauthError.startsWith('http_') ? undefined : oauthError,
			tikTokMessage: errorDescription,
			reference: logIdSentence,
		});
		return new NodeOperationError(this.getNode(), message, { itemIndex, description });
	}
	if (failure.kind === 'grant_refused') {
		return new NodeOperationError(this.getNode(), 'Reconnect the TikTok credential: its refresh token is no longer valid', {
			itemIndex,
			description: isOAuth2
				? joinSentences(
						'TikTok said invalid_grant: the refresh token expired, was revoked by the user, or was already used. Open the TikTok OAuth2 API credential and click "Reconnect".',
						logIdSentence,
					)
				: joinSentences(
						'TikTok said invalid_grant: the refresh token expired, was revoked by the user, or was already used (TikTok replaces it on every refresh; re-saving the credential form with an old token overwrites the new one).',
						`No other n8n process saved a newer refresh token within ${seconds(rotationWaitPolicy.waitMs)} either.`,
						'Paste a fresh refresh token into the TikTok Refresh Token API credential.',
						logIdSentence,
					),
		});
	}
	if (isOAuth2) {
		// n8n's own refresh was refused for a reason other than a dead token: most likely TikTok
		// insists on client_key in the form body, which stock n8n cannot send on refresh.
		return new NodeOperationError(this.getNode(), `TikTok rejected n8n's token refresh (${oauthError}${errorDescription ? `: ${errorDescription}` : ''})`, {
			itemIndex,
			description: joinSentences(
				'Reconnect the credential, or use the TikTok Refresh Token API credential, which refreshes itself with the request TikTok documents.',
				logIdSentence,
			),
		});
	}
	const { message, description } = describeOAuthError({ error: oauthError, errorDescription, logId });
	return new NodeOperationError(this.getNode(), message, { itemIndex, description });
}

interface Envelope {
	data?: IDataObject;
	error?: { code?: string; message?: string; log_id?: string; logid?: string };
}

function parseEnvelope(body: unknown): Envelope {
	if (typeof body === 'string') {
		if (body.trim() === '') return {};
		try {
			return parseJsonKeepingBigInts<Envelope>(body);
		} catch {
			return {};
		}
	}
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as Envelope;
	return {};
}

function toApiError(
	this: TikTokContext,
	outcome: HttpOutcome,
	envelope: Envelope,
	code: string,
	request: TikTokApiRequest,
): NodeApiError {
	const { itemIndex } = request;
	if (outcome.networkError) {
		// Error texts may quote what was sent or received.
		const reason = redactTokens(outcome.networkError.message);
		return withDelivery(new NodeApiError(
			this.getNode(),
			{ message: reason } as JsonObject,
			{
				message: 'Could not reach TikTok',
				description: `The connection to TikTok failed (${reason}). Check the n8n host's internet access and try again.`,
				itemIndex,
			},
		), outcome.delivery ?? 'unknown');
	}
	const logId = envelope.error?.log_id ?? envelope.error?.logid;
	const { message, description } = describeApiError({
		code: code || `http_${outcome.status ?? 'error'}`,
		message: envelope.error?.message,
		logId,
		httpStatus: outcome.status,
		requiredScope: request.scope,
	});
	const error = new NodeApiError(this.getNode(), (envelope.error ?? { status: outcome.status }) as JsonObject, {
		message,
		description,
		httpCode: outcome.status !== undefined ? String(outcome.status) : undefined,
		itemIndex,
	});
	// TikTok's own error envelope, or a refusal (4xx), means it acted on nothing. A 5xx without
	// the envelope (a gateway giving up) or a 2xx TikTok cannot have sent may hide a success.
	const errorCode = envelope.error?.code;
	const refused = (Boolean(errorCode) && errorCode !== 'ok') || (outcome.status !== undefined && outcome.status >= 400 && outcome.status < 500);
	return withDelivery(error, refused ? 'answered' : 'unknown');
}

/** Walks `cause` chains: n8n wraps errors from credential hooks in NodeApiError. */
function findTokenError(error: unknown): TikTokTokenError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (isTikTokTokenError(current)) return current;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The path of TikTok's token endpoint, in URLs n8n's OAuth2 client posts to. */
const TOKEN_PATH = new URL(TIKTOK_TOKEN_URL).pathname;

/**
 * n8n's own OAuth2 refresh (Connect credential) fails in these shapes, walked along `cause`:
 * - `invalid_grant` becomes its "needs to be reconnected" NodeOperationError;
 * - another OAuth error in a 4xx answer is the OAuth client's AuthError (code EAUTH, body in `body`);
 * - a 3xx, or a 2xx-4xx answer that is not JSON or has no OAuth error, is its ResponseError (code
 *   ESTATUS, `status`, `body`; the message quotes the start of the body, so it is never shown);
 * - a 5xx is the HTTP client's error, with the token URL in `config.url`.
 */
function findN8nOAuthRefreshFailure(error: unknown): TokenRefreshFailure | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const candidate = current as {
			code?: unknown;
			status?: unknown;
			body?: unknown;
			message?: unknown;
			config?: { url?: unknown };
			response?: { status?: unknown };
		};
		const body = candidate.body && typeof candidate.body === 'object' ? (candidate.body as IDataObject) : undefined;
		if (candidate.code === 'EAUTH' && body && typeof body.error === 'string') {
			return {
				kind: classifyOAuthTokenFailure({ oauthError: body.error }),
				oauthError: body.error,
				errorDescription: typeof body.error_description === 'string' ? body.error_description : undefined,
				logId: typeof body.log_id === 'string' ? body.log_id : undefined,
			};
		}
		if (candidate.code === 'ESTATUS' && typeof candidate.status === 'number') {
			return { kind: 'tiktok_unavailable', oauthError: `http_${candidate.status}`, httpStatus: candidate.status };
		}
		const status = candidate.response?.status;
		if (typeof status === 'number' && status >= 500 && isTokenEndpointUrl(candidate.config?.url)) {
			return { kind: 'tiktok_unavailable', oauthError: `http_${status}`, httpStatus: status };
		}
		if (typeof candidate.message === 'string' && /needs to be reconnected/.test(candidate.message)) {
			return { kind: 'grant_refused', oauthError: 'invalid_grant' };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function isTokenEndpointUrl(url: unknown): boolean {
	if (typeof url !== 'string') return false;
	try {
		return new URL(url).pathname === TOKEN_PATH;
	} catch {
		return false;
	}
}

/** Reads status and body from an axios error (OAuth2 path) or n8n's NodeApiError (generic path). */
export function extractHttpFailure(error: unknown): HttpOutcome | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const response = (current as { response?: { status?: number; data?: unknown; headers?: IDataObject } }).response;
		if (response && typeof response.status === 'number') {
			return { status: response.status, body: response.data, headers: response.headers };
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
