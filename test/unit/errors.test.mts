import { describe, expect, it } from 'vitest';

import {
	API_ERROR_ADVICE,
	describeApiError,
	describeOAuthError,
	isRetryableApiError,
} from '../../nodes/TikTok/helpers/errors.ts';

describe('describeApiError', () => {
	it.each([
		['scope_not_authorized', 'The TikTok account did not grant the permission this operation needs (scope_not_authorized)', 'reconnect'],
		['scope_permission_missed', 'Some requested fields need a permission the TikTok account did not grant (scope_permission_missed)', 'user.info.profile'],
		['invalid_param', 'TikTok rejected a parameter (invalid_param)', 'Check the parameter'],
		['invalid_params', 'TikTok rejected a parameter (invalid_params)', 'Check the parameter'],
		['rate_limit_exceeded', 'TikTok rate limit reached (rate_limit_exceeded)', 'Wait a minute'],
		['spam_risk_too_many_posts', 'This TikTok account reached its daily posting limit (spam_risk_too_many_posts)', 'tomorrow'],
		['unaudited_client_can_only_post_to_private_accounts', 'Your TikTok app is not audited, so it can only post to private accounts (unaudited_client_can_only_post_to_private_accounts)', 'SELF_ONLY'],
		['url_ownership_unverified', 'TikTok has not verified that your app owns this media URL (url_ownership_unverified)', 'URL properties'],
		['privacy_level_option_mismatch', 'The privacy level is not one this creator can use (privacy_level_option_mismatch)', 'Get Creator Info'],
	])('%s', (code, message, fixFragment) => {
		const described = describeApiError({ code, message: 'details from TikTok', logId: '202611220001' });
		expect(described.message).toBe(message);
		expect(described.description).toContain(fixFragment);
		expect(described.description).toContain('TikTok says: "details from TikTok".');
		expect(described.description).toMatch(/TikTok log ID: 202611220001$/);
	});

	it('keeps TikTok\'s own words and the log ID for unknown codes', () => {
		expect(describeApiError({ code: 'brand_new_code', message: 'Something new', logId: 'L1', httpStatus: 403 })).toEqual({
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
