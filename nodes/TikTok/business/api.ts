/**
 * Calls to the TikTok API for Business (business-api.tiktok.com/open_api/v1.3/) over the shared
 * kernel (transport/kernel.ts): the envelope `{code, message, request_id, data}` and its success
 * rule (`code === 0`), the code table, and when the access token is refreshed (accessToken.ts):
 * before it expires, and once after TikTok refuses it (docs/architecture.md says why).
 */
import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CREDENTIAL_BUSINESS, TIKTOK_BUSINESS_API_BASE_URL } from '../auth/endpoints';
import { joinSentences, redactTokenEndpointText, redactTokens } from '../helpers/messages';
import { collectCursorList, withCursor } from '../helpers/paging';
import { type ApiContext, exchange, type Reading } from '../transport/kernel';
import { policiesOf } from '../transport/policies';
import { accessTokenDue, businessTokenFailure, credentialsForRefresh } from './accessToken';
import type { FieldScopes } from '../helpers/businessFields';
import {
	type BusinessOperation,
	describeBusinessError,
	isBusinessRateLimit,
	isBusinessServerError,
	isBusinessTokenRefusal,
} from './errors';

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
	operation: BusinessOperation;
	/** Account operations: the scopes the chosen fields need (named when TikTok refuses one). */
	fieldScopes?: FieldScopes[];
}

export interface BusinessApiResult {
	data: IDataObject;
	requestId: string;
}

interface BusinessEnvelope {
	code?: number | string;
	message?: string;
	request_id?: string;
	data?: IDataObject;
}

/** Sends one Business API call and returns the envelope's `data` and `request_id`. */
export async function businessApiRequest(
	this: ApiContext,
	request: BusinessApiRequest,
): Promise<BusinessApiResult> {
	const { itemIndex } = request;
	return await exchange(this, {
		credentialType: CREDENTIAL_BUSINESS,
		method: request.method,
		url: `${TIKTOK_BUSINESS_API_BASE_URL}${request.path}`,
		qs: request.qs,
		body: request.method === 'POST' ? (request.body ?? {}) : undefined,
		itemIndex,
		idempotent: request.idempotent,
		retry: policiesOf(this).businessRetry,
		prepare: async () => await accessTokenDue(this, itemIndex),
		credentialsForRefresh: async (refusedToken) =>
			await credentialsForRefresh(this, itemIndex, refusedToken),
		tokenFailure: (error) => businessTokenFailure(this, error, itemIndex),
		read: readAnswer,
		answerError: async (status, body) =>
			businessApiError(
				this,
				status,
				body as BusinessEnvelope,
				request,
				await grantedScopesFor(this, itemIndex),
			),
		unreachable: (reason) =>
			joinSentences(
				`The connection to TikTok's API for Business failed (${reason}). Check the n8n host's internet access and try again.`,
				request.idempotent
					? ''
					: 'The request may or may not have reached TikTok: check the comment before running this again.',
			),
	});
}

/**
 * TikTok's code of a refused Business call, as businessApiRequest threw it (the NodeApiError built
 * in businessApiError keeps it in its body); undefined for anything else (no answer, token).
 */
export function businessErrorCode(error: unknown): string | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const code = (error.errorResponse as { code?: unknown } | undefined)?.code;
	return code === undefined || code === null ? undefined : String(code);
}

/** Every item of a cursor list, or the first `limit` (see collectCursorList); `max_count` sets the page size. */
export async function businessApiRequestAllItems(
	this: ApiContext,
	request: BusinessApiRequest,
	listKey: string,
	limit: number | undefined,
	maxPageSize: number,
	uniqueKey?: string,
): Promise<IDataObject[]> {
	return await collectCursorList(
		async (page) =>
			(
				await businessApiRequest.call(this, {
					...request,
					qs: withCursor({ ...request.qs, max_count: page.pageSize }, page.cursor),
				})
			).data,
		{ listKey, limit, maxPageSize, uniqueKey, startCursor: request.qs?.cursor },
	);
}

/**
 * TikTok's code as text: `0` is success and nothing else. Without a code, `http_<status>` for an
 * HTTP error, and `unexpected_response` for a 2xx that is not TikTok's envelope (never success).
 */
function envelopeCode(envelope: BusinessEnvelope, status: number): string {
	return tikTokCode(envelope) ?? (status >= 300 ? `http_${status}` : 'unexpected_response');
}

function tikTokCode(envelope: BusinessEnvelope): string | undefined {
	return envelope.code !== undefined && envelope.code !== null && String(envelope.code) !== ''
		? String(envelope.code)
		: undefined;
}

function readAnswer(status: number, body: IDataObject): Reading<BusinessApiResult> {
	const envelope = body as BusinessEnvelope;
	const code = envelopeCode(envelope, status);
	if (status < 300 && code === '0') {
		const data = envelope.data && typeof envelope.data === 'object' ? envelope.data : {};
		return {
			ok: true,
			result: {
				data,
				requestId: typeof envelope.request_id === 'string' ? envelope.request_id : '',
			},
		};
	}
	const rateLimited = isBusinessRateLimit(code, status);
	return {
		ok: false,
		retry: rateLimited
			? 'rateLimit'
			: isBusinessServerError(code, status)
				? 'serverError'
				: undefined,
		// Refused although not known to be expired: TikTok usually says so with HTTP 200.
		// An HTTP 401 too: n8n does not refresh on it, the kernel does (see credentialsForRefresh).
		tokenRefused: isBusinessTokenRefusal(code, envelope.message) || status === 401,
		// TikTok's own error code, or a refusal (4xx), means it acted on nothing.
		answered: (tikTokCode(envelope) ?? '0') !== '0' || (status >= 400 && status < 500),
	};
}

/** The scopes stored with the token (for permission errors); '' if unknown. */
async function grantedScopesFor(ctx: ApiContext, itemIndex: number): Promise<string> {
	try {
		const scopes = (await ctx.getCredentials(CREDENTIAL_BUSINESS, itemIndex)).grantedScopes;
		return typeof scopes === 'string' ? scopes : '';
	} catch {
		return '';
	}
}

function businessApiError(
	ctx: ApiContext,
	status: number,
	envelope: BusinessEnvelope,
	request: BusinessApiRequest,
	grantedScopes: string,
): NodeApiError {
	const code = envelopeCode(envelope, status);
	const { message, description } = describeBusinessError({
		code,
		message: envelope.message,
		requestId: envelope.request_id,
		httpStatus: status,
		requiredScope: request.scope,
		grantedScopes,
		operation: request.operation,
		fieldScopes: request.fieldScopes,
	});
	const notRetried =
		!request.idempotent && isBusinessRateLimit(code, status)
			? 'n8n does not retry this automatically: a retry could act twice.'
			: '';
	// n8n keeps this with the execution (and lists its message): nothing token-shaped, as in the description.
	const errorBody: IDataObject = {
		code: redactTokenEndpointText(code),
		message: redactTokens(envelope.message ?? ''),
		request_id: redactTokens(envelope.request_id ?? ''),
	};
	return new NodeApiError(ctx.getNode(), errorBody as JsonObject, {
		message,
		description: notRetried ? `${notRetried} ${description}` : description,
		httpCode: String(status),
		itemIndex: request.itemIndex,
	});
}
