/**
 * TikTok for Developers token refresh, made by the credentials themselves inside n8n's
 * `preAuthentication` hooks, with `client_key` in the form body, through a RotationGate.
 */
import type { IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { parseJsonObject } from '../helpers/bigint';
import { TIKTOK_TOKEN_URL } from './endpoints';
import {
	classifyOAuthTokenFailure,
	describeTokenServiceFailure,
	type TokenFailureKind,
} from './tokenErrors';
import { redactTokenEndpointText, referenceSentence } from '../helpers/messages';
import { fingerprint, RotationGate } from './rotation';
import { rememberTokenError, tokenRequestWithoutAnswer } from './thrownTokenErrors';

export { fingerprint };

export interface TikTokTokenResponse extends IDataObject {
	access_token: string;
	refresh_token?: string;
	expires_in?: number;
	refresh_expires_in?: number;
	open_id?: string;
	scope?: string;
	token_type?: string;
}

export const TOKEN_ERROR_NAME = 'TikTokTokenError';

/**
 * A failed token request. Carries TikTok's OAuth error (its description with anything token-shaped
 * redacted), never the tokens: only a fingerprint of the refresh token, so the transport can tell
 * whether the stored token has changed since.
 */
export class TikTokTokenError extends Error {
	/** TikTok's `error`, or `http_<status>` when the answer had none (not an OAuth answer). */
	readonly oauthError: string;

	readonly errorDescription: string;

	readonly logId: string;

	readonly httpStatus?: number;

	readonly kind: TokenFailureKind;

	readonly refreshTokenFingerprint: string;

	constructor(input: {
		/** TikTok's `error`; undefined when the answer carried none. */
		oauthError?: string;
		errorDescription?: string;
		logId?: string;
		httpStatus?: number;
		refreshTokenFingerprint: string;
	}) {
		// Whatever answered (TikTok or a proxy) may quote a token even in its error code.
		const oauthError = input.oauthError
			? redactTokenEndpointText(input.oauthError)
			: `http_${input.httpStatus ?? 'error'}`;
		const errorDescription = input.errorDescription
			? redactTokenEndpointText(input.errorDescription)
			: '';
		const kind = classifyOAuthTokenFailure({
			httpStatus: input.httpStatus,
			oauthError: input.oauthError,
		});
		// The message is what n8n shows when a credential test fails here.
		let message = `TikTok refused the token refresh (${oauthError}${errorDescription ? `: ${errorDescription}` : ''})`;
		if (kind === 'tiktok_unavailable') {
			const described = describeTokenServiceFailure({
				httpStatus: input.httpStatus,
				code: input.oauthError,
				tikTokMessage: errorDescription,
				reference: referenceSentence('log ID', input.logId),
			});
			message = `${described.message}. ${described.description}`;
		}
		super(message);
		this.name = TOKEN_ERROR_NAME;
		this.oauthError = oauthError;
		this.errorDescription = errorDescription;
		this.logId = input.logId ?? '';
		this.httpStatus = input.httpStatus;
		this.kind = kind;
		this.refreshTokenFingerprint = input.refreshTokenFingerprint;
		rememberTokenError(this);
	}
}

export function isTikTokTokenError(error: unknown): error is TikTokTokenError {
	return error instanceof Error && error.name === TOKEN_ERROR_NAME && 'oauthError' in error;
}

interface RefreshParams {
	clientKey: string;
	clientSecret: string;
	refreshToken: string;
}

const gate = new RotationGate<TikTokTokenResponse>({
	nextSecret: (answer) => answer.refresh_token,
});

/**
 * Refreshes with `client_key` in the form body, as TikTok documents, at most once per refresh
 * token (and client key and secret) within this process.
 */
export async function refreshTikTokToken(
	helper: IHttpRequestHelper,
	params: RefreshParams,
): Promise<TikTokTokenResponse> {
	return await gate.run(
		{ id: params.clientKey, secret: params.clientSecret },
		params.refreshToken,
		async () => await postRefresh(helper, params),
	);
}

async function postRefresh(
	helper: IHttpRequestHelper,
	params: RefreshParams,
): Promise<TikTokTokenResponse> {
	const form = new URLSearchParams({
		client_key: params.clientKey,
		client_secret: params.clientSecret,
		grant_type: 'refresh_token',
		refresh_token: params.refreshToken,
	});
	const response = (await helper.helpers
		.httpRequest({
			method: 'POST',
			url: TIKTOK_TOKEN_URL,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: form.toString(),
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})
		.catch((error: unknown) => {
			throw tokenRequestWithoutAnswer(error);
		})) as { body: unknown; statusCode: number };
	return parseTokenResponse(response.statusCode, response.body, fingerprint(params.refreshToken));
}

/**
 * TikTok's token endpoint may answer an error with HTTP 200, so success is judged by the body:
 * it must carry a non-empty `access_token` and no `error`.
 */
export function parseTokenResponse(
	status: number,
	rawBody: unknown,
	refreshTokenFingerprint: string,
): TikTokTokenResponse {
	const body = parseJsonObject(rawBody);
	const accessToken = body.access_token;
	if (body.error || typeof accessToken !== 'string' || accessToken === '' || status >= 300) {
		throw new TikTokTokenError({
			oauthError: typeof body.error === 'string' && body.error ? body.error : undefined,
			errorDescription:
				typeof body.error_description === 'string' ? body.error_description : undefined,
			logId: typeof body.log_id === 'string' ? body.log_id : undefined,
			httpStatus: status,
			refreshTokenFingerprint,
		});
	}
	return body as TikTokTokenResponse;
}

/** True when n8n stored a token response that is really an error (TikTok answers some with HTTP 200). */
export function isErrorTokenData(tokenData: IDataObject | undefined): boolean {
	if (!tokenData) return false;
	return (
		Boolean(tokenData.error) ||
		typeof tokenData.access_token !== 'string' ||
		tokenData.access_token === ''
	);
}
