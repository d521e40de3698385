/**
 * The HTTP machine both TikTok APIs (TikTok for Developers, the API for Business) run on: one
 * request shape sent through n8n's authenticated helper, one reading of what came back (an
 * answer, an HTTP error or no answer at all), retries of calls that are safe to repeat, one resend
 * after another process rotated the token, and the delivery tag of every error it throws. What
 * differs per API comes in an ApiExchange. Design notes: docs/architecture.md.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ICredentialsDecrypted,
	ILoadOptionsFunctions,
	IPollFunctions,
	JsonObject,
	NodeOperationError,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { JSON_CONTENT_TYPE } from '../auth/endpoints';
import { isTokenRequestWithoutAnswer } from '../auth/thrownTokenErrors';
import { parseJsonObject } from '../helpers/bigint';
import { findInCauseChain } from '../helpers/causes';
import { redactTokens } from '../helpers/messages';
import { type Delivery, deliveryOfNetworkError, withDelivery } from './delivery';
import { policiesOf, type RetryPolicy } from './policies';

export type ApiContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions;

/** The execution's cancel signal (Stop, n8n's execution timeout); other contexts have none. */
export function cancelSignal(ctx: ApiContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
}

/** What an API family makes of one HTTP answer (its body already parsed, int64 digits kept). */
export type Reading<Result> =
	| { ok: true; result: Result }
	| {
			ok: false;
			/** Worth sending again, if the call may be repeated: after the rate-limit or the server-error back-off. */
			retry?: 'rateLimit' | 'serverError';
			/** TikTok refused the access token itself: refresh it and resend, once. */
			tokenRefused?: boolean;
			/** TikTok answered with a refusal, so it acted on nothing (otherwise it may have). */
			answered: boolean;
	  };

/** A token request (the credential's own, or n8n's OAuth2 refresh) that failed before the call went out. */
export interface TokenFailure {
	/**
	 * Set when the refresh token (or code) was refused as already used: one read of the stored
	 * credential saying whether another process has saved a newer one since.
	 */
	storedSecretChanged?: () => Promise<boolean>;
	error: () => NodeOperationError;
}

/** One API call, with what its API family does differently. */
export interface ApiExchange<Result> {
	credentialType: string;
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** Whether the call may be sent again after a rate limit, a 5xx or a dropped connection. */
	idempotent: boolean;
	retry: RetryPolicy;
	/** Checks before anything is sent; true to refresh the token with the first send. */
	prepare?: () => Promise<boolean>;
	/**
	 * The stored credential with its access token emptied, which makes n8n run the credential's
	 * refresh hook first. Set for the credentials n8n treats as generic (refresh token, Business):
	 * the kernel then refreshes after a refusal itself. Unset for n8n's OAuth2 credential: n8n
	 * refreshes it only when the request throws on 401, so after a refusal the kernel sends the call
	 * once more in the mode that throws on HTTP errors.
	 */
	credentialsForRefresh?: (refusedToken?: string) => Promise<ICredentialsDecrypted>;
	/**
	 * n8n's OAuth2 credential: the access token n8n holds for it, read around the send that lets
	 * n8n refresh. n8n saves a refreshed token before it resends the call, so an unchanged token
	 * after a failure means n8n's refresh failed and the call went out with the refused token only.
	 */
	tokenHeldByN8n?: () => Promise<string>;
	/** The error for that case: the HTTP status of what failed (if any) and the (redacted) reason. */
	n8nRefreshError?: (
		status: number | undefined,
		reason: string,
	) => Promise<NodeApiError | NodeOperationError>;
	/** Recognises a failed token request in what the request threw. */
	tokenFailure: (error: unknown) => TokenFailure | undefined;
	read: (status: number, body: IDataObject) => Reading<Result>;
	/** The error for an answer that failed for good. */
	answerError: (status: number, body: IDataObject) => Promise<NodeApiError | NodeOperationError>;
	/** Why a call without an answer failed and what to do, given the (redacted) reason. */
	unreachable: (reason: string) => string;
}

type Sent =
	/** `bodyLost`: n8n 1.x threw it wrapped, keeping the status only. */
	| { answer: { status: number; body: IDataObject; bodyLost?: boolean } }
	| { networkError: Error; delivery: Delivery }
	| { tokenFailure: TokenFailure };

/** Sends one API call until it succeeds or fails for good, and returns what the family read from it. */
export async function exchange<Result>(
	ctx: ApiContext,
	call: ApiExchange<Result>,
): Promise<Result> {
	const { clock } = policiesOf(ctx);
	let refreshNext = await taggedNotSent(async () => (await call.prepare?.()) ?? false);
	let refreshedAfterRefusal = false;
	let resentAfterRotation = false;
	// The next send throws on HTTP errors, so that n8n refreshes its OAuth2 token on the 401.
	let letN8nRefresh = false;
	let readAgainAfterRefresh = false;
	// The access token TikTok refused, which the next send refreshes unless it changed meanwhile.
	let refusedToken: string | undefined;
	for (let attempt = 1; ; attempt++) {
		// The stored access token n8n is about to send (unless this send refreshes it first).
		const tokenSent =
			call.credentialsForRefresh && !refreshNext
				? await taggedNotSent(async () => await storedAccessToken(ctx, call))
				: undefined;
		const throwingSend = letN8nRefresh;
		const heldBefore =
			throwingSend && call.tokenHeldByN8n
				? await taggedNotSent(async () => await call.tokenHeldByN8n!())
				: undefined;
		const sent = await send(ctx, call, refreshNext ? { refusedToken } : undefined, letN8nRefresh);
		refreshNext = false;
		letN8nRefresh = false;
		if ('tokenFailure' in sent) {
			// The call went out unauthenticated (and TikTok refused it) or not at all: nothing happened.
			const { error } = sent.tokenFailure;
			// n8n's OAuth2 refresh failed: n8n 1.x refreshes without a lock, so another execution
			// may have spent the same refresh token first and be saving the new pair.
			const storedSecretChanged =
				sent.tokenFailure.storedSecretChanged ??
				(throwingSend && heldBefore !== undefined
					? async () => (await call.tokenHeldByN8n!()) !== heldBefore
					: undefined);
			const mayWait = !resentAfterRotation && storedSecretChanged !== undefined;
			if (
				mayWait &&
				(await taggedNotSent(
					async () => await waitForStoredCredentialChange(ctx, storedSecretChanged),
				))
			) {
				resentAfterRotation = true;
				attempt--;
				continue;
			}
			throw withDelivery(error(), 'notSent');
		}
		const reading = 'answer' in sent ? call.read(sent.answer.status, sent.answer.body) : undefined;
		if (reading && reading.ok) return reading.result;
		if (throwingSend && heldBefore !== undefined && call.n8nRefreshError) {
			const heldAfter = await taggedNotSent(async () => await call.tokenHeldByN8n!());
			if (heldAfter === heldBefore) {
				// n8n saved no new token: its refresh failed (what failed may be the token request,
				// which n8n 1.x does not say), and the call went out only with the refused token.
				const status = 'answer' in sent ? sent.answer.status : undefined;
				const reason = 'networkError' in sent ? redactTokens(sent.networkError.message) : '';
				throw withDelivery(await call.n8nRefreshError(status, reason), 'notSent');
			}
			// Refreshed, then refused again, and n8n 1.x kept only the status: TikTok did not act
			// on a 4xx, so the call is sent once more, in the mode that returns the answer, to read why.
			if (
				'answer' in sent &&
				sent.answer.bodyLost &&
				sent.answer.status < 500 &&
				!readAgainAfterRefresh
			) {
				readAgainAfterRefresh = true;
				attempt--;
				continue;
			}
		}
		// Safe for writes too: TikTok checks the token before it acts.
		if (reading?.tokenRefused && !refreshedAfterRefusal && !call.credentialsForRefresh) {
			// n8n's OAuth2 refresh: n8n sends the call again with the stored token, refreshes on
			// TikTok's 401 and resends it with the new one (TikTok sees the refused call twice).
			refreshedAfterRefusal = true;
			letN8nRefresh = true;
			attempt--;
			continue;
		}
		if (reading?.tokenRefused && !refreshedAfterRefusal && call.credentialsForRefresh) {
			refreshedAfterRefusal = true;
			// Another execution or process may have refreshed it while the call was out: then its
			// token is resent, and TikTok's single-use refresh token is not spent a second time.
			// (An empty stored token was refreshed by n8n during this very send.)
			refreshNext =
				!tokenSent ||
				(await taggedNotSent(async () => await storedAccessToken(ctx, call))) === tokenSent;
			// (Unknown when n8n got the token during the send: the stored one is then the refused one.)
			refusedToken = tokenSent || undefined;
			attempt--;
			continue;
		}
		// No answer at all is worth another try, like a server error.
		const retry = reading ? reading.retry : 'serverError';
		if (call.idempotent && retry && attempt < call.retry.maxAttempts) {
			const delayMs =
				retry === 'rateLimit' ? call.retry.rateLimitDelayMs : call.retry.serverErrorDelayMs;
			await clock.sleep(delayMs * 2 ** (attempt - 1), cancelSignal(ctx));
			continue;
		}
		if ('networkError' in sent)
			throw withDelivery(unreachableError(ctx, call, sent.networkError), sent.delivery);
		throw withDelivery(
			await call.answerError(sent.answer.status, sent.answer.body),
			reading?.answered === true ? 'answered' : 'unknown',
		);
	}
}

async function send<Result>(
	ctx: ApiContext,
	call: ApiExchange<Result>,
	refresh: { refusedToken?: string } | undefined,
	throwOnHttpError: boolean,
): Promise<Sent> {
	try {
		const additional =
			refresh && call.credentialsForRefresh
				? { credentialsDecrypted: await call.credentialsForRefresh(refresh.refusedToken) }
				: undefined;
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			call.credentialType,
			requestOptions(ctx, call, throwOnHttpError),
			additional,
		)) as {
			body: unknown;
			statusCode: number;
		};
		return { answer: { status: response.statusCode, body: parseJsonObject(response.body) } };
	} catch (error) {
		const tokenFailure = call.tokenFailure(error);
		if (tokenFailure) return { tokenFailure };
		const answer = findInCauseChain(error, httpAnswerOf);
		if (answer) return { answer: { status: answer.status, body: parseJsonObject(answer.body) } };
		// n8n 1.x wraps an HTTP error it threw in a NodeApiError that keeps only the status.
		const status = statusKeptByWrapper(error);
		if (status !== undefined) return { answer: { status, body: {}, bodyLost: true } };
		return {
			networkError: error instanceof Error ? error : new Error(String(error)),
			delivery: deliveryOfFailedSend(error, call.url),
		};
	}
}

/**
 * Whether a send that got no answer may have reached TikTok. The request that failed may not be
 * the call: n8n refreshes the token first when it is empty or refused (the credential's hook, or
 * its own OAuth2 refresh after a 401), and when that token request loses its answer the call never
 * went out (or was refused with the 401).
 */
function deliveryOfFailedSend(error: unknown, callUrl: string): Delivery {
	const failedUrl = findInCauseChain(error, (candidate) => {
		const url = (candidate as { config?: { url?: unknown } }).config?.url;
		return typeof url === 'string' ? url : undefined;
	});
	if (failedUrl !== undefined && endpointOf(failedUrl) !== endpointOf(callUrl)) return 'notSent';
	// n8n 1.x keeps no URL: the credential's token request says itself that it got no answer.
	if (isTokenRequestWithoutAnswer(error)) return 'notSent';
	return deliveryOfNetworkError(error);
}

/** A URL without its query: the endpoint a request went to. */
function endpointOf(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return url;
	}
}

function requestOptions<Result>(
	ctx: ApiContext,
	call: ApiExchange<Result>,
	throwOnHttpError: boolean,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: call.url,
		// A copy per attempt: a credential's `authenticate` may add to it.
		qs: call.qs ? { ...call.qs } : undefined,
		headers: { Accept: 'application/json' },
		// Raw text: parsed without losing int64 digits.
		encoding: 'text',
		returnFullResponse: true,
		// Status and body read from the answer itself, the same on every n8n line; only the send
		// that lets n8n refresh its OAuth2 token throws (see credentialsForRefresh).
		ignoreHttpStatusErrors: !throwOnHttpError,
		json: false,
		// Stop ends the call: n8n 2.x adds the execution's signal itself, the 1.x line does not.
		abortSignal: cancelSignal(ctx),
	};
	if (call.method !== 'GET') {
		// TikTok's header table requires this Content-Type on every POST, creator info's included,
		// which has no body. Without a body n8n sends none (Content-Length: 0), and axios's Node
		// adapter keeps the header (only its browser adapter drops it); the tests check the wire.
		options.headers = { ...options.headers, 'Content-Type': JSON_CONTENT_TYPE };
	}
	if (call.body !== undefined) options.body = call.body;
	return options;
}

/**
 * The status and body of an HTTP error n8n threw: the raw axios error of its OAuth2 path, on n8n
 * 1.x and 2.x alike. (The generic path answers without throwing; its NodeApiError keeps the axios
 * error in `cause` on 2.x only.)
 */
function httpAnswerOf(candidate: unknown): { status: number; body: unknown } | undefined {
	const response = (candidate as { response?: { status?: unknown; data?: unknown } }).response;
	return response && typeof response.status === 'number'
		? { status: response.status, body: response.data }
		: undefined;
}

/** The HTTP status of an error n8n 1.x wrapped (its NodeApiError keeps `httpCode` only). */
function statusKeptByWrapper(error: unknown): number | undefined {
	if (!(error instanceof NodeApiError) || findInCauseChain(error, httpAnswerOf)) return undefined;
	const status = Number(error.httpCode);
	return Number.isInteger(status) && status >= 400 && status < 600 ? status : undefined;
}

function unreachableError<Result>(
	ctx: ApiContext,
	call: ApiExchange<Result>,
	networkError: Error,
): NodeApiError {
	// Error texts may quote what was sent or received.
	const reason = redactTokens(networkError.message);
	return new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
		message: 'Could not reach TikTok',
		description: call.unreachable(reason),
		itemIndex: call.itemIndex,
	});
}

/** Runs `work`; whatever it throws happened before the call went out. */
async function taggedNotSent<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		throw withDelivery(error as Error, 'notSent');
	}
}

async function storedAccessToken<Result>(
	ctx: ApiContext,
	call: ApiExchange<Result>,
): Promise<string> {
	const { accessToken } = await ctx.getCredentials(call.credentialType, call.itemIndex);
	return typeof accessToken === 'string' ? accessToken : '';
}

/**
 * The stored credential with its access token (the expirable field of both generic credentials)
 * emptied. n8n runs a generic credential's hook whenever that field is empty, and persists what it
 * returns, so this is how the kernel forces a refresh. When the stored token is no longer
 * `refusedToken`, another execution refreshed since: the credential is then handed over as it is,
 * so TikTok's single-use refresh token (already rotated) is not spent a second time.
 */
export async function storedCredentialsForRefresh(
	ctx: ApiContext,
	credentialType: string,
	itemIndex?: number,
	refusedToken?: string,
): Promise<ICredentialsDecrypted> {
	const credentials = await ctx.getCredentials(credentialType, itemIndex);
	const stored = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	const refreshedSince = refusedToken !== undefined && stored !== '' && stored !== refusedToken;
	const details = ctx.getNode().credentials?.[credentialType];
	return {
		id: details?.id ?? '',
		name: details?.name ?? '',
		type: credentialType,
		data: refreshedSince ? credentials : { ...credentials, accessToken: '' },
	};
}

/**
 * Re-reads the stored credential until `changed` says another process saved what it got, for at
 * most the rotation wait. In queue mode two workers may refresh with the same refresh token at
 * once (n8n locks nothing for a generic credential's hook): TikTok answers the first and refuses
 * the second, and the first saves its rotated pair a moment later.
 */
export async function waitForStoredCredentialChange(
	ctx: ApiContext,
	changed: () => Promise<boolean>,
): Promise<boolean> {
	const { rotationWait, clock } = policiesOf(ctx);
	const deadline = clock.now() + rotationWait.waitMs;
	for (;;) {
		if (await changed()) return true;
		if (clock.now() >= deadline) return false;
		await clock.sleep(rotationWait.intervalMs, cancelSignal(ctx));
	}
}
