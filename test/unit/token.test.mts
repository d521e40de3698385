import { describe, expect, it } from 'vitest';

import { fingerprint, isErrorTokenData, parseTokenResponse } from '../../nodes/TikTok/transport/token.ts';

const good = '{"access_token":"act.1","expires_in":7200,"open_id":"o","refresh_expires_in":15552000,"refresh_token":"rft.2","scope":"user.info.basic","token_type":"Bearer"}';

describe('parseTokenResponse', () => {
	it('accepts a flat token body', () => {
		expect(parseTokenResponse(200, good, 'fp')).toMatchObject({ access_token: 'act.1', refresh_token: 'rft.2', expires_in: 7200 });
	});

	it.each([
		['an error body with HTTP 200', 200, '{"error":"invalid_request","error_description":"Client key is missed in request.","log_id":"L1"}', 'invalid_request', 'L1'],
		['an error body with HTTP 400', 400, '{"error":"invalid_grant","error_description":"expired","log_id":"L2"}', 'invalid_grant', 'L2'],
		['no access_token', 200, '{"refresh_token":"rft.x"}', 'http_200', ''],
		['an empty access_token', 200, '{"access_token":""}', 'http_200', ''],
		['HTML from a proxy', 502, '<html>Bad Gateway</html>', 'http_502', ''],
		['a redirect', 302, '', 'http_302', ''],
	])('refuses %s', (_name, status, body, oauthError, logId) => {
		try {
			parseTokenResponse(status, body, 'fp');
			expect.unreachable();
		} catch (error) {
			expect(error).toMatchObject({ name: 'TikTokTokenError', oauthError, logId, httpStatus: status, refreshTokenFingerprint: 'fp' });
		}
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
