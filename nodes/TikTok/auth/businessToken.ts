/**
 * Token requests of the TikTok API for Business credential, made inside its `preAuthentication`
 * hook: code exchange, refresh and token info, through a RotationGate. The protocol (not OAuth2 as
 * n8n speaks it) is in docs/business-api.md §2.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { parseJsonObject } from '../helpers/bigint';
import { classifyBusinessTokenFailure, describeBusinessTokenFailure } from './tokenErrors';
import {
	BUSINESS_CODE_EXCHANGE_PATH,
	BUSINESS_GRANT_INFO_PATH,
	BUSINESS_REFRESH_PATH,
	TIKTOK_BUSINESS_API_BASE_URL,
} from './endpoints';
import type { TokenFailureKind } from './tokenErrors';
import { redactTokenEndpointText } from '../helpers/messages';
import { fingerprint, RotationGate } from './rotation';
import { rememberTokenError, tokenRequestWithoutAnswer } from './thrownTokenErrors';

/** `data` of a token answer. Field names vary between API versions (docs/business-api.md §2.3). */
export interface BusinessTokenData extends IDataObject {
	access_token: string;
	refresh_token?: string;
	open_id?: string;
	creator_id?: string;
	expires_in?: number;
	expires?: number;
	refresh_token_expires_in?: number;
	refresh_expires?: number;
	scope?: string;
	token_type?: string;
}

/** What the credential's hook returns; n8n persists every key. */
export interface BusinessCredentialTokens extends IDataObject {
	accessToken: string;
	refreshToken: string;
	businessId: string;
	/** Epoch milliseconds; 0 when TikTok gave no lifetime. */
	expiresAt: number;
	/** Scopes the account granted. Not named `scope`: n8n drops a stored hidden `scope` field. */
	grantedScopes: string;
	/** The one-time code is spent once exchanged: cleared so it is never sent twice. */
	authorizationCode: string;
}

export type BusinessTokenStep = 'refresh' | 'authorization_code' | 'token_info' | 'setup';

export const BUSINESS_TOKEN_ERROR_NAME = 'TikTokBusinessTokenError';

/**
 * A refused or impossible token request. Carries TikTok's code, message (anything token-shaped
 * redacted) and request ID, never a token: only a fingerprint of the refresh token (or code) used,
 * so the transport can tell whether the stored one has changed since (another execution or process
 * rotated or spent it).
 */
export class BusinessTokenError extends Error {
	readonly step: BusinessTokenStep;

	/**
	 * TikTok's `code` as text (e.g. "40101"), or `http_<status>`, `no_access_token`,
	 * `missing_refresh_token`… Not named `code`: n8n's NodeApiError would read that as an HTTP status.
	 */
	readonly tikTokCode: string;

	readonly tikTokMessage: string;

	readonly requestId: string;

	/** Reconnect, try later, or another fix (classifyBusinessTokenFailure). */
	readonly kind: TokenFailureKind;

	readonly httpStatus?: number;

	/** Fingerprint of the refresh token or code that was used ('' for other steps). */
	readonly secretFingerprint: string;

	constructor(input: {
		step: BusinessTokenStep;
		code: string;
		tikTokMessage?: string;
		requestId?: string;
		httpStatus?: number;
		secretFingerprint?: string;
	}) {
		const tikTokMessage = input.tikTokMessage ? redactTokenEndpointText(input.tikTokMessage) : '';
		// Whatever answered (TikTok or a proxy) may quote a token even in its error code.
		const code = redactTokenEndpointText(input.code);
		// The message is what n8n shows when a credential test fails here: make it the whole advice.
		const { message, description } = describeBusinessTokenFailure({
			step: input.step,
			code,
			message: tikTokMessage,
			requestId: input.requestId,
			httpStatus: input.httpStatus,
		});
		super(`${message}. ${description}`);
		this.name = BUSINESS_TOKEN_ERROR_NAME;
		this.step = input.step;
		this.tikTokCode = code;
		this.tikTokMessage = tikTokMessage;
		this.requestId = input.requestId ?? '';
		this.kind = classifyBusinessTokenFailure({
			step: input.step,
			code: input.code,
			httpStatus: input.httpStatus,
		});
		this.httpStatus = input.httpStatus;
		this.secretFingerprint = input.secretFingerprint ?? '';
		rememberTokenError(this);
	}
}

export function isBusinessTokenError(error: unknown): error is BusinessTokenError {
	return error instanceof Error && error.name === BUSINESS_TOKEN_ERROR_NAME && 'step' in error;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/**
 * Judges a token answer by its body, whatever the HTTP status: success is `code === 0` with a
 * non-empty `data.access_token`. A bare `{access_token, …}` without an envelope is accepted too.
 */
export function parseBusinessTokenResponse(
	status: number,
	rawBody: unknown,
	context: { step: BusinessTokenStep; secretFingerprint?: string },
): BusinessTokenData {
	const body = parseJsonObject(rawBody);
	const hasEnvelope = 'code' in body || 'data' in body;
	const data = (hasEnvelope ? body.data : body) as IDataObject | undefined;
	const code = body.code;
	const codeOk = !hasEnvelope || code === 0 || code === '0';
	const accessToken = data && typeof data === 'object' ? data.access_token : undefined;
	if (status >= 300 || !codeOk || typeof accessToken !== 'string' || accessToken === '') {
		throw new BusinessTokenError({
			step: context.step,
			code:
				!codeOk && code !== undefined && code !== null
					? String(code)
					: status >= 300
						? `http_${status}`
						: 'no_access_token',
			tikTokMessage:
				typeof body.message === 'string' && body.message !== 'OK' ? body.message : undefined,
			requestId: text(body.request_id) || undefined,
			httpStatus: status,
			secretFingerprint: context.secretFingerprint,
		});
	}
	return data as BusinessTokenData;
}

/**
 * The code to exchange, from what a user pastes: the bare code, or the whole address TikTok
 * redirected to (its `code` or `auth_code` query parameter). Returns '' when there is none.
 */
export function parseAuthorizationCode(input: unknown): string {
	const value = typeof input === 'string' ? input.trim() : '';
	if (value === '') return '';
	const queryStart = value.indexOf('?');
	const looksLikeUrl = /^https?:\/\//i.test(value) || queryStart >= 0;
	const looksLikeQuery = /(^|&)(auth_code|code)=/.test(value);
	if (looksLikeUrl || looksLikeQuery) {
		const query = looksLikeUrl ? value.slice(queryStart + 1).split('#')[0] : value;
		const params = new URLSearchParams(query);
		return (params.get('auth_code') ?? params.get('code') ?? '').trim();
	}
	return value;
}

function positiveNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** Any Unix time in seconds after 2001 is at least this; lifetimes in seconds stay far below. */
const SMALLEST_EPOCH_SECONDS = 1_000_000_000;

/**
 * When the access token stops working, in epoch milliseconds, from `expires_in` (v1.3) or
 * `expires` (older answers): a lifetime in seconds, or, if it is that large, an absolute Unix
 * time. 0 when TikTok gave neither.
 */
export function computeExpiresAt(data: IDataObject, nowMs: number): number {
	const value = positiveNumber(data.expires_in) ?? positiveNumber(data.expires);
	if (value === undefined) return 0;
	return value >= SMALLEST_EPOCH_SECONDS ? value * 1000 : nowMs + value * 1000;
}

/** A promise's outcome as a value, for code that must choose what to do with a refusal. */
async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { reason: unknown }> {
	return await promise.then(
		(value) => ({ value }),
		(reason: unknown) => ({ reason }),
	);
}

const gate = new RotationGate<BusinessTokenData>({ nextSecret: (answer) => answer.refresh_token });

async function postJson(
	helper: IHttpRequestHelper,
	path: string,
	body: IDataObject,
): Promise<{ statusCode: number; body: unknown }> {
	return (await helper.helpers
		.httpRequest({
			method: 'POST',
			url: `${TIKTOK_BUSINESS_API_BASE_URL}${path}`,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})
		.catch((error: unknown) => {
			throw tokenRequestWithoutAnswer(error);
		})) as { statusCode: number; body: unknown };
}

interface AppParams {
	appId: string;
	secret: string;
}

/** `POST tt_user/oauth2/refresh_token/`, at most once per refresh token within this process. */
export async function refreshBusinessToken(
	helper: IHttpRequestHelper,
	params: AppParams & { refreshToken: string },
): Promise<BusinessTokenData> {
	return await gate.run(
		{ id: params.appId, secret: params.secret },
		params.refreshToken,
		async () => {
			const response = await postJson(helper, BUSINESS_REFRESH_PATH, {
				client_id: params.appId,
				client_secret: params.secret,
				grant_type: 'refresh_token',
				refresh_token: params.refreshToken,
			});
			return parseBusinessTokenResponse(response.statusCode, response.body, {
				step: 'refresh',
				secretFingerprint: fingerprint(params.refreshToken),
			});
		},
	);
}

/** `POST tt_user/oauth2/token/`: the one-time code (10 minutes, single use) for a token pair. */
export async function exchangeBusinessAuthCode(
	helper: IHttpRequestHelper,
	params: AppParams & { authCode: string; redirectUri: string },
): Promise<BusinessTokenData> {
	// The same code must never be sent twice (single use): concurrent first runs share one exchange.
	return await gate.run(
		{ id: params.appId, secret: params.secret },
		`auth_code:${params.authCode}`,
		async () => {
			const response = await postJson(helper, BUSINESS_CODE_EXCHANGE_PATH, {
				client_id: params.appId,
				client_secret: params.secret,
				grant_type: 'authorization_code',
				auth_code: params.authCode,
				redirect_uri: params.redirectUri,
			});
			return parseBusinessTokenResponse(response.statusCode, response.body, {
				step: 'authorization_code',
				secretFingerprint: fingerprint(params.authCode),
			});
		},
	);
}

/** `POST tt_user/token_info/get/`: the account (`creator_id`) and scopes behind an access token. */
export async function fetchBusinessTokenInfo(
	helper: IHttpRequestHelper,
	params: { appId: string; accessToken: string },
): Promise<IDataObject> {
	const response = await postJson(helper, BUSINESS_GRANT_INFO_PATH, {
		app_id: params.appId,
		access_token: params.accessToken,
	});
	const body = parseJsonObject(response.body);
	const data = body.data as IDataObject | undefined;
	if (
		response.statusCode >= 300 ||
		(body.code !== 0 && body.code !== '0') ||
		!data ||
		typeof data !== 'object'
	) {
		throw new BusinessTokenError({
			step: 'token_info',
			code:
				body.code !== undefined && body.code !== null
					? String(body.code)
					: `http_${response.statusCode}`,
			tikTokMessage: typeof body.message === 'string' ? body.message : undefined,
			requestId: text(body.request_id) || undefined,
			httpStatus: response.statusCode,
		});
	}
	return data;
}

/**
 * The credential's hook: a fresh access token, from the one-time authorization code if one was
 * pasted (it is the newer intent: a reconnect; if TikTok refuses it, the refresh token is tried
 * before giving up), else from the refresh token. Returns everything
 * n8n should persist: the rotated refresh token, the account ID every Business call needs
 * (`open_id`, or `creator_id` in older answers, else the stored one for a refresh, else token
 * info; '' if all fail), the expiry, the granted scopes, and the spent code cleared. Throws only
 * before TikTok issued tokens.
 */
export async function obtainBusinessTokens(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	nowMs = Date.now(),
): Promise<BusinessCredentialTokens> {
	const appId = text(credentials.appId);
	const secret = text(credentials.appSecret);
	if (!appId || !secret) {
		throw new BusinessTokenError({ step: 'setup', code: 'missing_app_credentials' });
	}
	const authCode = parseAuthorizationCode(credentials.authorizationCode);
	const storedRefreshToken = text(credentials.refreshToken);

	let data: BusinessTokenData;
	/** Whether the tokens come from the stored refresh token, so from the account already stored. */
	let refreshed = false;
	if (authCode) {
		const redirectUri = text(credentials.redirectUri);
		if (!redirectUri) throw new BusinessTokenError({ step: 'setup', code: 'missing_redirect_uri' });
		const exchanged = await settle(
			exchangeBusinessAuthCode(helper, { appId, secret, authCode, redirectUri }),
		);
		if ('value' in exchanged) {
			data = exchanged.value;
		} else {
			// A spent code saved again with a still-open form must not break a working credential:
			// fall back to the refresh token, and report the code's refusal only if that fails too.
			const canFallBack = isBusinessTokenError(exchanged.reason) && storedRefreshToken !== '';
			const fallback = canFallBack
				? await settle(
						refreshBusinessToken(helper, { appId, secret, refreshToken: storedRefreshToken }),
					)
				: undefined;
			if (!fallback || !('value' in fallback)) throw exchanged.reason;
			data = fallback.value;
			refreshed = true;
		}
	} else if (storedRefreshToken) {
		data = await refreshBusinessToken(helper, { appId, secret, refreshToken: storedRefreshToken });
		refreshed = true;
	} else {
		throw new BusinessTokenError({ step: 'setup', code: 'missing_refresh_token' });
	}

	// TikTok has issued new tokens and may have killed the old refresh token: from here on nothing
	// may throw, or n8n would persist nothing and the rotated refresh token would be lost.
	const storedBusinessId = text(credentials.businessId);
	let businessId =
		text(data.open_id) || text(data.creator_id) || (refreshed ? storedBusinessId : '');
	let scope =
		text(data.scope) ||
		(refreshed && businessId === storedBusinessId ? text(credentials.grantedScopes) : '');
	if (!businessId) {
		const info = await settle(
			fetchBusinessTokenInfo(helper, { appId, accessToken: data.access_token }),
		);
		if ('value' in info) {
			businessId = text(info.value.creator_id) || text(info.value.open_id);
			scope = scope || text(info.value.scope);
		}
	}
	// Still unknown: the tokens are saved anyway; Business calls refuse to go out without an
	// account, and the next one runs this hook again to ask TikTok once more.
	businessId = businessId || storedBusinessId;

	return {
		accessToken: data.access_token,
		refreshToken: text(data.refresh_token) || storedRefreshToken,
		businessId,
		expiresAt: computeExpiresAt(data, nowMs),
		grantedScopes: scope,
		authorizationCode: '',
	};
}
