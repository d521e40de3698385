/**
 * Calls to TikTok for Developers (open.tiktokapis.com) over the shared kernel
 * (transport/kernel.ts): the credential the node's Authentication parameter selects, the Connect
 * credential's connected check, the v2 envelope `{data, error: {code, message, log_id}}` and its
 * success rule, and the error table. Upload PUTs to pre-signed URLs live in upload.ts.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	AUTHENTICATION_CREDENTIALS,
	type AuthenticationMethod,
	CREDENTIAL_OAUTH2,
	TIKTOK_API_BASE_URL,
} from '../auth/endpoints';
import { isErrorTokenData } from '../auth/developersToken';
import { describeOAuthError, describeTokenServiceFailure } from '../auth/tokenErrors';
import { joinSentences, redactTokenEndpointText, redactTokens } from '../helpers/messages';
import { collectCursorList, withCursor } from '../helpers/paging';
import {
	type ApiContext,
	exchange,
	type Reading,
	storedCredentialsForRefresh,
} from '../transport/kernel';
import { policiesOf } from '../transport/policies';
import { describeApiError, isRetryableApiError } from './errors';
import { developersTokenFailure, storedRefreshRejection } from './tokenFailures';

export type TikTokContext = ApiContext;

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
export async function tikTokApiRequest(
	this: TikTokContext,
	request: TikTokApiRequest,
): Promise<IDataObject> {
	const credentialType = getCredentialType(this, request.itemIndex);
	const { itemIndex } = request;
	return await exchange(this, {
		credentialType,
		method: request.method,
		url: `${TIKTOK_API_BASE_URL}${request.path}`,
		qs: request.qs,
		body: request.body,
		itemIndex,
		idempotent: request.idempotent,
		retry: policiesOf(this).developersRetry,
		prepare: async () => {
			if (credentialType === CREDENTIAL_OAUTH2) await assertOAuthConnected(this, itemIndex);
			return false;
		},
		// The Refresh Token credential is refreshed here after TikTok refuses its token; the Connect
		// credential by n8n's OAuth2 refresh, which needs the request to throw.
		credentialsForRefresh:
			credentialType === CREDENTIAL_OAUTH2
				? undefined
				: async (refusedToken) =>
						await storedCredentialsForRefresh(this, credentialType, itemIndex, refusedToken),
		tokenHeldByN8n:
			credentialType === CREDENTIAL_OAUTH2
				? async () => await accessTokenHeldByN8n(this, itemIndex)
				: undefined,
		n8nRefreshError: async (status, reason) =>
			(await refreshRejectionStoredByN8n(this, itemIndex)) ??
			n8nRefreshFailure(this, status, reason, itemIndex),
		tokenFailure: (error) => developersTokenFailure(this, credentialType, error, itemIndex),
		read: readAnswer,
		answerError: async (status, body) =>
			(status === 401 && credentialType === CREDENTIAL_OAUTH2
				? await refreshRejectionStoredByN8n(this, itemIndex)
				: undefined) ?? apiError(this, status, body as Envelope, request),
		unreachable: (reason) =>
			`The connection to TikTok failed (${reason}). Check the n8n host's internet access and try again.`,
	});
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
			await tikTokApiRequest.call(this, {
				...request,
				body: withCursor({ ...request.body, [pageSize.key]: page.pageSize }, page.cursor),
			}),
		{ listKey, limit, maxPageSize: pageSize.max, startCursor: request.body.cursor },
	);
}

async function assertOAuthConnected(ctx: TikTokContext, itemIndex?: number): Promise<void> {
	const credentials = await ctx.getCredentials(CREDENTIAL_OAUTH2, itemIndex);
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	// n8n fills a never-connected credential's token data with its default, an empty object.
	if (!tokenData || Object.keys(tokenData).length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'The TikTok credential is not connected', {
			itemIndex,
			description: 'Open the TikTok OAuth2 API credential and click "Connect my account".',
		});
	}
	const rejected = storedRefreshRejection(ctx, tokenData, itemIndex);
	if (rejected) throw rejected;
	if (isErrorTokenData(tokenData)) {
		const { message, description } = describeOAuthError({
			error: typeof tokenData.error === 'string' ? tokenData.error : 'no_access_token',
			errorDescription:
				typeof tokenData.error_description === 'string' ? tokenData.error_description : undefined,
			logId: typeof tokenData.log_id === 'string' ? tokenData.log_id : undefined,
		});
		throw new NodeOperationError(ctx.getNode(), `TikTok refused the connection: ${message}`, {
			itemIndex,
			description: `${description} Then reconnect the TikTok credential.`,
		});
	}
}

/** After a 401 on the Connect credential: the refresh n8n 1.x tried and saved as an error, if so. */
async function refreshRejectionStoredByN8n(
	ctx: TikTokContext,
	itemIndex?: number,
): Promise<NodeOperationError | undefined> {
	const credentials = await ctx.getCredentials(CREDENTIAL_OAUTH2, itemIndex);
	return storedRefreshRejection(ctx, credentials.oauthTokenData as IDataObject, itemIndex);
}

async function accessTokenHeldByN8n(ctx: TikTokContext, itemIndex?: number): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL_OAUTH2, itemIndex);
	const accessToken = (credentials.oauthTokenData as IDataObject | undefined)?.access_token;
	return typeof accessToken === 'string' ? accessToken : '';
}

/** n8n's refresh of the Connect credential failed on TikTok's side (or on the way there). */
function n8nRefreshFailure(
	ctx: TikTokContext,
	status: number | undefined,
	reason: string,
	itemIndex?: number,
): NodeOperationError {
	if (status !== undefined && status >= 500) {
		const { message, description } = describeTokenServiceFailure({ httpStatus: status });
		return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	}
	return new NodeOperationError(
		ctx.getNode(),
		"n8n could not refresh the TikTok credential's access token",
		{
			itemIndex,
			description: joinSentences(
				`TikTok refused the stored access token, and n8n's refresh failed${status !== undefined ? ` (HTTP ${status})` : reason ? ` (${reason})` : ''}, so nothing was sent with a valid token.`,
				'Try again in a few minutes. If it keeps failing, reconnect the TikTok OAuth2 API credential, or use the TikTok Refresh Token API credential.',
			),
		},
	);
}

interface Envelope {
	data?: IDataObject;
	error?: { code?: string; message?: string; log_id?: string; logid?: string };
}

/** TikTok's `error.code`: without one, '' for an HTTP error and `unexpected_response` otherwise. */
function errorCode(status: number, envelope: Envelope): string {
	return envelope.error?.code ?? (status >= 400 ? '' : 'unexpected_response');
}

function readAnswer(status: number, body: IDataObject): Reading<IDataObject> {
	const envelope = body as Envelope;
	const code = errorCode(status, envelope);
	// Success is error.code "ok" and nothing else; a 2xx without TikTok's envelope is not success.
	if (status < 300 && code === 'ok') return { ok: true, result: envelope.data ?? {} };
	const rateLimited = code === 'rate_limit_exceeded' || status === 429;
	// TikTok's own error envelope, or a refusal (4xx), means it acted on nothing. A 5xx without
	// the envelope (a gateway giving up) or a 2xx TikTok cannot have sent may hide a success.
	const errorCodeSent = envelope.error?.code;
	return {
		ok: false,
		// Not scope_not_authorized, which TikTok also sends with HTTP 401.
		tokenRefused: code === 'access_token_invalid' || (status === 401 && !errorCodeSent),
		retry: isRetryableApiError(code, status)
			? rateLimited
				? 'rateLimit'
				: 'serverError'
			: undefined,
		answered: (Boolean(errorCodeSent) && errorCodeSent !== 'ok') || (status >= 400 && status < 500),
	};
}

function apiError(
	ctx: TikTokContext,
	status: number,
	envelope: Envelope,
	request: TikTokApiRequest,
): NodeApiError {
	const { message, description } = describeApiError({
		code: errorCode(status, envelope) || `http_${status}`,
		message: envelope.error?.message,
		logId: envelope.error?.log_id ?? envelope.error?.logid,
		httpStatus: status,
		requiredScope: request.scope,
	});
	return new NodeApiError(
		ctx.getNode(),
		(envelope.error ? storedErrorBody(envelope.error) : { status }) as JsonObject,
		{
			message,
			description,
			httpCode: String(status),
			itemIndex: request.itemIndex,
		},
	);
}

/**
 * TikTok's error object as the error keeps it: n8n stores it with the execution and lists its
 * message, so anything token-shaped is redacted there too, as in the description.
 */
function storedErrorBody(error: NonNullable<Envelope['error']>): IDataObject {
	const stored: IDataObject = { ...error };
	for (const key of ['message', 'log_id', 'logid'] as const) {
		const value = error[key];
		if (typeof value === 'string') stored[key] = redactTokens(value);
	}
	if (typeof error.code === 'string') stored.code = redactTokenEndpointText(error.code);
	return stored;
}
