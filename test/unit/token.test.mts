import { describe, expect, it } from 'vitest';

import {
	fingerprint,
	isErrorTokenData,
	parseTokenResponse,
} from '../../nodes/TikTok/auth/developersToken.ts';

const good =
	'{"access_token":"act.1","expires_in":7200,"open_id":"o","refresh_expires_in":15552000,"refresh_token":"rft.2","scope":"user.info.basic","token_type":"Bearer"}';

describe('parseTokenResponse', () => {
	it('accepts a flat token body', () => {
		expect(parseTokenResponse(200, good, 'fp')).toMatchObject({
			access_token: 'act.1',
			refresh_token: 'rft.2',
			expires_in: 7200,
		});
	});

	it.each([
		[
			'an error body with HTTP 200',
			200,
			'{"error":"invalid_request","error_description":"Client key is missed in request.","log_id":"L1"}',
			'invalid_request',
			'L1',
			'other',
		],
		[
			'an error body with HTTP 400',
			400,
			'{"error":"invalid_grant","error_description":"expired","log_id":"L2"}',
			'invalid_grant',
			'L2',
			'grant_refused',
		],
		['no access_token', 200, '{"refresh_token":"rft.x"}', 'http_200', '', 'tiktok_unavailable'],
		['an empty access_token', 200, '{"access_token":""}', 'http_200', '', 'tiktok_unavailable'],
		['HTML from a proxy', 502, '<html>Bad Gateway</html>', 'http_502', '', 'tiktok_unavailable'],
		['a redirect', 302, '', 'http_302', '', 'tiktok_unavailable'],
		['JSON null', 200, 'null', 'http_200', '', 'tiktok_unavailable'],
		['a JSON list', 200, '[{"access_token":"act.1"}]', 'http_200', '', 'tiktok_unavailable'],
		[
			'server_error',
			200,
			'{"error":"server_error","log_id":"L3"}',
			'server_error',
			'L3',
			'tiktok_unavailable',
		],
	])('refuses %s', (_name, status, body, oauthError, logId, kind) => {
		try {
			parseTokenResponse(status, body, 'fp');
			expect.unreachable();
		} catch (error) {
			expect(error).toMatchObject({
				name: 'TikTokTokenError',
				oauthError,
				logId,
				httpStatus: status,
				kind,
				refreshTokenFingerprint: 'fp',
			});
		}
	});

	it("#9.12 says a 5xx or malformed answer is on TikTok's side, and redacts tokens TikTok quotes", () => {
		const token = 'rft.0123456789abcdef0123456789abcdef0123456789abcdef';
		const serverError = (() => {
			try {
				return parseTokenResponse(500, `<html>refresh_token=${token}</html>`, 'fp');
			} catch (error) {
				return error as Error;
			}
		})();
		expect(serverError.message).toBe(
			"TikTok's token service had an error (HTTP 500). This is on TikTok's side (or a proxy between n8n and TikTok), not a problem with the credential: nothing needs reconnecting, and the stored tokens were kept. Try again in a few minutes.",
		);
		const quoted = (() => {
			try {
				return parseTokenResponse(
					400,
					JSON.stringify({
						error: 'invalid_request',
						error_description: `bad refresh_token ${token}`,
						log_id: 'L4',
					}),
					'fp',
				);
			} catch (error) {
				return error as Error;
			}
		})();
		expect(quoted.message).toBe(
			'TikTok refused the token refresh (invalid_request: bad refresh_token [redacted])',
		);
		expect(JSON.stringify(quoted)).not.toContain(token);
	});
});

describe('isErrorTokenData', () => {
	it.each([
		[{ access_token: 'act.1', refresh_token: 'rft.1' }, false],
		[{ access_token: 'act.1', refresh_token: 'rft.1', error: 'invalid_request' }, true],
		[{ refresh_token: 'rft.1' }, true],
		[{ access_token: '' }, true],
		[undefined, false],
	])('%j → %s', (data, expected) => {
		expect(isErrorTokenData(data)).toBe(expected);
	});
});

describe('fingerprint', () => {
	it('is stable, short and does not contain the secret', () => {
		expect(fingerprint('rft.secret')).toBe(fingerprint('rft.secret'));
		expect(fingerprint('rft.secret')).not.toBe(fingerprint('rft.other'));
		expect(fingerprint('rft.secret')).toHaveLength(16);
		expect(fingerprint('rft.secret')).not.toContain('secret');
	});
});
