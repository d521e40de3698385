/**
 * The access token of a TikTok API for Business call: whether to refresh it before the call, how
 * a refresh is forced through n8n, and what a refused refresh means (a rotation by another
 * process, waited for by the kernel, or a message saying what to do).
 */
import type { ICredentialsDecrypted } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_BUSINESS } from '../auth/endpoints';
import {
	type BusinessTokenError,
	isBusinessTokenError,
	parseAuthorizationCode,
} from '../auth/businessToken';
import { fingerprint } from '../auth/rotation';
import { findTokenError } from '../auth/thrownTokenErrors';
import { describeBusinessTokenFailure } from '../auth/tokenErrors';
import {
	type ApiContext,
	storedCredentialsForRefresh,
	type TokenFailure,
} from '../transport/kernel';
import { policiesOf } from '../transport/policies';

/**
 * Whether the credential's hook must run before the call: the stored access token has reached its
 * stored expiry (minus a margin), or the last refresh saved tokens without the account they are for
 * (TikTok's token info failed then; the hook asks again).
 */
export async function accessTokenDue(ctx: ApiContext, itemIndex: number): Promise<boolean> {
	const credentials = await ctx.getCredentials(CREDENTIAL_BUSINESS, itemIndex);
	const expiresAt = Number(credentials.expiresAt ?? 0);
	if (typeof credentials.accessToken !== 'string' || credentials.accessToken === '') return false; // n8n runs the hook itself.
	if (!credentials.businessId) return true;
	const { businessTokenRefresh, clock } = policiesOf(ctx);
	return (
		Number.isFinite(expiresAt) &&
		expiresAt > 0 &&
		clock.now() >= expiresAt - businessTokenRefresh.marginMs
	);
}

/** The stored Business credential with its access token emptied (see storedCredentialsForRefresh). */
export async function credentialsForRefresh(
	ctx: ApiContext,
	itemIndex: number,
	refusedToken?: string,
): Promise<ICredentialsDecrypted> {
	return await storedCredentialsForRefresh(ctx, CREDENTIAL_BUSINESS, itemIndex, refusedToken);
}

export function businessTokenFailure(
	ctx: ApiContext,
	error: unknown,
	itemIndex: number,
): TokenFailure | undefined {
	const tokenError = findTokenError(error, isBusinessTokenError);
	if (!tokenError) return undefined;
	// Another execution or process may have rotated the refresh token (or spent the code) between
	// our read and our refresh: TikTok then refuses ours.
	const mayBeRotated =
		tokenError.kind === 'grant_refused' &&
		(tokenError.step === 'refresh' || tokenError.step === 'authorization_code');
	return {
		storedSecretChanged: mayBeRotated
			? async () => await storedSecretChanged(ctx, tokenError, itemIndex)
			: undefined,
		error: () => {
			const { step, tikTokCode: code, tikTokMessage: message, requestId, httpStatus } = tokenError;
			const described = describeBusinessTokenFailure({
				step,
				code,
				message,
				requestId,
				httpStatus,
			});
			return new NodeOperationError(ctx.getNode(), described.message, {
				itemIndex,
				description: described.description,
			});
		},
	};
}

async function storedSecretChanged(
	ctx: ApiContext,
	tokenError: BusinessTokenError,
	itemIndex: number,
): Promise<boolean> {
	const stored = await ctx.getCredentials(CREDENTIAL_BUSINESS, itemIndex);
	const secret =
		tokenError.step === 'refresh'
			? typeof stored.refreshToken === 'string'
				? stored.refreshToken.trim()
				: ''
			: parseAuthorizationCode(stored.authorizationCode);
	// A spent code is cleared by whoever exchanged it; then the stored tokens are the ones to use.
	if (tokenError.step === 'refresh' && secret === '') return false;
	return fingerprint(secret) !== tokenError.secretFingerprint;
}
