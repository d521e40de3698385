import { describe, expect, it } from 'vitest';

import {
	API_ERROR_ADVICE,
	describeApiError,
	isRetryableApiError,
} from '../../nodes/TikTok/developers/errors.ts';
import {
	classifyOAuthTokenFailure,
	describeOAuthError,
	describeTokenServiceFailure,
} from '../../nodes/TikTok/auth/tokenErrors.ts';
import { redactTokenEndpointText, redactTokens } from '../../nodes/TikTok/helpers/messages.ts';

const ACCESS = 'act.1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';
const REFRESH = 'rft.9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928';
/** A token as it may appear without its prefix: 48 hex characters. */
const OPAQUE = '5f0c2d8e1b7a4c3e9d6f0a2b8c4e1d7f3a9b5c6e2d8f0a1b';

describe('describeApiError', () => {
	it.each([
		[
			'scope_not_authorized',
			'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
			'reconnect',
		],
		[
			'scope_permission_missed',
			'Some requested fields need a permission the TikTok account did not grant (scope_permission_missed)',
			'user.info.profile',
		],
		['invalid_param', 'TikTok rejected a parameter (invalid_param)', 'Check the parameter'],
		['invalid_params', 'TikTok rejected a parameter (invalid_params)', 'Check the parameter'],
		['rate_limit_exceeded', 'TikTok rate limit reached (rate_limit_exceeded)', 'Wait a minute'],
		[
			'spam_risk_too_many_posts',
			'This TikTok account reached its daily posting limit (spam_risk_too_many_posts)',
			'tomorrow',
		],
		[
			'unaudited_client_can_only_post_to_private_accounts',
			'Your TikTok app is not audited, so it can only post to private accounts (unaudited_client_can_only_post_to_private_accounts)',
			'SELF_ONLY',
		],
		[
			'url_ownership_unverified',
			'TikTok has not verified that your app owns this media URL (url_ownership_unverified)',
			'URL properties',
		],
		[
			'privacy_level_option_mismatch',
			'The privacy level is not one this creator can use (privacy_level_option_mismatch)',
			'Get Creator Info',
		],
	])('%s', (code, message, fixFragment) => {
		const described = describeApiError({
			code,
			message: 'details from TikTok',
			logId: '202611220001',
		});
		expect(described.message).toBe(message);
		expect(described.description).toContain(fixFragment);
		expect(described.description).toContain('TikTok says: "details from TikTok".');
		expect(described.description).toMatch(/TikTok log ID: 202611220001$/);
	});

	it("keeps TikTok's own words and the log ID for unknown codes", () => {
		expect(
			describeApiError({
				code: 'brand_new_code',
				message: 'Something new',
				logId: 'L1',
				httpStatus: 403,
			}),
		).toEqual({
			message: 'TikTok returned an error: brand_new_code (HTTP 403)',
			description:
				'TikTok says: "Something new". If the message does not explain it, contact TikTok developer support with the log ID. TikTok log ID: L1',
		});
	});

	it('covers every documented v2 error code', () => {
		expect(Object.keys(API_ERROR_ADVICE).sort()).toEqual(
			[
				'access_token_invalid',
				'app_version_check_failed',
				'internal_error',
				'invalid_file_upload',
				'invalid_param',
				'invalid_params',
				'invalid_publish_id',
				'privacy_level_option_mismatch',
				'publish_not_cancellable',
				'rate_limit_exceeded',
				'reached_active_user_cap',
				'scope_not_authorized',
				'scope_permission_missed',
				'spam_risk_too_many_pending_share',
				'spam_risk_too_many_posts',
				'spam_risk_user_banned_from_posting',
				'token_not_authorized_for_specified_publish_id',
				'unaudited_client_can_only_post_to_private_accounts',
				'unexpected_response',
				'url_ownership_unverified',
			].sort(),
		);
	});
});

describe('isRetryableApiError', () => {
	it.each([
		['rate_limit_exceeded', 429, true],
		['internal_error', 500, true],
		['', 502, true],
		['', 503, true],
		['spam_risk_too_many_posts', 403, false],
		['spam_risk_anything_new', 429, false],
		['invalid_params', 400, false],
		['access_token_invalid', 401, false],
		['reached_active_user_cap', 403, false],
	])('%s with HTTP %i → %s', (code, status, expected) => {
		expect(isRetryableApiError(code, status)).toBe(expected);
	});
});

describe('describeOAuthError', () => {
	it.each([
		['invalid_grant', 'Reconnect the TikTok credential'],
		['invalid_client', 'A sandbox has its own key and secret'],
		['invalid_request', 'redirect URI'],
		['invalid_scope', 'Scope field'],
		['unauthorized_client', 'Enable Login Kit'],
		['access_denied', 'approve'],
		['server_error', 'Try again later'],
		['temporarily_unavailable', 'Try again later'],
	])('%s', (error, fixFragment) => {
		const described = describeOAuthError({ error, errorDescription: 'why', logId: 'L9' });
		expect(described.message).toContain(`(${error})`);
		expect(described.description).toContain(fixFragment);
		expect(described.description).toMatch(/TikTok log ID: L9$/);
	});
});

describe('#9.12 redactTokens and redactTokenEndpointText', () => {
	it.each([
		['a user token', `token ${ACCESS} expired`, 'token [redacted] expired'],
		['a refresh token', `refresh ${REFRESH}.`, 'refresh [redacted]'],
		['a client token', 'clt.abcdef0123456789', '[redacted]'],
		[
			'a Business token',
			'act.biz.0123456789abcdef0123456789abcdef01234567 is wrong',
			'[redacted] is wrong',
		],
		[
			'JSON token fields',
			`{"access_token":"${OPAQUE}","expires_in":86400,"refresh_token":"x1"}`,
			'{"access_token":"[redacted]","expires_in":86400,"refresh_token":"[redacted]"}',
		],
		[
			'escaped JSON inside a message',
			`{\\"access_token\\":\\"abc\\"}`,
			`{\\"access_token\\":\\"[redacted]\\"}`,
		],
		[
			'a form body',
			'client_key=ck&client_secret=s3cr3t&grant_type=refresh_token&refresh_token=r1',
			'client_key=ck&client_secret=[redacted]&grant_type=refresh_token&refresh_token=[redacted]',
		],
		['a Bearer header', 'Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
		['an Access-Token header', 'Access-Token: abc123', 'Access-Token: [redacted]'],
		[
			'a Business body',
			'{"app_id":"7301","secret":"x","auth_code":"bizcode.1234"}',
			'{"app_id":"7301","secret":"x","auth_code":"[redacted]"}',
		],
		[
			'plain words about tokens',
			'Access token is incorrect or has been revoked.',
			'Access token is incorrect or has been revoked.',
		],
		[
			'an OAuth error',
			'Refresh token is invalid or expired.',
			'Refresh token is invalid or expired.',
		],
		[
			'words that contain act',
			'Please contact.support for the exact.reason',
			'Please contact.support for the exact.reason',
		],
	])('redactTokens: %s', (_name, text, expected) => {
		expect(redactTokens(text)).toBe(expected);
		expect(redactTokenEndpointText(text)).toBe(expected);
	});

	it.each([
		['a bare opaque token', `received: ${OPAQUE}`, 'received: [redacted]'],
		[
			'a truncated bare token at the end of a preview',
			`{"data":"${OPAQUE.slice(0, 36)}...`,
			'{"data":"[redacted]',
		],
		[
			'a base64 token',
			'token dGhpc2lzYXRva2VuMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u+/==',
			'token [redacted]',
		],
		[
			'a numeric log ID',
			'log_id 202611220000000000000000000001',
			'log_id 202611220000000000000000000001',
		],
		[
			'a URL',
			'POST https://open.tiktokapis.com/v2/oauth/token/?client_key=awfaketiktokclientkey',
			'POST https://open.tiktokapis.com/v2/oauth/token/?client_key=awfaketiktokclientkey',
		],
		['prose', 'The request parameters are malformed.', 'The request parameters are malformed.'],
	])('redactTokenEndpointText also removes long opaque strings: %s', (_name, text, expected) => {
		expect(redactTokenEndpointText(text)).toBe(expected);
	});

	it("n8n's OAuth2 client's preview of an unparsable token answer keeps no token", () => {
		// The 100-character preview holds the whole refresh token and the start of the access token.
		const body = `{"refresh_token":"${REFRESH}","access_token":"${ACCESS}"`;
		const preview = `Expected JSON response from OAuth2 token endpoint (content-type: application/json) but received: ${body.slice(0, 100)}...`;
		const redacted = redactTokenEndpointText(preview);
		for (const secret of [ACCESS, REFRESH, ACCESS.slice(4, 30), REFRESH.slice(4, 30)])
			expect(redacted).not.toContain(secret);
		expect(redacted).toBe(
			'Expected JSON response from OAuth2 token endpoint (content-type: application/json) but received: {"refresh_token":"[redacted]","access_token":"[redacted]',
		);
	});
});

describe('#9.12 classifyOAuthTokenFailure', () => {
	it.each([
		['invalid_grant refused with HTTP 400', 400, 'invalid_grant', 'grant_refused'],
		['invalid_grant refused with HTTP 200', 200, 'invalid_grant', 'grant_refused'],
		['HTTP 500 with an HTML page', 500, undefined, 'tiktok_unavailable'],
		['HTTP 503 even with an OAuth error', 503, 'invalid_grant', 'tiktok_unavailable'],
		['HTTP 200 without an access token or error (malformed)', 200, undefined, 'tiktok_unavailable'],
		['HTTP 403 from a proxy (no OAuth error)', 403, undefined, 'tiktok_unavailable'],
		['a redirect', 302, undefined, 'tiktok_unavailable'],
		['server_error', 400, 'server_error', 'tiktok_unavailable'],
		['temporarily_unavailable', 200, 'temporarily_unavailable', 'tiktok_unavailable'],
		['invalid_client', 400, 'invalid_client', 'other'],
		['invalid_request', 200, 'invalid_request', 'other'],
		['an unknown error', 400, 'brand_new_error', 'other'],
	] as const)('%s', (_name, httpStatus, oauthError, kind) => {
		expect(classifyOAuthTokenFailure({ httpStatus, oauthError })).toBe(kind);
	});
});

describe('#9.12 describeTokenServiceFailure', () => {
	const tikTokSide =
		"This is on TikTok's side (or a proxy between n8n and TikTok), not a problem with the credential: nothing needs reconnecting, and the stored tokens were kept. Try again in a few minutes.";
	it.each([
		[{ httpStatus: 500 }, "TikTok's token service had an error (HTTP 500)", tikTokSide],
		[
			{ httpStatus: 200 },
			"TikTok's token service sent an answer that is not a token (HTTP 200)",
			tikTokSide,
		],
		[
			{ httpStatus: 403, reference: 'TikTok log ID: L1' },
			"TikTok's token service sent an answer that is not a token (HTTP 403)",
			`${tikTokSide} TikTok log ID: L1`,
		],
		[
			{
				httpStatus: 200,
				code: 'server_error',
				tikTokMessage: `failed for ${REFRESH}`,
				reference: 'TikTok log ID: L2',
			},
			"TikTok's token service had an error (server_error)",
			`${tikTokSide} TikTok says: "failed for [redacted]". TikTok log ID: L2`,
		],
		[
			{ httpStatus: 200, code: '50002', reference: 'TikTok request ID: R1' },
			"TikTok's token service had an error (50002)",
			`${tikTokSide} TikTok request ID: R1`,
		],
	])('%j', (input, message, description) => {
		expect(describeTokenServiceFailure(input)).toEqual({ message, description });
	});

	it('describeOAuthError redacts what TikTok quotes', () => {
		expect(
			describeOAuthError({
				error: 'invalid_request',
				errorDescription: `bad refresh_token=${REFRESH}`,
			}).description,
		).toContain('TikTok says: "bad refresh_token=[redacted]".');
	});
});
