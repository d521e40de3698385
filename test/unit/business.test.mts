/**
 * Unit tables for the pure helpers of the TikTok API for Business: token answers, the pasted
 * authorization code, token expiry, request signing, error descriptions.
 */
import { describe, expect, it } from 'vitest';

import {
	BUSINESS_ERROR_ADVICE,
	describeBusinessError,
	isBusinessRateLimit,
	isBusinessServerError,
	isBusinessTokenRefusal,
} from '../../nodes/TikTok/business/errors.ts';
import {
	classifyBusinessTokenFailure,
	describeBusinessTokenFailure,
} from '../../nodes/TikTok/auth/tokenErrors.ts';
import { signBusinessRequest } from '../../nodes/TikTok/auth/businessSigning.ts';
import {
	computeExpiresAt,
	parseAuthorizationCode,
	parseBusinessTokenResponse,
} from '../../nodes/TikTok/auth/businessToken.ts';

const v13 =
	'{"code":0,"message":"OK","request_id":"202403040357439E497F7E6668D60F2700","data":{"access_token":"act.token","expires_in":86400,"open_id":"openid","refresh_token":"rft.token","refresh_token_expires_in":31536000,"scope":"comment.list,comment.list.manage","token_type":"Bearer"}}';

describe('parseBusinessTokenResponse', () => {
	it("unwraps data from the v1.3 envelope (python-tiktok's recorded answer)", () => {
		expect(parseBusinessTokenResponse(200, v13, { step: 'refresh' })).toEqual({
			access_token: 'act.token',
			expires_in: 86400,
			open_id: 'openid',
			refresh_token: 'rft.token',
			refresh_token_expires_in: 31536000,
			scope: 'comment.list,comment.list.manage',
			token_type: 'Bearer',
		});
	});

	it('accepts an already parsed body and a bare token object', () => {
		expect(parseBusinessTokenResponse(200, JSON.parse(v13), { step: 'refresh' }).access_token).toBe(
			'act.token',
		);
		expect(
			parseBusinessTokenResponse(200, '{"access_token":"act.flat","creator_id":"c1"}', {
				step: 'refresh',
			}),
		).toEqual({
			access_token: 'act.flat',
			creator_id: 'c1',
		});
	});

	it.each([
		[
			'code ≠ 0 with HTTP 200',
			200,
			'{"code":40101,"message":"Invalid app_id or secret.","request_id":"R1","data":{}}',
			'40101',
			'Invalid app_id or secret.',
			'R1',
		],
		[
			'code 0 but no access token',
			200,
			'{"code":0,"message":"OK","request_id":"R2","data":{}}',
			'no_access_token',
			'',
			'R2',
		],
		[
			'an empty access token',
			200,
			'{"code":0,"message":"OK","request_id":"R3","data":{"access_token":""}}',
			'no_access_token',
			'',
			'R3',
		],
		[
			'a code as text',
			200,
			'{"code":"40002","message":"bad","request_id":"R4"}',
			'40002',
			'bad',
			'R4',
		],
		['HTML from a proxy', 502, '<html>Bad Gateway</html>', 'http_502', '', ''],
		['a redirect', 302, '', 'http_302', '', ''],
	])('refuses %s', (_name, status, body, code, message, requestId) => {
		try {
			parseBusinessTokenResponse(status, body, { step: 'refresh', secretFingerprint: 'fp' });
			expect.unreachable();
		} catch (error) {
			expect(error).toMatchObject({
				name: 'TikTokBusinessTokenError',
				step: 'refresh',
				tikTokCode: code,
				tikTokMessage: message,
				requestId,
				httpStatus: status,
				secretFingerprint: 'fp',
			});
			// Not `code`: n8n's NodeApiError would take it for an HTTP status.
			expect(error).not.toHaveProperty('code');
		}
	});
});

describe('parseAuthorizationCode', () => {
	it.each([
		['a bare code', 'bizcode.abc123', 'bizcode.abc123'],
		['a bare code with spaces around', '  bizcode.abc123\n', 'bizcode.abc123'],
		[
			'the redirect address with code',
			'https://example.com/cb/?code=abc%2A3%214964&scopes=user.info.basic%2Cvideo.list&state=1',
			'abc*3!4964',
		],
		[
			'the redirect address with auth_code',
			'https://example.com/cb/?auth_code=xyz&state=%7B%22a%22%3A1%7D',
			'xyz',
		],
		['a query string', 'code=q1&state=s', 'q1'],
		['a query string starting with ?', '?auth_code=q2', 'q2'],
		['an address with a fragment', 'https://example.com/cb/?code=f1#top', 'f1'],
		['an address without a code', 'https://example.com/cb/?error=access_denied', ''],
		['nothing', '', ''],
		['not text', 42, ''],
	])('%s', (_name, input, expected) => {
		expect(parseAuthorizationCode(input)).toBe(expected);
	});
});

describe('computeExpiresAt', () => {
	const now = 1_800_000_000_000;
	it.each([
		['expires_in in seconds (v1.3)', { expires_in: 86400 }, now + 86_400_000],
		['expires in seconds (older answers)', { expires: 86400 }, now + 86_400_000],
		['expires_in as text', { expires_in: '3600' }, now + 3_600_000],
		['an absolute Unix time', { expires: 1_800_086_400 }, 1_800_086_400_000],
		['expires_in wins over expires', { expires_in: 60, expires: 86400 }, now + 60_000],
		['nothing', {}, 0],
		['zero', { expires_in: 0 }, 0],
		['garbage', { expires_in: 'soon' }, 0],
	])('%s', (_name, data, expected) => {
		expect(computeExpiresAt(data, now)).toBe(expected);
	});
});

describe('signBusinessRequest', () => {
	const credentials = { appId: 'APP', accessToken: 'act.1', businessId: 'BIZ' };

	it('adds Access-Token and business_id first in the query of a GET, replacing any other', () => {
		const signed = signBusinessRequest(credentials, {
			method: 'GET',
			url: 'https://business-api.tiktok.com/open_api/v1.3/business/comment/list/',
			qs: { video_id: 'V', business_id: 'someone-else' },
			headers: { Accept: 'application/json' },
		});
		expect(signed.headers).toEqual({ Accept: 'application/json', 'Access-Token': 'act.1' });
		expect(signed.qs).toEqual({ business_id: 'BIZ', video_id: 'V' });
		expect(Object.keys(signed.qs!)[0]).toBe('business_id');
		expect(signed.body).toBeUndefined();
	});

	it('puts business_id in the JSON body of a POST', () => {
		const signed = signBusinessRequest(credentials, {
			method: 'POST',
			url: 'https://business-api.tiktok.com/open_api/v1.3/business/comment/hide/',
			body: { video_id: 'V', comment_id: 'C', action: 'HIDE' },
		});
		expect(signed.body).toEqual({
			business_id: 'BIZ',
			video_id: 'V',
			comment_id: 'C',
			action: 'HIDE',
		});
		expect(signed.qs).toBeUndefined();
	});

	it('fills the token info body (baseURL + url, as the credential test sends it)', () => {
		const signed = signBusinessRequest(credentials, {
			method: 'POST',
			baseURL: 'https://business-api.tiktok.com/open_api/v1.3/',
			url: 'tt_user/token_info/get/',
			body: {},
		});
		expect(signed.body).toEqual({ app_id: 'APP', access_token: 'act.1' });
		expect(signed.headers).toEqual({ 'Access-Token': 'act.1' });
	});

	it('adds only the header elsewhere and never a Bearer Authorization', () => {
		const signed = signBusinessRequest(credentials, {
			method: 'GET',
			url: 'https://example.com/business/x',
			qs: { a: 1 },
		});
		expect(signed.qs).toEqual({ a: 1 });
		expect(signed.headers).toEqual({ 'Access-Token': 'act.1' });
	});

	it('does not modify the options it was given', () => {
		const options = {
			method: 'GET' as const,
			url: 'https://business-api.tiktok.com/open_api/v1.3/business/comment/list/',
			qs: { video_id: 'V' },
		};
		signBusinessRequest(credentials, options);
		expect(options).toEqual({
			method: 'GET',
			url: 'https://business-api.tiktok.com/open_api/v1.3/business/comment/list/',
			qs: { video_id: 'V' },
		});
	});
});

describe('describeBusinessError', () => {
	it.each([
		[
			'40001',
			'TikTok says this app has no permission for that (40001)',
			'This operation needs the comment.list.manage scope.',
		],
		['40002', 'TikTok rejected a parameter (40002)', 'Check the value TikTok names.'],
		['40100', 'TikTok rate limit reached (40100)', 'about 40 calls a minute'],
		['40101', 'TikTok rejected the App ID or Secret (40101)', 'business-api.tiktok.com'],
		['40102', 'The TikTok Business access token expired (40102)', 'n8n refreshes it automatically'],
		['40104', 'TikTok received no access token (40104)', 'Paste a refresh token'],
		[
			'40105',
			'TikTok says the access token is incorrect or was revoked (40105)',
			'approve it again',
		],
		['40110', 'TikTok rejected the authorization code (40110)', 'works once and for 10 minutes'],
		[
			'40130',
			'TikTok says the connected account did not authorize this (40130)',
			'This operation needs the comment.list.manage scope.',
		],
		['50000', 'TikTok had an internal error (50000)', "on TikTok's side"],
		['51021', 'TikTok had an internal error (51021)', "on TikTok's side"],
	])('%s', (code, message, fix) => {
		const described = describeBusinessError({
			code,
			message: 'details',
			requestId: 'REQ1',
			requiredScope: 'comment.list.manage',
			operation: 'reply',
		});
		expect(described.message).toBe(message);
		expect(described.description).toContain(fix);
		expect(described.description).toContain('TikTok says: "details".');
		expect(described.description).toMatch(/TikTok request ID: REQ1$/);
	});

	it("keeps TikTok's words and names the scope for an unknown permission code", () => {
		expect(
			describeBusinessError({
				code: '40099',
				message: 'No permission for scope.',
				requestId: 'R',
				requiredScope: 'comment.list',
			}),
		).toEqual({
			message: 'TikTok returned an error: 40099',
			description:
				'This operation needs the comment.list scope. TikTok says: "No permission for scope.". If the message does not explain it, contact TikTok API for Business support with the request ID. TikTok request ID: R',
		});
	});

	it('names the scopes the token has when one is missing', () => {
		expect(
			describeBusinessError({
				code: '40001',
				requiredScope: 'comment.list.manage',
				grantedScopes: 'user.info.basic,comment.list',
			}).description,
		).toMatch(
			/^This operation needs the comment\.list\.manage scope\. The credential's token was granted only: user\.info\.basic, comment\.list\. /,
		);
		expect(
			describeBusinessError({
				code: '40001',
				requiredScope: 'comment.list',
				grantedScopes: 'comment.list',
			}).description,
		).toMatch(/^This operation needs the comment\.list scope\. The connected account/);
	});

	it('names a non-200 HTTP status for unknown codes', () => {
		expect(describeBusinessError({ code: 'http_404', httpStatus: 404 }).message).toBe(
			'TikTok returned an error: http_404 (HTTP 404)',
		);
	});

	it.each(['40001', '40002', '41234'])('maps a delete refusal (%s) to "use Hide"', (code) => {
		const described = describeBusinessError({
			code,
			message: 'nope',
			requestId: 'R',
			operation: 'delete',
		});
		expect(described.message).toBe(`TikTok refused to delete this comment (${code})`);
		expect(described.description).toMatch(
			/^TikTok only deletes comments the connected account wrote itself\. To take someone else's comment out of view, use Hide/,
		);
	});

	it.each([
		['pin', '40002', 'TikTok refused to pin this comment (40002)', 'must not be a reply'],
		['unpin', '41234', 'TikTok refused to unpin this comment (41234)', 'must not be a reply'],
		['like', '40002', 'TikTok refused to like this comment (40002)', 'on the chosen video'],
		['unlike', '40002', 'TikTok refused to unlike this comment (40002)', 'on the chosen video'],
		['create', '40003', 'TikTok refused to post this comment (40003)', 'up to 150 characters'],
	] as const)(
		'%s refused with %s: says what the comment must be',
		(operation, code, message, fix) => {
			const described = describeBusinessError({ code, message: 'nope', requestId: 'R', operation });
			expect(described.message).toBe(message);
			expect(described.description).toContain(fix);
			expect(described.description).toMatch(/TikTok says: "nope"\. TikTok request ID: R$/);
		},
	);

	it.each(['40001', '40130', '40100', '40105', '50000', 'http_404', 'unexpected_response'])(
		'does not blame the comment for a pin failing with %s',
		(code) => {
			expect(
				describeBusinessError({ code, operation: 'pin', requiredScope: 'comment.list.manage' })
					.message,
			).not.toContain('refused to pin');
		},
	);

	it.each(['40100', '40105', '40101', '50000'])(
		'does not blame the comment for a delete failing with %s',
		(code) => {
			expect(describeBusinessError({ code, operation: 'delete' }).message).not.toContain(
				'refused to delete',
			);
		},
	);

	it('has advice for every code the docs list', () => {
		expect(Object.keys(BUSINESS_ERROR_ADVICE).sort()).toEqual([
			'40001',
			'40002',
			'40100',
			'40101',
			'40102',
			'40104',
			'40105',
			'40110',
			'40130',
			'unexpected_response',
		]);
	});
});

describe('classifiers', () => {
	it.each([
		['40102', undefined, true],
		['40104', undefined, true],
		['40105', undefined, true],
		['40199', 'Access token is invalid.', true],
		['40199', 'Access_token has expired', true],
		['40002', 'video_id is invalid.', false],
		['40001', 'No permission.', false],
		['0', 'Access token is invalid.', false],
	])('isBusinessTokenRefusal(%s, %s) → %s', (code, message, expected) => {
		expect(isBusinessTokenRefusal(code, message)).toBe(expected);
	});

	it.each([
		['40100', 200, true],
		['http_429', 429, true],
		['40002', 200, false],
	])('isBusinessRateLimit(%s, %s) → %s', (code, status, expected) => {
		expect(isBusinessRateLimit(code, status)).toBe(expected);
	});

	it.each([
		['50000', 200, true],
		['51021', 200, true],
		['http_502', 502, true],
		['40100', 200, false],
		['5000', 200, false],
	])('isBusinessServerError(%s, %s) → %s', (code, status, expected) => {
		expect(isBusinessServerError(code, status)).toBe(expected);
	});
});

describe('#9.12 classifyBusinessTokenFailure', () => {
	it.each([
		[
			'a refused refresh token (40002, HTTP 200)',
			{ step: 'refresh', code: '40002', httpStatus: 200 },
			'grant_refused',
		],
		[
			'a refused code (40110)',
			{ step: 'authorization_code', code: '40110', httpStatus: 200 },
			'grant_refused',
		],
		[
			'HTTP 500 with a page',
			{ step: 'refresh', code: 'http_500', httpStatus: 500 },
			'tiktok_unavailable',
		],
		[
			'a 5xxxx code with HTTP 200',
			{ step: 'refresh', code: '50002', httpStatus: 200 },
			'tiktok_unavailable',
		],
		[
			'HTTP 200 that is not JSON',
			{ step: 'refresh', code: 'http_200', httpStatus: 200 },
			'tiktok_unavailable',
		],
		[
			'code 0 without an access token',
			{ step: 'refresh', code: 'no_access_token', httpStatus: 200 },
			'tiktok_unavailable',
		],
		[
			'HTTP 403 from a proxy',
			{ step: 'authorization_code', code: 'http_403', httpStatus: 403 },
			'tiktok_unavailable',
		],
		['a wrong App ID or Secret', { step: 'refresh', code: '40101', httpStatus: 200 }, 'other'],
		['a rate limit', { step: 'refresh', code: '40100', httpStatus: 200 }, 'other'],
		['HTTP 429', { step: 'refresh', code: 'http_429', httpStatus: 429 }, 'other'],
		['a setup problem', { step: 'setup', code: 'missing_refresh_token' }, 'other'],
	] as const)('%s', (_name, failure, kind) => {
		expect(classifyBusinessTokenFailure(failure)).toBe(kind);
	});

	it.each([
		[
			'a page with a token, HTTP 500',
			500,
			'<html>refresh_token=rft.biz.0123456789abcdef0123456789abcdef01234567</html>',
			"TikTok's token service had an error (HTTP 500)",
		],
		[
			'malformed JSON, HTTP 200',
			200,
			'{"code":0,"data":{"access_token":"act.biz.0123456789abcdef0123456789abcdef01234567"',
			"TikTok's token service sent an answer that is not a token (HTTP 200)",
		],
		[
			'a message quoting a token',
			200,
			'{"code":40002,"message":"refresh_token rft.biz.0123456789abcdef0123456789abcdef01234567 is invalid","request_id":"R5"}',
			'Reconnect the TikTok Business credential: its refresh token is no longer valid',
		],
	])('parseBusinessTokenResponse classifies and redacts %s', (_name, status, body, message) => {
		try {
			parseBusinessTokenResponse(status, body, { step: 'refresh' });
			expect.unreachable();
		} catch (error) {
			expect((error as Error).message.startsWith(`${message}. `)).toBe(true);
			expect(JSON.stringify(error) + (error as Error).message).not.toContain(
				'0123456789abcdef0123456789abcdef',
			);
		}
	});
});

describe('describeBusinessTokenFailure', () => {
	it.each([
		[
			{ step: 'setup', code: 'missing_app_credentials' },
			'The TikTok Business credential has no App ID or Secret',
		],
		[
			{ step: 'setup', code: 'missing_refresh_token' },
			'The TikTok Business credential has no refresh token',
		],
		[
			{ step: 'setup', code: 'missing_redirect_uri' },
			'The TikTok Business credential has an Authorization Code but no Redirect URI',
		],
		[
			{ step: 'refresh', code: '40002', message: 'invalid refresh token', requestId: 'R' },
			'Reconnect the TikTok Business credential: its refresh token is no longer valid',
		],
		[{ step: 'refresh', code: '40101' }, 'TikTok rejected the App ID or Secret (40101)'],
		[{ step: 'refresh', code: '40100' }, 'TikTok rate limit reached (40100)'],
		[
			{ step: 'refresh', code: 'http_503', httpStatus: 503 },
			"TikTok's token service had an error (HTTP 503)",
		],
		[
			{ step: 'authorization_code', code: '40110' },
			'TikTok refused the authorization code (40110)',
		],
		[
			{ step: 'token_info', code: 'no_business_id' },
			'TikTok did not say which account the token belongs to',
		],
	] as const)('%j', (failure, message) => {
		expect(describeBusinessTokenFailure(failure).message).toBe(message);
	});

	it("keeps TikTok's words and the request ID in the reconnect advice", () => {
		expect(
			describeBusinessTokenFailure({
				step: 'refresh',
				code: '40002',
				message: 'refresh_token is invalid.',
				requestId: 'R9',
			}).description,
		).toBe(
			'TikTok refused the refresh (40002). TikTok says: "refresh_token is invalid.". The refresh token expired (after about a year), the account holder revoked the app, or it was already used: TikTok may replace it on every refresh, and pasting an old one again overwrites the new one. To fix it, authorize the app again and paste the new authorization code (or a fresh refresh token) into the TikTok Business OAuth2 API credential. TikTok request ID: R9',
		);
	});
});
