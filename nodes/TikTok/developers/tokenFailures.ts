/**
 * Failed token refreshes behind a TikTok for Developers call, found in what the request threw
 * (the refresh-token credential's own refresh, or n8n's OAuth2 refresh for the Connect
 * credential), and the message that says what to do about each.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_OAUTH2, TIKTOK_TOKEN_URL } from '../auth/endpoints';
import {
	fingerprint,
	isErrorTokenData,
	isTikTokTokenError,
	type TikTokTokenError,
} from '../auth/developersToken';
import { findTokenError } from '../auth/thrownTokenErrors';
import {
	classifyOAuthTokenFailure,
	describeOAuthError,
	describeTokenServiceFailure,
	oauthErrorOfRfcDescription,
	type TokenFailureKind,
} from '../auth/tokenErrors';
import { findInCauseChain } from '../helpers/causes';
import { joinSentences, redactTokenEndpointText, referenceSentence } from '../helpers/messages';
import type { ApiContext, TokenFailure } from '../transport/kernel';
import { policiesOf } from '../transport/policies';

/** A failed token refresh, from the credential's own request or from n8n's OAuth2 refresh. */
interface TokenRefreshFailure {
	kind: TokenFailureKind;
	/** TikTok's `error`, or `http_<status>` when the answer had none. */
	oauthError: string;
	errorDescription?: string;
	logId?: string;
	httpStatus?: number;
}

/** The token failure behind a failed call, if there is one. */
export function developersTokenFailure(
	ctx: ApiContext,
	credentialType: string,
	error: unknown,
	itemIndex?: number,
): TokenFailure | undefined {
	const tokenError = findTokenError(error, isTikTokTokenError);
	if (tokenError) {
		// Another execution or process may have rotated the refresh token between our read and our
		// refresh: TikTok then says invalid_grant for ours. n8n's own refresh re-reads under its lock.
		const mayBeRotated =
			tokenError.kind === 'grant_refused' && credentialType !== CREDENTIAL_OAUTH2;
		return {
			storedSecretChanged: mayBeRotated
				? async () => await storedRefreshTokenChanged(ctx, credentialType, tokenError, itemIndex)
				: undefined,
			error: () => tokenRefreshError(ctx, credentialType, tokenError, itemIndex),
		};
	}
	const n8nRefreshFailure =
		findInCauseChain(error, n8nOAuthRefreshFailureOf) ??
		(credentialType === CREDENTIAL_OAUTH2 ? wrappedN8nOAuthRefreshFailureOf(error) : undefined);
	if (n8nRefreshFailure)
		return { error: () => tokenRefreshError(ctx, credentialType, n8nRefreshFailure, itemIndex) };
	return undefined;
}

/**
 * The Connect credential's stored token data when n8n saved a refresh that TikTok answered with
 * HTTP 200 and an error body next to the tokens: n8n 1.x does (its OAuth2 path never runs the
 * credential's rescue), and every refresh it tries from then on fails the same way. The refresh
 * token itself was not used up; only reconnecting (or the Refresh Token API credential) helps.
 * Undefined for anything else.
 */
export function storedRefreshRejection(
	ctx: ApiContext,
	tokenData: IDataObject | undefined,
	itemIndex?: number,
): NodeOperationError | undefined {
	if (!tokenData || !isErrorTokenData(tokenData) || typeof tokenData.refresh_token !== 'string')
		return undefined;
	const oauthError =
		typeof tokenData.error === 'string' && tokenData.error ? tokenData.error : 'no_access_token';
	return tokenRefreshError(
		ctx,
		CREDENTIAL_OAUTH2,
		{
			kind: oauthError === 'invalid_grant' ? 'grant_refused' : 'other',
			oauthError,
			errorDescription:
				typeof tokenData.error_description === 'string' ? tokenData.error_description : undefined,
			logId: typeof tokenData.log_id === 'string' ? tokenData.log_id : undefined,
		},
		itemIndex,
	);
}

async function storedRefreshTokenChanged(
	ctx: ApiContext,
	credentialType: string,
	tokenError: TikTokTokenError,
	itemIndex?: number,
): Promise<boolean> {
	const refreshToken = (await ctx.getCredentials(credentialType, itemIndex)).refreshToken;
	return (
		typeof refreshToken === 'string' &&
		refreshToken !== '' &&
		fingerprint(refreshToken) !== tokenError.refreshTokenFingerprint
	);
}

function seconds(ms: number): string {
	const count = Math.round(ms / 100) / 10;
	return `${count} second${count === 1 ? '' : 's'}`;
}

function tokenRefreshError(
	ctx: ApiContext,
	credentialType: string,
	failure: TokenRefreshFailure,
	itemIndex?: number,
): NodeOperationError {
	const { logId } = failure;
	const oauthError = redactTokenEndpointText(failure.oauthError);
	const errorDescription = failure.errorDescription
		? redactTokenEndpointText(failure.errorDescription)
		: undefined;
	const logIdSentence = referenceSentence('log ID', logId);
	const isOAuth2 = credentialType === CREDENTIAL_OAUTH2;
	if (failure.kind === 'tiktok_unavailable') {
		const { message, description } = describeTokenServiceFailure({
			httpStatus: failure.httpStatus,
			code: oauthError.startsWith('http_') ? undefined : oauthError,
			tikTokMessage: errorDescription,
			reference: logIdSentence,
		});
		return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	}
	if (failure.kind === 'grant_refused') {
		return new NodeOperationError(
			ctx.getNode(),
			'Reconnect the TikTok credential: its refresh token is no longer valid',
			{
				itemIndex,
				description: isOAuth2
					? joinSentences(
							'TikTok said invalid_grant: the refresh token expired, was revoked by the user, or was already used. Open the TikTok OAuth2 API credential and click "Reconnect".',
							logIdSentence,
						)
					: joinSentences(
							'TikTok said invalid_grant: the refresh token expired, was revoked by the user, or was already used (TikTok replaces it on every refresh; re-saving the credential form with an old token overwrites the new one).',
							`No other n8n process saved a newer refresh token within ${seconds(policiesOf(ctx).rotationWait.waitMs)} either.`,
							'Paste a fresh refresh token into the TikTok Refresh Token API credential.',
							logIdSentence,
						),
			},
		);
	}
	if (isOAuth2) {
		// n8n's own refresh was refused for a reason other than a dead token: most likely TikTok
		// insists on client_key in the form body, which stock n8n cannot send on refresh.
		return new NodeOperationError(
			ctx.getNode(),
			`TikTok rejected n8n's token refresh (${oauthError}${errorDescription ? `: ${errorDescription}` : ''})`,
			{
				itemIndex,
				description: joinSentences(
					'Reconnect the credential, or use the TikTok Refresh Token API credential, which refreshes itself with the request TikTok documents.',
					logIdSentence,
				),
			},
		);
	}
	const { message, description } = describeOAuthError({
		error: oauthError,
		errorDescription,
		logId,
	});
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

/** The path of TikTok's token endpoint, in URLs n8n's OAuth2 client posts to. */
const TOKEN_PATH = new URL(TIKTOK_TOKEN_URL).pathname;

/**
 * n8n's own OAuth2 refresh (Connect credential) fails in these shapes, at one level of the
 * `cause` chain:
 * - `invalid_grant` becomes its "needs to be reconnected" NodeOperationError;
 * - another OAuth error in a 4xx answer is the OAuth client's AuthError (code EAUTH, body in `body`);
 * - a 3xx, or a 2xx-4xx answer that is not JSON or has no OAuth error, is its ResponseError (code
 *   ESTATUS, `status`, `body`; the message quotes the start of the body, so it is never shown);
 * - a 5xx is the HTTP client's error, with the token URL in `config.url`.
 */
function n8nOAuthRefreshFailureOf(current: unknown): TokenRefreshFailure | undefined {
	const candidate = current as {
		code?: unknown;
		status?: unknown;
		body?: unknown;
		message?: unknown;
		config?: { url?: unknown };
		response?: { status?: unknown };
	};
	const body =
		candidate.body && typeof candidate.body === 'object'
			? (candidate.body as IDataObject)
			: undefined;
	if (candidate.code === 'EAUTH' && body && typeof body.error === 'string') {
		return {
			kind: classifyOAuthTokenFailure({ oauthError: body.error }),
			oauthError: body.error,
			errorDescription:
				typeof body.error_description === 'string' ? body.error_description : undefined,
			logId: typeof body.log_id === 'string' ? body.log_id : undefined,
		};
	}
	if (candidate.code === 'ESTATUS' && typeof candidate.status === 'number') {
		return {
			kind: 'tiktok_unavailable',
			oauthError: `http_${candidate.status}`,
			httpStatus: candidate.status,
		};
	}
	const status = candidate.response?.status;
	if (typeof status === 'number' && status >= 500 && isTokenEndpointUrl(candidate.config?.url)) {
		return { kind: 'tiktok_unavailable', oauthError: `http_${status}`, httpStatus: status };
	}
	if (typeof candidate.message === 'string' && /needs to be reconnected/.test(candidate.message)) {
		return { kind: 'grant_refused', oauthError: 'invalid_grant' };
	}
	return undefined;
}

/**
 * n8n 1.x: its OAuth2 client's error for a refused refresh, inside the NodeApiError that n8n
 * wraps it in, which keeps only the message: the RFC 6749 description of TikTok's OAuth error.
 */
function wrappedN8nOAuthRefreshFailureOf(error: unknown): TokenRefreshFailure | undefined {
	if (!(error instanceof NodeApiError)) return undefined;
	const oauthError = oauthErrorOfRfcDescription(error.message);
	return oauthError ? { kind: classifyOAuthTokenFailure({ oauthError }), oauthError } : undefined;
}

function isTokenEndpointUrl(url: unknown): boolean {
	if (typeof url !== 'string') return false;
	try {
		return new URL(url).pathname === TOKEN_PATH;
	} catch {
		return false;
	}
}
